import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { adapterFor } from "../../../providers/adapters"
import { type AccountHolder, type SavedMethodType } from "../payment-methods"

export type SaveProviderPaymentMethodStepInput = {
  provider_id: string
  account_holder: AccountHolder
  customer: Record<string, unknown>
  type: SavedMethodType
  /** what the client sent: the sandbox's test details, or Stripe's `payment_method` id */
  data?: Record<string, unknown>
  /** instead of `data`: the provider's id of the method a payment kept (never from a client) */
  kept_method_id?: string
  idempotency_key: string
}

export type SaveProviderPaymentMethodStepOutput = { id: string; data: Record<string, any> }

type SavedAtProvider = { id: string; provider_id: string; account_holder: AccountHolder } | null

export const saveProviderPaymentMethodStepId = "save-provider-payment-method"

/**
 * Saves the method with the provider (Payment Module createPaymentMethods).
 * Compensation deletes it again — except a Stripe SetupIntent, which is not
 * a payment method yet and simply expires unconfirmed.
 */
export const saveProviderPaymentMethodStep = createStep(
  saveProviderPaymentMethodStepId,
  async (input: SaveProviderPaymentMethodStepInput, { container }) => {
    const paymentModule = container.resolve(Modules.PAYMENT)
    const adapter = adapterFor(container, input.provider_id)
    const data = input.kept_method_id
      ? adapter.keptMethodSaveData(input.type, input.kept_method_id)
      : adapter.savedMethodData(input.type, input.data ?? {})
    if (!data) throw new Error(`Provider ${input.provider_id} keeps the methods of its payments itself`)
    let saved: SaveProviderPaymentMethodStepOutput
    try {
      saved = (await paymentModule.createPaymentMethods({
        provider_id: input.provider_id,
        data,
        context: {
          account_holder: input.account_holder as any,
          customer: input.customer as any,
          idempotency_key: input.idempotency_key,
        },
      })) as SaveProviderPaymentMethodStepOutput
    } catch (error) {
      // The Payment Module aggregates provider errors into a plain Error (its
      // promiseAll), which would answer 500. What the adapter knows to be a
      // refusal of the client's details is a 400 naming the field as this
      // route's body has it (`data.number`, `data.payment_method`).
      const refusal = adapter.savedMethodRefusal(error)
      if (refusal) throw new MedusaError(MedusaError.Types.INVALID_DATA, refusal)
      throw error
    }
    const isSetupIntent = saved.data?.object === "setup_intent"
    return new StepResponse<SaveProviderPaymentMethodStepOutput, SavedAtProvider>(
      { id: saved.id, data: saved.data ?? {} },
      isSetupIntent ? null : { id: saved.id, provider_id: input.provider_id, account_holder: input.account_holder }
    )
  },
  async (saved: SavedAtProvider | undefined, { container }) => {
    if (!saved) return
    await container.resolve(Modules.PAYMENT).deletePaymentMethods({
      id: saved.id,
      provider_id: saved.provider_id,
      context: { account_holder: saved.account_holder as any },
    })
  }
)
