import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { completeCustomerPaymentWorkflow } from "../../payments/workflows/complete-customer-payment"
import { validatePayLinkCompletionStep } from "../steps/validate-pay-link-completion"

export type CompletePayLinkPaymentWorkflowInput = {
  token_hash: string
  payment_id: string
  provider_data?: Record<string, unknown>
}

export const completePayLinkPaymentWorkflowId = "complete-pay-link-payment"

/**
 * 3-D Secure / `next_action` through a link: validate (a payment made
 * through this very link) → the portal's own complete workflow for that
 * payment and customer (the adapter's confirmation input only, the provider
 * object verified before anything is recorded as paid).
 */
export const completePayLinkPaymentWorkflow = createWorkflow(
  completePayLinkPaymentWorkflowId,
  (input: CompletePayLinkPaymentWorkflowInput) => {
    const validated = validatePayLinkCompletionStep({ token_hash: input.token_hash, payment_id: input.payment_id })
    const completeInput = transform({ input, validated }, ({ input, validated }) => ({
      payment_id: validated.payment_id,
      customer_id: validated.customer_id,
      provider_data: input.provider_data,
    }))
    const completed = completeCustomerPaymentWorkflow.runAsStep({ input: completeInput })
    return new WorkflowResponse(
      transform({ completed, validated }, ({ completed, validated }) => ({
        payment_id: completed.payment_id,
        customer_id: validated.customer_id,
        next_action: completed.next_action,
      }))
    )
  }
)
