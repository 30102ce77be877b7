import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { formatDisplayId } from "../../../../../domain/invoice-status"
import { INVOICING_MODULE } from "../../../../../modules/invoicing"
import type InvoicingModuleService from "../../../../../modules/invoicing/service"
import { majorNumber, minorFromField } from "../../../../../utils/money"
import { adminAttention, serializePayment, serializeRefund } from "../../../../utils/serializers"
import { loadCustomerSummaries } from "../customers"
import { buildPaymentTimeline, loadAllocationInvoices, refundableNow } from "../loaders"

/**
 * One payment for the admin: its allocations (with each invoice's number and
 * what is still due on it), customer, provider and provider reference, what
 * can still be refunded, its refunds and a timeline built from the payment's
 * timestamps, its ledger entries and its refunds. 404 for an unknown id.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const invoicing = req.scope.resolve<InvoicingModuleService>(INVOICING_MODULE)
  const payment: any = await invoicing.retrieveCustomerPayment(req.params.id, { relations: ["allocations"] })
  const c = payment.currency_code
  const [refunds, paymentEntries, customers, invoices] = await Promise.all([
    invoicing.listCustomerPaymentRefunds({ customer_payment_id: payment.id } as any, { order: { created_at: "ASC" } }),
    invoicing.listLedgerEntries({ reference_type: "customer_payment", reference_id: payment.id } as any, {
      order: { sequence: "ASC" },
    }),
    loadCustomerSummaries(req.scope, [payment.customer_id]),
    loadAllocationInvoices(
      invoicing,
      (payment.allocations ?? []).map((a: any) => a.invoice_id)
    ),
  ])
  const refundEntries = refunds.length
    ? await invoicing.listLedgerEntries(
        { type: "refund", reference_type: "customer_payment_refund", reference_id: refunds.map((r: any) => r.id) } as any,
        { order: { sequence: "ASC" } }
      )
    : []
  const serialized = serializePayment(payment)
  res.json({
    payment: {
      ...serialized,
      customer_id: payment.customer_id,
      customer: customers.get(payment.customer_id) ?? null,
      provider_id: payment.provider_id ?? null,
      provider_reference: payment.provider_reference ?? null,
      ...adminAttention(payment),
      refundable_amount: majorNumber(
        refundableNow(
          payment,
          refunds.filter((r: any) => r.status === "pending")
        ),
        c
      ),
      allocations: (serialized.allocations ?? []).map((a) => {
        const invoice = invoices.get(a.invoice_id)
        return {
          ...a,
          invoice_display_id: invoice ? Number(invoice.display_id) : null,
          invoice_number: invoice ? formatDisplayId(invoice.display_id) : null,
          invoice_status: invoice?.status ?? null,
          invoice_amount_due: invoice ? majorNumber(minorFromField(invoice, "amount_due", c), c) : null,
        }
      }),
      refunds: refunds.map(serializeRefund),
      timeline: buildPaymentTimeline(payment, [...paymentEntries, ...refundEntries], refunds),
    },
  })
}
