import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { PaymentCompletion } from "./validate-payment-completion"

export type ConfirmProviderSessionStepInput = PaymentCompletion

export const confirmProviderSessionStepId = "confirm-provider-session"

/**
 * Hands the client's confirmation (already reduced by the adapter to what
 * the provider accepts, e.g. the sandbox's `{ confirmed: true }`) to the
 * provider session. Nothing to undo: the provider keeps its own state, and
 * the next step decides what it means.
 */
export const confirmProviderSessionStep = createStep(
  confirmProviderSessionStepId,
  async (input: ConfirmProviderSessionStepInput, { container }) => {
    if (!input.session_id || !input.confirmation) return new StepResponse(null)
    const paymentModule = container.resolve(Modules.PAYMENT)
    const session = await paymentModule.retrievePaymentSession(input.session_id, {
      select: ["id", "amount", "currency_code", "data"],
    })
    await paymentModule.updatePaymentSession({
      id: session.id,
      amount: session.amount,
      currency_code: session.currency_code,
      data: { ...(session.data ?? {}), ...input.confirmation },
    })
    return new StepResponse(null)
  }
)
