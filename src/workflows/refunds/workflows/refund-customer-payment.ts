import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { beginPaymentRefundStep } from "../steps/begin-payment-refund"
import { recordPaymentRefundStep } from "../steps/record-payment-refund"
import { refundProviderPaymentStep } from "../steps/refund-provider-payment"
import { validateRefundRequestStep } from "../steps/validate-refund-request"

export type RefundCustomerPaymentWorkflowInput = {
  payment_id: string
  /** major units; the whole refundable amount when absent */
  amount?: string | null
  reason?: string | null
  /** the request's Idempotency-Key: one refund per key */
  idempotency_key: string
  /** the admin user */
  created_by?: string | null
}

export const refundCustomerPaymentWorkflowId = "refund-customer-payment"

/**
 * An admin refund, safe to retry with the same Idempotency-Key:
 *
 * 1. validate (no writes);
 * 2. begin: a `pending` refund row keyed by the idempotency key, committed —
 *    the amount is reserved against other refunds and a retry finds it;
 * 3. provider refund through the Payment Module, tagged with the row id and
 *    skipped when a refund so tagged exists — the ONLY irreversible step;
 * 4. record: the ledger's `refund` entry and the row marked `succeeded`, in one
 *    transaction, at most once per row.
 *
 * A provider refund cannot be undone, so there is no compensation "after"
 * it: if step 4 fails, the row stays `pending` with the provider's refund id
 * and the caller retries with the same key, which skips step 3 and completes
 * step 4 (one provider refund, one ledger entry). If step 3 fails without
 * refunding, step 2's compensation removes the row and the key starts over.
 */
export const refundCustomerPaymentWorkflow = createWorkflow(
  refundCustomerPaymentWorkflowId,
  (input: RefundCustomerPaymentWorkflowInput) => {
    const checked = validateRefundRequestStep({
      payment_id: input.payment_id,
      amount: input.amount,
      reason: input.reason,
      idempotency_key: input.idempotency_key,
    })
    const beginInput = transform({ input, checked }, ({ input, checked }) => ({
      payment_id: checked.payment_id,
      amount: checked.amount,
      idempotency_key: input.idempotency_key,
      request_hash: checked.request_hash,
      reason: input.reason ?? null,
      created_by: input.created_by ?? null,
    }))
    const begun = beginPaymentRefundStep(beginInput)
    const providerInput = transform({ input, begun }, ({ input, begun }) => ({
      refund_id: begun.refund_id,
      created_by: input.created_by ?? null,
    }))
    const provider = refundProviderPaymentStep(providerInput)
    const recorded = recordPaymentRefundStep(provider)
    when("refund-recorded", { recorded }, ({ recorded }) => recorded.recorded).then(() => {
      const eventData = transform({ recorded }, ({ recorded }) => ({ id: recorded.payment_id, refund_id: recorded.refund_id }))
      emitEventStep({ eventName: "billing.payment.refunded", data: eventData })
    })
    const response = transform({ recorded }, ({ recorded }) => ({
      payment_id: recorded.payment_id,
      refund_id: recorded.refund_id,
    }))
    return new WorkflowResponse(response)
  }
)
