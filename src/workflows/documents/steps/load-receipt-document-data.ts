import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { ReceiptDocument } from "../../../documents/types"
import { INVOICING_MODULE } from "../../../modules/invoicing"
import type InvoicingModuleService from "../../../modules/invoicing/service"
import { LIVE_ALLOCATION_STATUSES, receiptPaymentPart } from "../document-data"

export type LoadReceiptDocumentDataStepInput = {
  payment_id: string
  /** when given, the payment must be this customer's (else 404, like one that does not exist) */
  customer_id?: string | null
}

export type ReceiptDocumentData = { customer_id: string; payment: ReceiptDocument["payment"] }

/**
 * Payments that took (or are taking) money have a receipt: succeeded, an
 * ACH debit still settling (`processing`, "pending until the bank settles")
 * and one reversed after it went through. A payment that never went through
 * has none.
 */
export const RECEIPT_STATUSES = ["succeeded", "processing", "reversed"] as const

const NO_RECEIPT_REASON: Readonly<Record<string, string>> = {
  pending: "it has not gone through yet",
  failed: "it did not go through (failed)",
  canceled: "it did not go through (canceled)",
}

export const loadReceiptDocumentDataStepId = "load-receipt-document-data"

/**
 * The payment (scoped to the customer in the query), what it paid — one
 * query for its allocations, one for their invoices' numbers — and the
 * credit it left.
 */
export const loadReceiptDocumentDataStep = createStep(
  loadReceiptDocumentDataStepId,
  async (input: LoadReceiptDocumentDataStepInput, { container }) => {
    const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
    const filters: Record<string, unknown> = { id: input.payment_id }
    if (input.customer_id) filters.customer_id = input.customer_id
    const [payment] = await invoicing.listCustomerPayments(filters, { take: 1 })
    if (!payment) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Payment with id: ${input.payment_id} was not found`)
    }
    if (!(RECEIPT_STATUSES as readonly string[]).includes(payment.status)) {
      throw new MedusaError(
        MedusaError.Types.NOT_FOUND,
        `Payment ${input.payment_id} has no receipt: ${NO_RECEIPT_REASON[payment.status] ?? `it is ${payment.status}`}`
      )
    }
    // A reversed payment's allocations are all reversed: they show what it had paid.
    const statuses = payment.status === "reversed" ? ["reversed"] : [...LIVE_ALLOCATION_STATUSES]
    const allocations = await invoicing.listPaymentAllocations({ customer_payment_id: payment.id, status: statuses } as any)
    const invoiceIds = [...new Set(allocations.map((a: any) => a.invoice_id))]
    const invoices = invoiceIds.length
      ? await invoicing.listInvoices({ id: invoiceIds, customer_id: payment.customer_id }, { select: ["id", "display_id"] })
      : []
    const displayIds = new Map(invoices.map((i) => [i.id, Number(i.display_id)]))
    return new StepResponse<ReceiptDocumentData>({
      customer_id: payment.customer_id,
      payment: receiptPaymentPart(payment, allocations, displayIds),
    })
  }
)
