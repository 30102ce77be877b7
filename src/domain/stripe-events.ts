/**
 * Maps the Stripe events Medusa's payment flow does not handle to what the
 * billing ledger must do. Pure: a Stripe event (parsed JSON) in, an action out.
 *
 * - `charge.dispute.created`: the customer disputed a charge; the money is
 *   withdrawn, so the payment is reversed (the disputed amount kept, in Stripe's units).
 * - `charge.failed`: a charge of a PaymentIntent failed. That is a reversal
 *   only when the failed charge is the one that had moved the payment's
 *   money (an ACH debit returned by the bank after it settled); a declined
 *   attempt that the customer retried with success is not
 *   (`chargeFailureReverses` decides, once the payment's charge is known).
 */
import { type StripeDisputeAmount, stripeDisputeAmountFrom } from "./dispute"

export type StripeBillingAction =
  | { kind: "reverse"; payment_intent: string; reason: string; occurred_at: Date; disputed: StripeDisputeAmount | null }
  | { kind: "charge_failed"; payment_intent: string; charge: string | null; reason: string; occurred_at: Date }
  | { kind: "ignore" }

const idOf = (value: any): string | undefined =>
  typeof value === "string" ? value : typeof value?.id === "string" ? value.id : undefined

export function stripeBillingAction(event: { type?: unknown; created?: unknown; data?: { object?: any } }): StripeBillingAction {
  const object = event?.data?.object ?? {}
  const occurredAt = new Date(Number(event?.created ?? 0) * 1000)
  const paymentIntent = idOf(object.payment_intent)
  switch (event?.type) {
    case "charge.dispute.created":
      if (!paymentIntent) return { kind: "ignore" }
      return {
        kind: "reverse",
        payment_intent: paymentIntent,
        reason: `disputed (${object.reason ?? "unknown"})`,
        occurred_at: occurredAt,
        // what the dispute takes, when the event says (billing reverses what was not refunded, and notes a difference)
        disputed: stripeDisputeAmountFrom(object),
      }
    case "charge.failed":
      if (!paymentIntent) return { kind: "ignore" }
      return {
        kind: "charge_failed",
        payment_intent: paymentIntent,
        charge: idOf(object) ?? null,
        reason: `returned (${object.failure_code ?? "unknown"})`,
        occurred_at: occurredAt,
      }
    default:
      return { kind: "ignore" }
  }
}

/**
 * Only payments charged through a provider take provider events: an offline
 * payment (check, cash, transfer) or credit is never reversed by a Stripe
 * event, even when the admin typed a PaymentIntent id as its reference.
 */
export function takesProviderEvents(method: string): boolean {
  return method === "card" || method === "us_bank_account"
}

/**
 * Whether a failed charge reverses the payment of its PaymentIntent. With the
 * charge that moved the payment's money known (`settled_charge`, from the
 * provider's payment record), only that very charge failing does. A payment
 * recorded without a provider payment (`charged_through_provider: false`)
 * has only the intent to go by, and the failure of a charge of its intent is
 * a return. A provider payment whose charge is unknown is never reversed by
 * a charge failure: a dispute or the reconciler will say more.
 */
export function chargeFailureReverses(
  failed: { charge: string | null },
  payment: { charged_through_provider: boolean; settled_charge: string | null }
): boolean {
  if (!payment.charged_through_provider) return true
  return failed.charge !== null && payment.settled_charge !== null && failed.charge === payment.settled_charge
}
