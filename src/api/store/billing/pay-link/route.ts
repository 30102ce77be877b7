import { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { loadUsablePayLink } from "../../../../workflows/pay-links/load-pay-link"
import { serializePayLink } from "../../../utils/serializers"
import { noStore, requirePayLinkTokenHash } from "./token"

/**
 * GET /store/billing/pay-link (token in X-Pay-Link-Token) →
 * `{ pay_link: { business, currency_code, invoices, amount_due, expires_at, payment_methods_offered, … } }`,
 * or 404 "This payment link is no longer valid" for an unknown, revoked,
 * expired or paid link alike. A read: it changes nothing, not even
 * `last_used_at` (mail scanners open links).
 */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const now = new Date()
  const loaded = await loadUsablePayLink(req.scope, requirePayLinkTokenHash(req), now)
  noStore(res)
  res.json({ pay_link: serializePayLink(loaded, now) })
}
