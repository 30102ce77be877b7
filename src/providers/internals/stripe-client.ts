import { MedusaError } from "@medusajs/framework/utils"

/** The part of the Stripe SDK client the plugin reads through Medusa's Stripe provider. */
export type StripeClientLike = {
  paymentIntents: {
    list(params: Record<string, unknown>): AsyncIterable<Record<string, any>>
  }
}

/**
 * Medusa internal, wrapped here and nowhere else: Medusa's Stripe provider
 * keeps its Stripe SDK client as `stripe_`, made from the provider's own
 * options (API key, API version). The Payment Module has no call to list a
 * customer's PaymentIntents, which is the only way to find an intent whose
 * creation Stripe answered with a 500. `medusa-internals` tests fail if
 * Medusa changes it.
 */
export function stripeClientOf(provider: unknown): StripeClientLike {
  const client = (provider as any)?.stripe_
  if (typeof client?.paymentIntents?.list !== "function") {
    throw new MedusaError(
      MedusaError.Types.UNEXPECTED_STATE,
      "Medusa's Stripe provider no longer exposes its Stripe client (stripe_): medusa-billing-portal needs an update for this Medusa version"
    )
  }
  return client as StripeClientLike
}
