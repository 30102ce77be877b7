import { Modules } from "@medusajs/framework/utils"
import type { PaymentCompletion } from "./validate-payment-completion"

/**
 * Hands the client's confirmation (already reduced by the adapter to what
 * the provider accepts, e.g. the sandbox's `{ confirmed: true }`) to the
 * provider session, before it is authorized. Nothing to undo: the provider
 * keeps its own state, and the authorization decides what it means. Called
 * under the payment's lock, on a payment still pending: a completion that
 * comes second never writes over a session the first one authorized.
 */
export async function confirmProviderSession(container: any, input: PaymentCompletion): Promise<void> {
  if (!input.session_id || !input.confirmation) return
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
}
