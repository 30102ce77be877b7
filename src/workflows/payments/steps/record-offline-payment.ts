import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { offlinePaymentRequestHash } from "../../../domain/idempotency"
import { MoneyError, toMinor } from "../../../domain/money"
import type { OfflineMethod } from "../../../domain/payment-method-label"
import { INVOICING_MODULE } from "../../../modules/invoicing"
import type InvoicingModuleService from "../../../modules/invoicing/service"

export type RecordOfflinePaymentStepInput = {
  invoice_id: string
  /** major units, exact decimal as the admin typed it */
  amount: string
  method: "manual"
  /** how it came in: a check, cash, a bank transfer (the receipt's "Check #1042") */
  offline_method?: OfflineMethod | null
  reference?: string | null
  note?: string | null
  received_at?: Date | string | null
  /** the request's Idempotency-Key, if it sent one: the same key and request record one payment */
  idempotency_key?: string | null
}

export type RecordOfflinePaymentStepOutput = {
  payment_id: string
  /** false when an earlier request with the same key had recorded it */
  created: boolean
}

export const recordOfflinePaymentStepId = "record-offline-payment"

/**
 * A payment received outside the portal (check, cash, transfer) against one
 * invoice, with the portal's rules: the invoice is locked, the amount is
 * positive, exact in the invoice's currency and at most what is payable.
 * Undone by a reversal (the ledger is append-only).
 */
export const recordOfflinePaymentStep = createStep(
  recordOfflinePaymentStepId,
  async (input: RecordOfflinePaymentStepInput, { container }) => {
    const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
    const invoice = await invoicing.retrieveInvoice(input.invoice_id, { select: ["id", "customer_id", "currency_code"] })
    let amount: bigint
    try {
      amount = toMinor(input.amount, invoice.currency_code, "amount")
    } catch (e) {
      if (e instanceof MoneyError) throw new MedusaError(MedusaError.Types.INVALID_DATA, e.message)
      throw e
    }
    if (amount <= 0n) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "amount must be greater than 0")
    }
    const payment = await invoicing.recordSucceededPayment({
      customer_id: invoice.customer_id,
      currency_code: invoice.currency_code,
      amount,
      allocations: [{ invoice_id: invoice.id, amount }],
      method: input.method,
      source: "admin",
      mode: "selected_invoices",
      transaction_id: input.reference ?? null,
      method_details: input.offline_method ? { offline_method: input.offline_method } : null,
      note: input.note ?? null,
      // never after now (an admin's local "today", east of UTC), so today's statement includes it
      occurred_at: earlierOf(input.received_at ? new Date(input.received_at) : null, new Date()),
      idempotency_key: input.idempotency_key ?? null,
      request_hash: offlinePaymentRequestHash({ ...input, invoice_id: invoice.id, amount }),
    })
    // Only a payment this run recorded is undone by its compensation (an empty id: nothing to undo).
    return new StepResponse<RecordOfflinePaymentStepOutput, string>(
      { payment_id: payment.id, created: payment.created },
      payment.created ? payment.id : ""
    )
  },
  async (paymentId: string | undefined, { container }) => {
    if (!paymentId) return
    await container
      .resolve<InvoicingModuleService>(INVOICING_MODULE)
      .reversePayment(paymentId, { reason: "recording undone", occurred_at: new Date() })
  }
)

const earlierOf = (date: Date | null, now: Date) => (date && date.getTime() < now.getTime() ? date : now)
