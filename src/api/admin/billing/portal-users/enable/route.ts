import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { turnPortalAccessOnWorkflow } from "../../../../../workflows/portal/workflows/portal-access"
import { AdminPortalUsersBulkType } from "../validators"

/**
 * POST /admin/billing/portal-users/enable `{ customer_ids }` → `{ enabled, skipped }`:
 * turns their portal access on again (skipped: `access_on`, access was not off).
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminPortalUsersBulkType>, res: MedusaResponse) => {
  const { result } = await turnPortalAccessOnWorkflow(req.scope).run({ input: { customer_ids: req.validatedBody.customer_ids } })
  res.json({ enabled: result.done, skipped: result.skipped })
}
