import type { NextAction, PendingPaymentMethodSetup, SavedPaymentMethod } from "../../../../src/client/types"
import { getStripe, stripeErrorMessage } from "../../lib/stripe"
import type { StripeElementHandle } from "./stripe-element"

/**
 * A problem with the details in Stripe's form (Stripe's own words: a decline,
 * an incomplete number, a failed 3-D Secure): shown next to the element, not
 * as a page error. The payment, if one was created, is still pending and the
 * same attempt (same Idempotency-Key, same client secret) may be confirmed
 * again once the customer fixed the details.
 */
export class StripeDetailsError extends Error {
  constructor(message: string) {
    super(message)
    this.name = "StripeDetailsError"
  }
}

/** Before the server creates anything: Stripe checks what was typed. */
export async function submitStripeDetails(element: StripeElementHandle): Promise<void> {
  const { error } = await element.submit()
  if (error) throw new StripeDetailsError(error)
}

/**
 * The payment's `next_action` confirmed with Stripe.js (the card's 3-D
 * Secure challenge, if any, happens inside). A payment without a client
 * secret to confirm (already confirmed server-side with a saved method)
 * needs nothing.
 */
export async function confirmStripePayment(element: StripeElementHandle, nextAction: NextAction | undefined): Promise<void> {
  if (!nextAction?.client_secret) return
  const { error } = await element.confirmPayment(nextAction.client_secret)
  if (error) throw new StripeDetailsError(error)
}

/**
 * A saved method's payment that Stripe wants the customer to confirm (3-D
 * Secure on a saved card): Stripe.js shows its own challenge, no form needed.
 */
export async function handleStripeNextAction(nextAction: NextAction | undefined): Promise<void> {
  if (!nextAction?.client_secret) return
  const stripe = await getStripe()
  const { error } = await stripe.handleNextAction({ clientSecret: nextAction.client_secret })
  if (error) throw new StripeDetailsError(stripeErrorMessage(error))
}

/**
 * Saving a method: the server created a SetupIntent on the customer's Stripe
 * customer; Stripe.js confirms it with the element's details (the method is
 * then attached at Stripe, where the server lists it from).
 */
export async function confirmStripeSetup(
  element: StripeElementHandle,
  created: SavedPaymentMethod | PendingPaymentMethodSetup
): Promise<void> {
  if (!("next_action" in created) || !created.next_action?.client_secret) return
  const { error } = await element.confirmSetup(created.next_action.client_secret)
  if (error) throw new StripeDetailsError(error)
}
