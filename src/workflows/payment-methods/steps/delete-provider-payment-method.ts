import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { AccountHolder } from "../payment-methods"

export type DeleteProviderPaymentMethodStepInput = {
  id: string
  provider_id: string
  account_holder: AccountHolder
}

export const deleteProviderPaymentMethodStepId = "delete-provider-payment-method"

/**
 * Removes the method at the provider (Stripe: detach from the customer). It
 * is the last step of its workflow because it cannot be undone: a detached
 * Stripe method cannot be re-attached without the customer. No compensation.
 */
export const deleteProviderPaymentMethodStep = createStep(
  deleteProviderPaymentMethodStepId,
  async (input: DeleteProviderPaymentMethodStepInput, { container }) => {
    await container.resolve(Modules.PAYMENT).deletePaymentMethods({
      id: input.id,
      provider_id: input.provider_id,
      context: { account_holder: input.account_holder as any, idempotency_key: `delete-payment-method:${input.id}` },
    })
    return new StepResponse({ id: input.id })
  }
)
