import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { CustomerPaymentMethod } from "../../payment-methods/payment-methods"
import { keptMethodOfPayment } from "../../payment-methods/save-after-payment"

export type FindKeptPaymentMethodStepInput = {
  customer_id: string
  payment_id: string
  /** this completion found the payment waiting on the client: a provider that records methods on the account holder has it saved now */
  save: boolean
}

export const findKeptPaymentMethodStepId = "find-kept-payment-method"

/**
 * After `…/complete`: the saved method the payment kept for autopay
 * (setup_future_usage), so the answer can carry it as the sandbox's create
 * answer does. Stripe keeps it itself; the sandbox's is saved here, once.
 * Never fails the payment.
 */
export const findKeptPaymentMethodStep = createStep(
  findKeptPaymentMethodStepId,
  async (input: FindKeptPaymentMethodStepInput, { container }) =>
    new StepResponse<CustomerPaymentMethod | null>(await keptMethodOfPayment(container, input))
)
