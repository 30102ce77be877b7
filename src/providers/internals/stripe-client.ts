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
 * The creates being watched (by idempotency key: the customer payment's id)
 * and the HTTP status of Stripe's answer to the latest request of each, in
 * this process; at most KEEP. Medusa's Stripe provider keeps only the message
 * of an error it throws, not whether Stripe answered at all (a refusal) or
 * never did (a timeout, a lost connection: the intent may be on its way).
 * A key maps to null while its latest request has no answer.
 */
const watchedCreates = new Map<string, number | null>()
const KEEP = 1_000
const observedClients = new WeakSet<object>()

type StripeRequestEvent = { method?: string; path?: string; idempotency_key?: string; status?: number }

const isIntentCreate = (event: StripeRequestEvent) => event?.method === "POST" && event.path === "/v1/payment_intents" && !!event.idempotency_key

/**
 * Starts noting Stripe's answers to the PaymentIntent create under `key`
 * through the provider's Stripe client (stripe-node's public `request` and
 * `response` events; an answer names the key Stripe echoes), and forgets an
 * earlier one. Each request clears what an earlier one was answered, so a
 * last request that is never answered reads as unknown. A client without
 * events is left alone: nothing is then known, which is the safe side.
 */
export function watchIntentCreate(provider: unknown, key: string): void {
  watchedCreates.delete(key)
  const client = (provider as any)?.stripe_
  if (!client || typeof client.on !== "function") return
  if (!observedClients.has(client)) {
    observedClients.add(client)
    // never throws into stripe-node's own handling of the answer
    client.on("request", (event: StripeRequestEvent) => {
      try {
        if (isIntentCreate(event) && watchedCreates.has(event.idempotency_key!)) watchedCreates.set(event.idempotency_key!, null)
      } catch {}
    })
    client.on("response", (event: StripeRequestEvent) => {
      try {
        if (isIntentCreate(event) && typeof event.status === "number" && watchedCreates.has(event.idempotency_key!)) {
          watchedCreates.set(event.idempotency_key!, event.status)
        }
      } catch {}
    })
  }
  watchedCreates.set(key, null)
  if (watchedCreates.size > KEEP) watchedCreates.delete(watchedCreates.keys().next().value as string)
}

/** The status of Stripe's answer to the latest create under `key` since it was watched (null: none), and stops watching it. */
export function takeIntentCreateAnswer(key: string): number | null {
  const status = watchedCreates.get(key) ?? null
  watchedCreates.delete(key)
  return status
}
