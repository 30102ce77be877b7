import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { sendPortalPasswordResetsWorkflow } from "../../../../../workflows/portal/workflows/send-portal-password-resets"
import { AdminResetPortalPasswordsType } from "../validators"

/**
 * POST /admin/billing/portal-users/reset-password `{ customer_ids }` → `{ sent, skipped }`:
 * Medusa's reset flow for each customer with a portal login; the email goes out
 * through the billing-password-reset subscriber.
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminResetPortalPasswordsType>, res: MedusaResponse) => {
  const { result } = await sendPortalPasswordResetsWorkflow(req.scope).run({
    input: { customer_ids: req.validatedBody.customer_ids },
  })
  res.json(result)
}
