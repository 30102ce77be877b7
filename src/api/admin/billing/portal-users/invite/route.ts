import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { invitePortalUsersWorkflow } from "../../../../../workflows/portal/workflows/invite-portal-users"
import { AdminInvitePortalUsersType } from "../validators"

/** POST /admin/billing/portal-users/invite `{ customer_ids }` → `{ invited, skipped, failed }`:
 * each customer is invited on their own; `failed` holds those whose invitation could not be made or
 * emailed, with a message for the admin (the others' invitations stand). */
export const POST = async (req: AuthenticatedMedusaRequest<AdminInvitePortalUsersType>, res: MedusaResponse) => {
  const { result } = await invitePortalUsersWorkflow(req.scope).run({
    input: { customer_ids: req.validatedBody.customer_ids, action: "invite", invited_by: req.auth_context.actor_id },
  })
  res.json(result)
}
