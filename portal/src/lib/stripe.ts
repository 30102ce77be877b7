import type { Stripe } from "@stripe/stripe-js"
import { config } from "../config"

/**
 * Stripe.js, loaded from js.stripe.com the first time a Stripe payment form
 * is shown — never on a portal whose methods use the sandbox, and never in
 * the first load (this module is only imported by the lazy payment pages).
 * One instance for the page's life, as Stripe asks.
 */
let instance: Promise<Stripe> | null = null

export function getStripe(): Promise<Stripe> {
  const key = config.stripe_publishable_key
  if (!key) return Promise.reject(new Error("Stripe is not configured for this portal."))
  if (!instance) {
    instance = import("@stripe/stripe-js/pure")
      .then(({ loadStripe }) => loadStripe(key))
      .then((stripe) => {
        if (!stripe) throw new Error("Stripe.js did not load.")
        return stripe
      })
      .catch((error: unknown) => {
        instance = null // a later attempt (the Retry button) loads it again
        throw new Error(
          "We could not load the secure payment form from Stripe. Check your connection (or an ad blocker), then try again.",
          { cause: error }
        )
      })
  }
  return instance
}

/** Stripe's own words for a failed confirmation (a decline, a failed 3-D Secure…), never a code. */
export function stripeErrorMessage(error: { message?: string; code?: string } | undefined): string {
  return error?.message || "Stripe could not confirm these payment details. Please check them and try again."
}
