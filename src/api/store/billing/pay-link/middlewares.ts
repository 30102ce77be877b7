import { MiddlewareRoute, validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
import { paymentCreationRateLimit } from "../payments/rate-limit"
import { StoreCompletePayment } from "../validators"
import { payLinkRateLimit } from "./rate-limit"
import { StoreGetPayLink, StorePayLinkPaymentBody, StoreResendPayLink } from "./validators"

/**
 * Pay-link routes (DESIGN sec. 15): no customer authentication (the link's
 * token, in the X-Pay-Link-Token header, is the credential); the publishable
 * key is still required, as on every /store route. Rate limits first, then
 * the body. Links turned off answer like unknown ones (404), in the routes.
 */
export const storePayLinkMiddlewares: MiddlewareRoute[] = [
  { matcher: "/store/billing/pay-link*", middlewares: [payLinkRateLimit()] },
  {
    methods: ["GET"],
    matcher: "/store/billing/pay-link",
    middlewares: [validateAndTransformQuery(StoreGetPayLink, { defaults: ["id"], isList: false })],
  },
  {
    methods: ["POST"],
    matcher: "/store/billing/pay-link/preview",
    middlewares: [validateAndTransformBody(StorePayLinkPaymentBody)],
  },
  {
    methods: ["POST"],
    matcher: "/store/billing/pay-link/pay",
    // the payment attempts per address count here too (no customer to count per)
    middlewares: [paymentCreationRateLimit, validateAndTransformBody(StorePayLinkPaymentBody)],
  },
  {
    methods: ["POST"],
    matcher: "/store/billing/pay-link/payments/:id/complete",
    middlewares: [validateAndTransformBody(StoreCompletePayment)],
  },
  {
    methods: ["POST"],
    matcher: "/store/billing/pay-link/resend",
    middlewares: [validateAndTransformBody(StoreResendPayLink)],
  },
]
