import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { CustomerPaymentMethod } from "../../payment-methods/payment-methods"
import { keptMethodOfPayment } from "../../payment-methods/save-after-payment"

export type FindKeptPaymentMethodStepInput = { customer_id: string; payment_id: string }

export const findKeptPaymentMethodStepId = "find-kept-payment-method"

/**
 * After `…/complete`: the saved method the payment kept for autopay at the
 * provider (Stripe's setup_future_usage), so the answer can carry it as the
 * sandbox's create answer does. A read; never fails the payment.
 */
export const findKeptPaymentMethodStep = createStep(
  findKeptPaymentMethodStepId,
  async (input: FindKeptPaymentMethodStepInput, { container }) =>
    new StepResponse<CustomerPaymentMethod | null>(await keptMethodOfPayment(container, input))
)
