import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { INVOICING_MODULE } from "../../../../../modules/invoicing"
import type InvoicingModuleService from "../../../../../modules/invoicing/service"
import { PORTAL_MODULE } from "../../../../../modules/portal"
import type PortalModuleService from "../../../../../modules/portal/service"
import { updateDraftInvoiceWorkflow } from "../../../../../workflows/invoices/workflows/update-draft-invoice"
import { sanitizeMethodDetails } from "../../../../../domain/payment-method-label"
import { majorNumber, minorFromField } from "../../../../../utils/money"
import { serializeInvoice, serializeLedgerEntry } from "../../../../utils/serializers"
import { AdminUpdateInvoiceType } from "../../validators"
import { loadInvoiceCustomers } from "../helpers"
import { businessTimeZone } from "../../../../../utils/options"

/**
 * GET /admin/billing/invoices/:id: the invoice with its lines; its
 * allocations, each with the payment it belongs to (`payment: { id, method,
 * source, status, transaction_id, method_details, amount, completed_at,
 * created_at }`); `ledger_entries` (the invoice's own entries, its
 * allocations' and those of the payments applied to it — a payment's entry
 * is its whole amount, also what it paid on other invoices — in the order
 * they were recorded, as their running balance); `customer` (name and email, or null); and
 * `pay_link` (the newest link that pays it and is not replaced: `{ id,
 * expires_at, expired, created_at }`, never its token — the URL exists only
 * in the email that carried it; "send" makes a new one).
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const now = new Date()
  const invoicing = req.scope.resolve<InvoicingModuleService>(INVOICING_MODULE)
  const invoice = await invoicing.retrieveInvoice(req.params.id, { relations: ["lines", "allocations"] })
  const allocations: any[] = Array.isArray(invoice.allocations) ? invoice.allocations : []
  const paymentIds = [...new Set(allocations.map((a) => a.customer_payment_id).filter(Boolean))]
  const allocationIds = allocations.map((a) => a.id)

  const [payments, ledger, customers, link] = await Promise.all([
    paymentIds.length ? invoicing.listCustomerPayments({ id: paymentIds }, { take: paymentIds.length }) : [],
    invoicing.listLedgerEntries(
      {
        $or: [
          { reference_type: "invoice", reference_id: invoice.id },
          ...(allocationIds.length ? [{ reference_type: "payment_allocation", reference_id: allocationIds }] : []),
          ...(paymentIds.length ? [{ reference_type: "customer_payment", reference_id: paymentIds }] : []),
        ],
      } as any,
      { order: { created_at: "ASC", id: "ASC" }, take: 500 }
    ),
    loadInvoiceCustomers(req.scope, [invoice.customer_id]),
    req.scope.resolve<PortalModuleService>(PORTAL_MODULE).findOpenPayLinkForInvoice(invoice.customer_id, invoice.id),
  ])

  const byPayment = new Map((payments as any[]).map((p) => [p.id as string, p] as const))
  const serialized = serializeInvoice(invoice, now, businessTimeZone(req.scope), { admin: true }) as Record<string, any>
  serialized.allocations = (serialized.allocations ?? []).map((a: any) => {
    const p: any = byPayment.get(a.customer_payment_id)
    return {
      ...a,
      payment: p
        ? {
            id: p.id,
            method: p.method,
            source: p.source,
            status: p.status,
            transaction_id: p.transaction_id ?? null,
            method_details: sanitizeMethodDetails(p.method_details),
            amount: majorNumber(minorFromField(p, "amount", p.currency_code), p.currency_code),
            completed_at: p.completed_at ?? null,
            created_at: p.created_at,
          }
        : null,
    }
  })
  res.json({
    invoice: {
      ...serialized,
      customer: customers.get(invoice.customer_id) ?? null,
      ledger_entries: ledger.map(serializeLedgerEntry),
      pay_link: link
        ? {
            id: link.id,
            expires_at: link.expires_at,
            expired: new Date(link.expires_at).getTime() <= now.getTime(),
            created_at: link.created_at,
          }
        : null,
    },
  })
}

export const POST = async (req: AuthenticatedMedusaRequest<AdminUpdateInvoiceType>, res: MedusaResponse) => {
  const { result } = await updateDraftInvoiceWorkflow(req.scope).run({
    input: { id: req.params.id, update: req.validatedBody },
  })
  res.json({ invoice: serializeInvoice(result, new Date(), businessTimeZone(req.scope), { admin: true }) })
}
