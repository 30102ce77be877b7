import { MedusaError } from "@medusajs/framework/utils"

/**
 * Medusa internal, wrapped here and nowhere else: the Payment Module's own
 * provider service (`paymentProviderService_`). The module has no public
 * call to re-read a payment's status at the provider, to tell which provider
 * class a provider id is registered with, nor to cancel or refund a provider
 * object no session or payment of the module holds; core reaches all of them
 * through this service. `__tests__/medusa-internals` fails if Medusa changes it.
 */
type ProviderInput = { data: Record<string, unknown>; amount?: unknown; context?: Record<string, unknown> }
type ProviderService = {
  retrieveProvider(providerId: string): unknown
  getStatus(providerId: string, input: ProviderInput): Promise<ProviderPaymentStatus>
  cancelPayment(providerId: string, input: ProviderInput): Promise<unknown>
  refundPayment(providerId: string, input: ProviderInput): Promise<unknown>
}

export type ProviderPaymentStatus = { status: string; data?: Record<string, unknown> }

function providerService(paymentModule: unknown): ProviderService {
  const service = (paymentModule as any)?.paymentProviderService_
  if (["retrieveProvider", "getStatus", "cancelPayment", "refundPayment"].some((call) => typeof service?.[call] !== "function")) {
    throw new MedusaError(
      MedusaError.Types.UNEXPECTED_STATE,
      "The Payment Module no longer exposes its provider service (paymentProviderService_): " +
        "medusa-billing-portal needs an update for this Medusa version"
    )
  }
  return service as ProviderService
}

/**
 * The `identifier` of the provider class a provider id is registered with
 * (`pp_stripe_stripe` → "stripe", `pp_billing-sandbox_sandbox` →
 * "billing-sandbox"): what the billing adapters are chosen by.
 */
export function paymentProviderIdentifier(paymentModule: unknown, providerId: string): string {
  const provider = providerService(paymentModule).retrieveProvider(providerId) as any
  const identifier = provider?.constructor?.identifier
  if (typeof identifier !== "string" || !identifier) {
    throw new MedusaError(
      MedusaError.Types.UNEXPECTED_STATE,
      `Payment provider ${providerId} is registered without a class identifier`
    )
  }
  return identifier
}

/** The provider instance registered under a provider id, for what the module has no call for (see the adapters' `findLostObject`). */
export function paymentProviderInstance(paymentModule: unknown, providerId: string): unknown {
  return providerService(paymentModule).retrieveProvider(providerId)
}

/**
 * Where a payment is now at its provider (`getPaymentStatus`: Stripe retrieves
 * the PaymentIntent; the sandbox computes it from its settlement dates) — the
 * call core makes inside `authorizePaymentSession`.
 */
export async function readProviderPaymentStatus(
  paymentModule: unknown,
  providerId: string,
  data: Record<string, unknown>
): Promise<ProviderPaymentStatus> {
  return await providerService(paymentModule).getStatus(providerId, { data })
}

/**
 * Undoes, at its provider, a provider object the Payment Module holds no
 * record of (its session was deleted when the provider's answer to creating
 * it was lost): an authorization is canceled, money taken is refunded in
 * full. The provider's own calls (Stripe: cancel the PaymentIntent, refund
 * it) under an idempotency key of `key`, so a repeat does nothing more.
 */
export async function undoAtProvider(
  paymentModule: unknown,
  providerId: string,
  input: { data: Record<string, unknown>; taken: boolean; amount: string; key: string }
): Promise<void> {
  const service = providerService(paymentModule)
  if (input.taken) {
    await service.refundPayment(providerId, { data: input.data, amount: input.amount, context: { idempotency_key: `${input.key}:refund` } })
  } else {
    await service.cancelPayment(providerId, { data: input.data, context: { idempotency_key: `${input.key}:cancel` } })
  }
}
