import { MiddlewareRoute, validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
import { PORTAL_MODULE } from "../../../../modules/portal"
import type PortalModuleService from "../../../../modules/portal/service"
import { paymentCreationRateLimitFor } from "../payments/rate-limit"
import { StoreCompletePayment } from "../validators"
import { payLinkRateLimit } from "./rate-limit"
import { payLinkTokenHash } from "./token"
import { StoreGetPayLink, StorePayLinkPaymentBody, StoreResendPayLink } from "./validators"

/**
 * A pay-link payment counts against its customer's payment allowance, as one
 * made in the portal does (the link's customer, found by the token's hash).
 * Only a live link counts: an unknown, revoked or expired one (the route
 * answers 404) counts per address only, so whoever holds an old link cannot
 * use up the customer's own allowance; nor does a lookup that failed.
 */
const payLinkPaymentRateLimit = paymentCreationRateLimitFor(async (req) => {
  const hash = payLinkTokenHash(req)
  if (!hash) return null
  const link = await req.scope
    .resolve<PortalModuleService>(PORTAL_MODULE)
    .findPayLinkByTokenHash(hash)
    .catch(() => null)
  if (!link || link.revoked_at || new Date(link.expires_at).getTime() <= Date.now()) return null
  return link.customer_id
})

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
    methods: ["GET"],
    matcher: "/store/billing/pay-link/invoices/:id/pdf",
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
    // the payment attempts per customer and per address count here too
    middlewares: [payLinkPaymentRateLimit, validateAndTransformBody(StorePayLinkPaymentBody)],
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
