import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { INVOICING_MODULE } from "../../../modules/invoicing"
import type InvoicingModuleService from "../../../modules/invoicing/service"
import { discardUnsentRefund } from "../provider-refund"

export type BeginPaymentRefundStepInput = {
  payment_id: string
  /** minor units as a decimal string; null = everything still refundable */
  amount: string | null
  idempotency_key: string
  request_hash: string
  reason?: string | null
  created_by?: string | null
}

export type BeginPaymentRefundStepOutput = { refund_id: string; created: boolean }

export const beginPaymentRefundStepId = "begin-payment-refund"

/**
 * Writes the `pending` refund row under the request's idempotency key (or
 * finds the one an earlier request with that key wrote), in one transaction
 * under the payment's row lock. It is committed before the provider is
 * called: from then on a retry with the same key resumes this refund.
 */
export const beginPaymentRefundStep = createStep(
  beginPaymentRefundStepId,
  async (input: BeginPaymentRefundStepInput, { container }) => {
    const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
    const { refund, created } = await invoicing.beginRefund({
      payment_id: input.payment_id,
      amount: input.amount === null ? null : BigInt(input.amount),
      idempotency_key: input.idempotency_key,
      request_hash: input.request_hash,
      reason: input.reason ?? null,
      created_by: input.created_by ?? null,
    })
    // An empty id tells the compensation there is nothing of this run's to undo.
    return new StepResponse<BeginPaymentRefundStepOutput, string>(
      { refund_id: refund.id, created },
      created ? refund.id : ""
    )
  },
  // A later step failed. If no money went back (the provider refused, or was
  // never asked) the row is removed: its amount is refundable again and the
  // key can be retried from scratch. If the provider did refund, the row
  // stays `pending` — the money is gone, and a retry with the same key
  // records it without refunding again.
  async (refundId, { container }) => {
    if (refundId) await discardUnsentRefund(container, refundId)
  }
)
