export const PAYMENT_STATUSES = ["pending", "processing", "succeeded", "failed", "canceled", "reversed"] as const
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number]

/**
 * Forward-only moves of a customer payment. Provider webhooks arrive late,
 * twice or out of order; because no status ever leads back to an earlier one,
 * a stale event (e.g. "processing" after "succeeded") is simply ignored.
 * `succeeded` is not final: an ACH return or a card dispute can still
 * reverse it.
 */
const ALLOWED_TRANSITIONS: Readonly<Record<PaymentStatus, readonly PaymentStatus[]>> = {
  pending: ["processing", "succeeded", "failed", "canceled"],
  processing: ["succeeded", "failed", "canceled"],
  succeeded: ["reversed"],
  failed: [],
  canceled: [],
  reversed: [],
}

export function canTransition(from: PaymentStatus, to: PaymentStatus): boolean {
  // Guarded so that an unknown status string from outside is refused, not a crash.
  return Object.prototype.hasOwnProperty.call(ALLOWED_TRANSITIONS, from) && ALLOWED_TRANSITIONS[from].includes(to)
}

/**
 * The status after an event reporting `to`: `to` when that moves the payment
 * forward, otherwise `from` unchanged, so replaying or reordering events is
 * harmless.
 */
export function nextStatus(from: PaymentStatus, to: PaymentStatus): PaymentStatus {
  return canTransition(from, to) ? to : from
}

/** No event can move a payment out of these. */
export function isTerminalPaymentStatus(status: PaymentStatus): boolean {
  return ALLOWED_TRANSITIONS[status].length === 0
}

/**
 * Pending payments younger than this are left alone by the reconciler and by
 * an admin's check: the request that made them, or the customer's browser
 * (3-D Secure, Stripe.js), may still be finishing them.
 */
export const RECONCILE_STALE_MINUTES = 5

/**
 * Bank debits `processing` for less than this are left alone: their
 * settlement webhook, which captures them through Medusa's own flow, is the
 * normal way they end, and reading them meanwhile could race it.
 */
export const RECONCILE_PROCESSING_STALE_MINUTES = 60

/**
 * From when a payment may be checked with its provider (the reconciler's
 * rules, now, for one payment): null for a payment in a status with nothing
 * to check (succeeded, failed, canceled, reversed).
 */
export function checkableFrom(status: string, createdAt: Date | string): Date | null {
  const minutes = status === "pending" ? RECONCILE_STALE_MINUTES : status === "processing" ? RECONCILE_PROCESSING_STALE_MINUTES : null
  return minutes === null ? null : new Date(new Date(createdAt).getTime() + minutes * 60_000)
}
