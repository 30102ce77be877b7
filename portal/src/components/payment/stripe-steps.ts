import type { NextAction, Payment, PendingPaymentMethodSetup, SavedPaymentMethod } from "../../../../src/client/types"
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
 * The whole payment with new details: Stripe checks them, the server creates
 * the payment (and its PaymentIntent), Stripe.js confirms it, the server
 * re-reads the intent and records the outcome (`…/complete`, no body).
 */
export async function payThroughStripe(
  element: StripeElementHandle,
  steps: { create: () => Promise<Payment>; complete: (paymentId: string) => Promise<Payment> }
): Promise<Payment> {
  await submitStripeDetails(element)
  const payment = await steps.create()
  if (!payment.next_action) return payment
  await confirmStripePayment(element, payment.next_action)
  return await steps.complete(payment.id)
}

/**
 * Saving a method: Stripe checks the details, the server creates a
 * SetupIntent on the customer's Stripe customer, Stripe.js confirms it (the
 * method is then attached at Stripe, where the server lists it from).
 */
export async function saveThroughStripe(
  element: StripeElementHandle,
  create: () => Promise<SavedPaymentMethod | PendingPaymentMethodSetup>
): Promise<void> {
  await submitStripeDetails(element)
  const created = await create()
  if (!("next_action" in created) || !created.next_action?.client_secret) return
  const { error } = await element.confirmSetup(created.next_action.client_secret)
  if (error) throw new StripeDetailsError(error)
}
