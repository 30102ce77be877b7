import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { invitePortalUsersWorkflow } from "../../../../../workflows/portal/workflows/invite-portal-users"
import { AdminResendPortalInvitationsType } from "../validators"

/**
 * POST /admin/billing/portal-users/resend `{ customer_ids }` → `{ invited, skipped, failed }`:
 * a new link (new token) for customers invited before and not yet active; the old link stops working.
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminResendPortalInvitationsType>, res: MedusaResponse) => {
  const { result } = await invitePortalUsersWorkflow(req.scope).run({
    input: { customer_ids: req.validatedBody.customer_ids, action: "resend", invited_by: req.auth_context.actor_id },
  })
  res.json(result)
}
