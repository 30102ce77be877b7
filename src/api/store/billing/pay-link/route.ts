import { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { INVOICING_MODULE } from "../../../../modules/invoicing"
import type InvoicingModuleService from "../../../../modules/invoicing/service"
import { loadUsablePayLink } from "../../../../workflows/pay-links/load-pay-link"
import { serializePayLink } from "../../../utils/serializers"
import { noStore, requirePayLinkTokenHash } from "./token"
import { businessTimeZone } from "../../../../utils/options"

/**
 * GET /store/billing/pay-link (token in X-Pay-Link-Token) →
 * `{ pay_link: { business, currency_code, invoices, amount_due, expires_at, payment_methods_offered, … } }`
 * (each invoice with its `lines`, in the invoice's order),
 * or 404 "This payment link is no longer valid" for an unknown, revoked,
 * expired or paid link alike. A read: it changes nothing, not even
 * `last_used_at` (mail scanners open links).
 */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const now = new Date()
  const loaded = await loadUsablePayLink(req.scope, requirePayLinkTokenHash(req), now)
  // the lines of the link's own invoices only (loaded by the link's customer already)
  const ids = loaded.invoices.map((invoice) => invoice.id)
  const rows = ids.length
    ? await req.scope.resolve<InvoicingModuleService>(INVOICING_MODULE).listInvoiceLines({ invoice_id: ids } as any, { take: null } as any)
    : []
  const lines = new Map<string, Array<Record<string, any>>>()
  for (const row of rows as Array<Record<string, any>>) {
    const of = lines.get(row.invoice_id) ?? []
    of.push(row)
    lines.set(row.invoice_id, of)
  }
  noStore(res)
  res.json({ pay_link: serializePayLink(loaded, now, businessTimeZone(req.scope), lines) })
}
