import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { adapterFor } from "../../../providers/adapters"
import { loadPortalSettings } from "../../../utils/portal-settings"
import { providerForType, SAVED_METHOD_TYPES, type SavedMethodType } from "../payment-methods"

export type ValidateNewPaymentMethodStepInput = {
  customer_id: string
  type: SavedMethodType
}

export type ValidateNewPaymentMethodStepOutput = {
  provider_id: string
  /** the provider's saved methods are kept on Medusa's account holder (its adapter says so) */
  records_on_account_holder: boolean
}

export const validateNewPaymentMethodStepId = "validate-new-payment-method"

/**
 * Before anything is written: the type is one the portal offers (settings,
 * `payment_methods`), and a provider handles it. The details themselves are
 * the provider's to check (the sandbox validates numbers like a payment).
 */
export const validateNewPaymentMethodStep = createStep(
  validateNewPaymentMethodStepId,
  async (input: ValidateNewPaymentMethodStepInput, { container }) => {
    if (!input.customer_id) {
      throw new MedusaError(MedusaError.Types.UNAUTHORIZED, "A customer is required to save a payment method")
    }
    if (!(SAVED_METHOD_TYPES as readonly string[]).includes(input.type)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "type must be one of: card, us_bank_account")
    }
    const settings = await loadPortalSettings(container)
    if (!settings.payment_methods.includes(input.type)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `type: ${input.type} payment methods are not offered`)
    }
    const providerId = providerForType(container, input.type)
    if (!providerId) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `type: no payment provider handles ${input.type}`)
    }
    return new StepResponse<ValidateNewPaymentMethodStepOutput>({
      provider_id: providerId,
      records_on_account_holder: adapterFor(container, providerId).recordsMethodsOnAccountHolder,
    })
  }
)
