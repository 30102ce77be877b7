import type { MedusaRequest } from "@medusajs/framework/http"
import { hashInvitationToken } from "../../../../modules/portal/service"
import { getBillingOptions } from "../../../../utils/options"
import { clientIp, limiterFor, rateLimitMiddleware } from "../../../utils/rate-limit"

/**
 * DESIGN sec. 11: invitation lookups and acceptances are limited per token
 * and per client IP (plugin option `rateLimits.invitations`), counted before
 * anything else runs. The token is keyed by its hash, so the limiter's memory
 * holds no usable token either.
 */
export function invitationRateLimit() {
  return (req: MedusaRequest, res: any, next: any) => {
    const options = getBillingOptions(req.scope)
    const limits = options.rateLimits.invitations
    return rateLimitMiddleware(() => [
      {
        what: "attempts with this invitation",
        limiter: limiterFor("invitations:token", limits.perToken),
        key: (r: MedusaRequest) => (r.params?.token ? hashInvitationToken(String(r.params.token)) : null),
      },
      {
        what: "invitation attempts from this address",
        limiter: limiterFor("invitations:ip", limits.perIp),
        key: (r: MedusaRequest) => clientIp(r, options.trustProxy),
      },
    ])(req, res, next)
  }
}
