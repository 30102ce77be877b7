import type { AuthenticatedMedusaRequest, MedusaRequest } from "@medusajs/framework/http"
import { getBillingOptions } from "../../../../utils/options"
import { clientIp, limiterFor, rateLimitMiddleware } from "../../../utils/rate-limit"

/**
 * DESIGN sec. 11: payment creation is limited per customer and per client IP
 * (plugin option `rateLimits.payments`), before the body is validated, so a
 * card-testing script is slowed down whatever it sends. `customerOf` names
 * the customer a request pays for: the signed-in one in the portal (runs
 * after authentication), the link's customer on a pay link — one allowance
 * per customer, whichever way they pay.
 */
export const paymentCreationRateLimitFor = (customerOf: (req: MedusaRequest) => string | null | Promise<string | null>) =>
  rateLimitMiddleware((req: MedusaRequest) => {
    const options = getBillingOptions(req.scope)
    const limits = options.rateLimits.payments
    return [
      {
        what: "payment attempts for this account",
        limiter: limiterFor(req.scope, "payments:customer", limits.perCustomer),
        key: customerOf,
      },
      {
        what: "payment attempts from this address",
        limiter: limiterFor(req.scope, "payments:ip", limits.perIp),
        key: (r) => clientIp(r, options.trustProxy),
      },
    ]
  })

/** The portal's payment creation: the signed-in customer (`auth_context.actor_id`). */
export const paymentCreationRateLimit = paymentCreationRateLimitFor(
  (r) => (r as AuthenticatedMedusaRequest).auth_context?.actor_id ?? null
)
