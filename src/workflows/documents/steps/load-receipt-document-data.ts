import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { ReceiptDocument } from "../../../documents/types"
import { INVOICING_MODULE } from "../../../modules/invoicing"
import type InvoicingModuleService from "../../../modules/invoicing/service"
import type { PaymentWithAllocationsRow } from "../../../modules/invoicing/repositories/payments"
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
 * The payment (one query, with its allocations and their invoices' numbers;
 * another customer's is a 404 like one that does not exist) and what it
 * paid and left as credit.
 */
export const loadReceiptDocumentDataStep = createStep(
  loadReceiptDocumentDataStepId,
  async (input: LoadReceiptDocumentDataStepInput, { container }) => {
    const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
    const notFound = () =>
      new MedusaError(MedusaError.Types.NOT_FOUND, `Payment with id: ${input.payment_id} was not found`)
    const payment = await invoicing.retrievePaymentWithAllocations(input.payment_id).catch((e) => {
      throw e?.type === MedusaError.Types.NOT_FOUND ? notFound() : e
    })
    if (input.customer_id && payment.customer_id !== input.customer_id) throw notFound()
    return new StepResponse<ReceiptDocumentData>({ customer_id: payment.customer_id, payment: receiptPaymentOf(payment) })
  }
)

/**
 * A receipt's payment part from the payment as `retrievePaymentWithAllocations`
 * reads it (allocations with their invoice's `display_id`); a payment that
 * never went through has no receipt (404). A reversed payment's allocations
 * are all reversed: they show what it had paid.
 */
export function receiptPaymentOf(payment: PaymentWithAllocationsRow): ReceiptDocument["payment"] {
  if (!(RECEIPT_STATUSES as readonly string[]).includes(payment.status)) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `Payment ${payment.id} has no receipt: ${NO_RECEIPT_REASON[payment.status] ?? `it is ${payment.status}`}`
    )
  }
  const statuses: readonly string[] = payment.status === "reversed" ? ["reversed"] : LIVE_ALLOCATION_STATUSES
  const allocations = payment.allocations.filter((a) => statuses.includes(a.status))
  const displayIds = new Map(allocations.filter((a) => a.display_id != null).map((a) => [a.invoice_id, Number(a.display_id)]))
  return receiptPaymentPart(payment, allocations, displayIds)
}
