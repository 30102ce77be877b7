import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { adapterFor } from "../../../providers/adapters"
import { findCustomerPaymentMethod } from "../payment-methods"

export type FindCustomerPaymentMethodStepInput = {
  customer_id: string
  payment_method_id: string
}

export const findCustomerPaymentMethodStepId = "find-customer-payment-method"

/**
 * One of the customer's own saved methods and its account holder. Another
 * customer's method, an unknown and a deleted one are all "not found".
 */
export const findCustomerPaymentMethodStep = createStep(
  findCustomerPaymentMethodStepId,
  async (input: FindCustomerPaymentMethodStepInput, { container }) => {
    const found = input.customer_id
      ? await findCustomerPaymentMethod(container, input.customer_id, input.payment_method_id)
      : null
    if (!found) {
      throw new MedusaError(
        MedusaError.Types.NOT_FOUND,
        `Payment method with id: ${input.payment_method_id} was not found`
      )
    }
    return new StepResponse({
      ...found,
      records_on_account_holder: adapterFor(container, found.holder.provider_id).recordsMethodsOnAccountHolder,
    })
  }
)
