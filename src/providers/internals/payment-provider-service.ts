import { MedusaError } from "@medusajs/framework/utils"

/**
 * Medusa internal, wrapped here and nowhere else: the Payment Module's own
 * provider service (`paymentProviderService_`). The module has no public
 * call to re-read a payment's status at the provider, nor to tell which
 * provider class a provider id is registered with; core reaches both through
 * this service. `__tests__/medusa-internals` fails if Medusa changes it.
 */
type ProviderService = {
  retrieveProvider(providerId: string): unknown
  getStatus(providerId: string, input: { data: Record<string, unknown> }): Promise<ProviderPaymentStatus>
}

export type ProviderPaymentStatus = { status: string; data?: Record<string, unknown> }

function providerService(paymentModule: unknown): ProviderService {
  const service = (paymentModule as any)?.paymentProviderService_
  if (typeof service?.retrieveProvider !== "function" || typeof service?.getStatus !== "function") {
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
