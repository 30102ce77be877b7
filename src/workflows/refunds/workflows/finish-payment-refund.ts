import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { recordPaymentRefundStep } from "../steps/record-payment-refund"
import { refundProviderPaymentStep } from "../steps/refund-provider-payment"
import { resumePaymentRefundStep } from "../steps/resume-payment-refund"

export type FinishPaymentRefundWorkflowInput = {
  payment_id: string
  refund_id: string
  /** the admin user */
  created_by?: string | null
}

export const finishPaymentRefundWorkflowId = "finish-payment-refund"

/**
 * Finishes a refund left `pending` by an earlier run, from where it stopped
 * (the admin's "Finish refund"): the provider refund — found by the row's id
 * if it was made, made now if not (refused for a payment reversed since) —
 * then the ledger. The same steps as `refund-customer-payment`, so it is as
 * safe to repeat: one provider refund and one ledger entry per row.
 */
export const finishPaymentRefundWorkflow = createWorkflow(
  finishPaymentRefundWorkflowId,
  (input: FinishPaymentRefundWorkflowInput) => {
    const resumed = resumePaymentRefundStep({ payment_id: input.payment_id, refund_id: input.refund_id })
    const providerInput = transform({ input, resumed }, ({ input, resumed }) => ({
      refund_id: resumed.refund_id,
      created_by: input.created_by ?? null,
    }))
    const recorded = recordPaymentRefundStep(refundProviderPaymentStep(providerInput))
    when("refund-finished", { recorded }, ({ recorded }) => recorded.recorded).then(() => {
      const eventData = transform({ recorded }, ({ recorded }) => ({ id: recorded.payment_id, refund_id: recorded.refund_id }))
      emitEventStep({ eventName: "billing.payment.refunded", data: eventData })
    })
    return new WorkflowResponse(
      transform({ recorded }, ({ recorded }) => ({ payment_id: recorded.payment_id, refund_id: recorded.refund_id }))
    )
  }
)
