import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { authorizeCustomerPaymentStep } from "../steps/authorize-customer-payment"
import { findKeptPaymentMethodStep } from "../steps/find-kept-payment-method"
import { recordPaymentOutcomeStep } from "../steps/record-payment-outcome"
import { validatePaymentCompletionStep, type ValidatePaymentCompletionStepInput } from "../steps/validate-payment-completion"

export type CompleteCustomerPaymentWorkflowInput = ValidatePaymentCompletionStepInput

export const completeCustomerPaymentWorkflowId = "complete-customer-payment"

/**
 * After the client confirmed with the provider (3-D Secure, Stripe.js):
 * validate (own payment, the adapter's confirmation input only) → under the
 * payment's lock, pass the confirmation to the session, authorize, verify the
 * provider object, capture → record the outcome → the method the payment kept for autopay
 * (Stripe's setup_future_usage: known only now), as a saved method. A
 * payment no longer pending goes through unchanged, so repeating it is
 * harmless.
 */
export const completeCustomerPaymentWorkflow = createWorkflow(
  completeCustomerPaymentWorkflowId,
  (input: CompleteCustomerPaymentWorkflowInput) => {
    const completion = validatePaymentCompletionStep(input)
    const charge = authorizeCustomerPaymentStep(completion)
    const recorded = recordPaymentOutcomeStep({ payment_id: charge.payment_id, outcome: charge.outcome, captured: charge.captured })
    const savedMethod = findKeptPaymentMethodStep(
      transform({ input, completion, charge, recorded }, ({ input, completion, charge }) => ({
        customer_id: input.customer_id,
        payment_id: charge.payment_id,
        save: completion.session_id !== null,
      }))
    )
    return new WorkflowResponse(
      transform({ charge, savedMethod }, ({ charge, savedMethod }) => ({
        payment_id: charge.payment_id,
        next_action: charge.next_action,
        saved_payment_method: savedMethod,
      }))
    )
  }
)
