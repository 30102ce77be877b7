/**
 * Maps the Stripe events Medusa's payment flow does not handle to what the
 * billing ledger must do. Pure: a Stripe event (parsed JSON) in, an action out.
 *
 * - `charge.dispute.created`: the customer disputed a charge; the money is
 *   withdrawn, so the payment is reversed.
 * - `charge.failed` on a charge whose payment had already settled: an ACH
 *   debit returned by the bank (late failure) — reversed as well. For a debit
 *   that had not settled yet, the reversal is kept until it does (or the
 *   payment fails first, which makes it moot).
 */
export type StripeBillingAction =
  | { kind: "reverse"; payment_intent: string; reason: string; occurred_at: Date }
  | { kind: "ignore" }

export function stripeBillingAction(event: { type?: unknown; created?: unknown; data?: { object?: any } }): StripeBillingAction {
  const object = event?.data?.object ?? {}
  const occurredAt = new Date(Number(event?.created ?? 0) * 1000)
  const paymentIntent = typeof object.payment_intent === "string" ? object.payment_intent : object.payment_intent?.id
  switch (event?.type) {
    case "charge.dispute.created":
      if (!paymentIntent) return { kind: "ignore" }
      return { kind: "reverse", payment_intent: paymentIntent, reason: `disputed (${object.reason ?? "unknown"})`, occurred_at: occurredAt }
    case "charge.failed":
      if (!paymentIntent) return { kind: "ignore" }
      return {
        kind: "reverse",
        payment_intent: paymentIntent,
        reason: `returned (${object.failure_code ?? "unknown"})`,
        occurred_at: occurredAt,
      }
    default:
      return { kind: "ignore" }
  }
}
