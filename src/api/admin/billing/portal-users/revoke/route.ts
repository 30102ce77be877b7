import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { revokePortalInvitationsWorkflow } from "../../../../../workflows/portal/workflows/revoke-portal-invitations"
import { AdminRevokePortalInvitationsType } from "../validators"

/** POST /admin/billing/portal-users/revoke `{ customer_ids }` → `{ revoked, skipped }`. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminRevokePortalInvitationsType>, res: MedusaResponse) => {
  const { result } = await revokePortalInvitationsWorkflow(req.scope).run({
    input: { customer_ids: req.validatedBody.customer_ids },
  })
  res.json(result)
}
