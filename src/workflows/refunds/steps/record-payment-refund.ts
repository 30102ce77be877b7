import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { INVOICING_MODULE } from "../../../modules/invoicing"
import type InvoicingModuleService from "../../../modules/invoicing/service"
import { minorFromField } from "../../../utils/money"

export type RecordPaymentRefundStepInput = {
  refund_id: string
  provider_refund_id: string | null
}

export type RecordPaymentRefundStepOutput = {
  payment_id: string
  refund_id: string
  /** false when an earlier run with the same key had recorded it already */
  recorded: boolean
}

export const recordPaymentRefundStepId = "record-payment-refund"

/**
 * Records the refund in the billing ledger (credit first, then the most
 * recently due invoices are owed again; one `refund` entry referencing the
 * refund row) and marks the row `succeeded`, in one transaction under the
 * payment's row lock, so a retried run records it at most once.
 */
export const recordPaymentRefundStep = createStep(
  recordPaymentRefundStepId,
  async (input: RecordPaymentRefundStepInput, { container }) => {
    const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
    const row = await invoicing.retrieveCustomerPaymentRefund(input.refund_id)
    const output = { payment_id: row.customer_payment_id, refund_id: row.id, recorded: false }
    if (row.status === "succeeded") return new StepResponse<RecordPaymentRefundStepOutput>(output)
    await invoicing.recordRefund(row.customer_payment_id, {
      amount: minorFromField(row as any, "amount", row.currency_code),
      reference: row.id,
      reason: row.reason ?? null,
      occurred_at: new Date(),
      refund_id: row.id,
    })
    return new StepResponse<RecordPaymentRefundStepOutput>({ ...output, recorded: true })
  },
  // Not undone: by the time this runs the money is back with the customer
  // (or the payment was never through a provider), and posting a reversal
  // would leave the ledger claiming money the business no longer has.
  async () => {}
)
