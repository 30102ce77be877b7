import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { authorizeAndCapture, type ChargeCustomerPaymentStepOutput } from "./charge-customer-payment"
import type { PaymentCompletion } from "./validate-payment-completion"

export type AuthorizeCustomerPaymentStepInput = PaymentCompletion

export const authorizeCustomerPaymentStepId = "authorize-customer-payment"

/**
 * Authorizes the session again after the client's confirmation and, when
 * the provider object checks out, captures it. No transaction is open; the
 * outcome is recorded by the next step. Repeating it is harmless: an
 * authorized session answers with its payment, a capture is done once.
 */
export const authorizeCustomerPaymentStep = createStep(
  authorizeCustomerPaymentStepId,
  async (input: AuthorizeCustomerPaymentStepInput, { container }) => {
    if (!input.session_id || !input.payment_collection_id || !input.provider_id) {
      return new StepResponse<ChargeCustomerPaymentStepOutput>({ payment_id: input.payment_id, outcome: null, next_action: null })
    }
    return new StepResponse<ChargeCustomerPaymentStepOutput>(
      await authorizeAndCapture(container, {
        payment_id: input.payment_id,
        session_id: input.session_id,
        method: input.method,
        payment_collection_id: input.payment_collection_id,
        provider_id: input.provider_id,
      })
    )
  }
)
