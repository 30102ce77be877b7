import { MedusaError, Modules } from "@medusajs/framework/utils"
import { paymentProviderIdentifier } from "../internals/payment-provider-service"
import { sandboxAdapter } from "./sandbox"
import { stripeAdapter } from "./stripe"
import type { PaymentProviderAdapter } from "./types"

export * from "./types"

/** Every provider the billing portal knows; a new one is a file beside these and a line here. */
const ADAPTERS: readonly PaymentProviderAdapter[] = [sandboxAdapter, stripeAdapter]

const byProviderId = new Map<string, PaymentProviderAdapter>()

/**
 * The adapter of a configured payment provider, chosen by the class the
 * Payment Module registered under that id (its `identifier`), never by the
 * id's spelling. Throws a clear error for a provider no adapter serves.
 */
export function adapterFor(container: { resolve: (key: string) => unknown }, providerId: string): PaymentProviderAdapter {
  const known = byProviderId.get(providerId)
  if (known) return known
  const identifier = paymentProviderIdentifier(container.resolve(Modules.PAYMENT), providerId)
  const adapter = ADAPTERS.find((candidate) => candidate.identifiers.includes(identifier))
  if (!adapter) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Payment provider ${providerId} (${identifier}) has no billing adapter: the billing portal supports ${ADAPTERS.flatMap((a) => a.identifiers).join(", ")}`
    )
  }
  byProviderId.set(providerId, adapter)
  return adapter
}
