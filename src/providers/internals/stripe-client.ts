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

/**
 * The HTTP status of Stripe's latest answer to a PaymentIntent create, by the
 * request's idempotency key (the customer payment's id), in this process: the
 * last KEEP keys. Medusa's Stripe provider keeps only the message of an error
 * it throws, not whether Stripe answered at all (a refusal) or never did (a
 * timeout, a lost connection: the intent may be on its way).
 */
const intentCreateAnswers = new Map<string, number>()
const KEEP = 1_000
const observedClients = new WeakSet<object>()

type StripeResponseEvent = { method?: string; path?: string; status?: number; idempotency_key?: string }

/**
 * Notes every answer the provider's Stripe client gets to a PaymentIntent
 * create (stripe-node's public `response` event, which carries the
 * idempotency key Stripe echoes), once per client. A client without events
 * is left alone: nothing is then known, which is the safe side.
 */
export function observeIntentCreates(provider: unknown): void {
  const client = (provider as any)?.stripe_
  if (!client || typeof client.on !== "function" || observedClients.has(client)) return
  observedClients.add(client)
  client.on("response", (event: StripeResponseEvent) => {
    if (event?.method !== "POST" || event.path !== "/v1/payment_intents" || !event.idempotency_key || typeof event.status !== "number") return
    intentCreateAnswers.delete(event.idempotency_key)
    intentCreateAnswers.set(event.idempotency_key, event.status)
    if (intentCreateAnswers.size > KEEP) intentCreateAnswers.delete(intentCreateAnswers.keys().next().value as string)
  })
}

/** Forgets what was noted under `key` (before a create under it), and answers what was. */
export function takeIntentCreateAnswer(key: string): number | null {
  const status = intentCreateAnswers.get(key)
  intentCreateAnswers.delete(key)
  return status ?? null
}
