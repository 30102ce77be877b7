import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { sanitizeMethodDetails, type MethodDetails } from "../../../domain/payment-method-label"
import type { PaymentMethodInput } from "../../../providers/adapters"
import { assertPayableSavedMethod } from "../../payment-methods/payment-methods"

export type ValidatePaymentMethodStepInput = {
  customer_id: string
  provider_id: string
  payment_method: PaymentMethodInput
}

export const validatePaymentMethodStepId = "validate-payment-method"

/**
 * Before anything is reserved: a saved method must be one of this
 * customer's own, of the paid type, given without raw details (400 naming
 * the field otherwise; another customer's method reads like an unknown one).
 * The provider checks again that it belongs to the account holder.
 * Returns what the receipt will show of a saved method (brand or bank, last4).
 */
export const validatePaymentMethodStep = createStep(
  validatePaymentMethodStepId,
  async (input: ValidatePaymentMethodStepInput, { container }) => {
    const method = input.payment_method
    if (method.saved_method_id) {
      const saved = await assertPayableSavedMethod(container, {
        customer_id: input.customer_id,
        provider_id: input.provider_id,
        type: method.type,
        saved_method_id: method.saved_method_id,
        data: method.data,
      })
      return new StepResponse<{ method_details: MethodDetails | null }>({ method_details: sanitizeMethodDetails(saved) })
    }
    return new StepResponse<{ method_details: MethodDetails | null }>({ method_details: null })
  }
)
