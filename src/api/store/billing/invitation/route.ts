import type { ICustomerModuleService } from "@medusajs/framework/types"
import { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { PORTAL_MODULE } from "../../../../modules/portal"
import type PortalModuleService from "../../../../modules/portal/service"
import { INVITATION_NOT_FOUND, sameEmail } from "../../../../workflows/portal/portal-status"
import { requireInvitationTokenHash } from "./token"

/**
 * GET /store/billing/invitation (the token in `X-Invitation-Token`) →
 * `{ invitation: { email, first_name, expires_at } }`. Unknown, expired,
 * used and revoked tokens, and none, all get the same 404.
 */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  // one URL for every invitation now (the token is in a header): never kept by a cache
  res.setHeader("Cache-Control", "no-store")
  res.setHeader("Vary", "X-Invitation-Token")
  const tokenHash = requireInvitationTokenHash(req)
  const notFound = new MedusaError(MedusaError.Types.NOT_FOUND, INVITATION_NOT_FOUND)
  const invitation = await req.scope.resolve<PortalModuleService>(PORTAL_MODULE).findUsableInvitation(tokenHash, new Date())
  if (!invitation) throw notFound
  const [customer] = await req.scope
    .resolve<ICustomerModuleService>(Modules.CUSTOMER)
    .listCustomers({ id: invitation.customer_id }, { select: ["id", "email", "first_name"], take: 1 })
  // an invitation is for the address it was sent to, in whatever case the customer's email is spelt now
  if (!customer || !sameEmail(customer.email, invitation.email)) throw notFound
  res.json({
    invitation: { email: customer.email, first_name: customer.first_name ?? null, expires_at: invitation.expires_at },
  })
}
