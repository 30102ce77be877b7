import type { MedusaRequest } from "@medusajs/framework/http"
import { hashSecretToken } from "../../../../modules/portal/tokens"
import { getBillingOptions } from "../../../../utils/options"
import { clientIp, limiterFor, rateLimitMiddleware } from "../../../utils/rate-limit"
import { rawPayLinkToken } from "./token"

/**
 * DESIGN sec. 11: every pay-link request is limited per token and per
 * client IP (plugin option `rateLimits.payLinks`), counted before anything
 * else runs, like the invitation routes. The token is keyed by its hash, so
 * the limiter's memory holds no usable token.
 */
export function payLinkRateLimit() {
  return (req: MedusaRequest, res: any, next: any) => {
    const options = getBillingOptions(req.scope)
    const limits = options.rateLimits.payLinks
    return rateLimitMiddleware(() => [
      {
        what: "requests with this payment link",
        limiter: limiterFor("pay-links:token", limits.perToken),
        key: (r: MedusaRequest) => {
          const token = rawPayLinkToken(r)
          return token ? hashSecretToken(token) : null
        },
      },
      {
        what: "payment link requests from this address",
        limiter: limiterFor("pay-links:ip", limits.perIp),
        key: (r: MedusaRequest) => clientIp(r, options.trustProxy),
      },
    ])(req, res, next)
  }
}
