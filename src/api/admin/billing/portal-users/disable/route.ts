import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { turnPortalAccessOffWorkflow } from "../../../../../workflows/portal/workflows/portal-access"
import { AdminPortalUsersBulkType } from "../validators"

/**
 * POST /admin/billing/portal-users/disable `{ customer_ids }` → `{ disabled, skipped }`:
 * turns their portal access off (skipped: `not_found`, `access_off`).
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminPortalUsersBulkType>, res: MedusaResponse) => {
  const { result } = await turnPortalAccessOffWorkflow(req.scope).run({
    input: { customer_ids: req.validatedBody.customer_ids, admin_id: req.auth_context.actor_id },
  })
  res.json({ disabled: result.done, skipped: result.skipped })
}
