import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { allocatePaymentStep, PaymentRequestInput } from "../steps/allocate-payment"

export const previewCustomerPaymentWorkflowId = "preview-customer-payment"

/** Exactly what a payment with this body would do, without doing it. */
export const previewCustomerPaymentWorkflow = createWorkflow(
  previewCustomerPaymentWorkflowId,
  (input: PaymentRequestInput) => new WorkflowResponse(allocatePaymentStep(input))
)
