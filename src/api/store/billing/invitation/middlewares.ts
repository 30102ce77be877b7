import { MiddlewareRoute, validateAndTransformBody } from "@medusajs/framework/http"
import { requirePortalLogins } from "../../../utils/portal-gates"
import { invitationRateLimit } from "./rate-limit"
import { StoreAcceptInvitation } from "./validators"

/**
 * Activation routes: no customer authentication (the invitation's token, in
 * the X-Invitation-Token header, is the credential); the publishable key is
 * still required, as on every /store route. Rate limit first, then the
 * logins gate, then the body.
 */
export const storeInvitationMiddlewares: MiddlewareRoute[] = [
  {
    methods: ["GET"],
    matcher: "/store/billing/invitation",
    middlewares: [invitationRateLimit(), requirePortalLogins()],
  },
  {
    methods: ["POST"],
    matcher: "/store/billing/invitation/accept",
    middlewares: [invitationRateLimit(), requirePortalLogins(), validateAndTransformBody(StoreAcceptInvitation)],
  },
]
