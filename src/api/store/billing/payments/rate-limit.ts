import type { AuthenticatedMedusaRequest, MedusaRequest } from "@medusajs/framework/http"
import { getBillingOptions, RateLimitOption } from "../../../../utils/options"
import { clientIp, createRateLimiter, RateLimiter, rateLimitMiddleware } from "../../../utils/rate-limit"

// One limiter per configured limit, kept for the life of the process; a
// changed configuration (tests) starts with fresh counts.
const limiters = new Map<string, RateLimiter>()
function limiterFor(scope: string, limit: RateLimitOption): RateLimiter {
  const id = `${scope}:${limit.windowMs}:${limit.max}`
  let limiter = limiters.get(id)
  if (!limiter) {
    limiter = createRateLimiter(limit)
    limiters.set(id, limiter)
  }
  return limiter
}

/**
 * DESIGN sec. 11: payment creation is limited per customer and per client IP
 * (plugin option `rateLimits.payments`), before the body is validated, so a
 * card-testing script is slowed down whatever it sends. Runs after
 * authentication: the customer is `auth_context.actor_id`.
 */
export const paymentCreationRateLimit = rateLimitMiddleware((req: MedusaRequest) => {
  const limits = getBillingOptions(req.scope).rateLimits.payments
  return [
    {
      what: "payment attempts for this account",
      limiter: limiterFor("payments:customer", limits.perCustomer),
      key: (r) => (r as AuthenticatedMedusaRequest).auth_context?.actor_id ?? null,
    },
    {
      what: "payment attempts from this address",
      limiter: limiterFor("payments:ip", limits.perIp),
      key: clientIp,
    },
  ]
})
