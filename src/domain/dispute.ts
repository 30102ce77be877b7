import { toMajor } from "./money"

/**
 * What a provider says a dispute took, in minor units of its currency
 * (Stripe's `dispute.amount`). Billing reverses what the payment had not
 * refunded (the invoices it paid reopen); a dispute can take another amount:
 * the whole charge though part was refunded (the customer got that part back
 * twice), or one disputed item of several.
 */
export type DisputeTaken = { amount: bigint; currency_code: string }

/**
 * The admin's note when the dispute took other than what billing reversed
 * (`reversed`, with `refunded` already given back), else null. A dispute in
 * another currency than the payment's (converted by the bank) says nothing:
 * the amounts cannot be compared.
 */
export function disputeDifferenceNote(
  taken: DisputeTaken | null | undefined,
  payment: { reversed: bigint; refunded: bigint; currency_code: string }
): string | null {
  if (!taken || taken.currency_code.toLowerCase() !== payment.currency_code.toLowerCase()) return null
  const money = (minor: bigint) => `${toMajor(minor, payment.currency_code)} ${payment.currency_code.toUpperCase()}`
  if (taken.amount > payment.reversed) {
    return (
      `The dispute took ${money(taken.amount)}, ${money(taken.amount - payment.reversed)} more than the ${money(payment.reversed)} not refunded ` +
      `(${money(payment.refunded)} had been refunded): the customer got that money back twice. ` +
      `Contest the dispute with the refund, or collect it from the customer.`
    )
  }
  if (taken.amount < payment.reversed) {
    return (
      `The dispute took ${money(taken.amount)}, ${money(payment.reversed - taken.amount)} less than the ${money(payment.reversed)} billing reversed ` +
      `(what had not been refunded, and the invoices it paid are open again). ` +
      `If the rest of the payment stands, record ${money(payment.reversed - taken.amount)} as an offline payment.`
    )
  }
  return null
}

/** A dispute's amount as Stripe sends it (a non-negative integer of minor units), else null. */
export function disputeTakenFrom(object: { amount?: unknown; currency?: unknown }): DisputeTaken | null {
  const { amount, currency } = object
  if (typeof amount !== "number" || !Number.isSafeInteger(amount) || amount < 0) return null
  if (typeof currency !== "string" || !/^[a-z]{3}$/i.test(currency)) return null
  return { amount: BigInt(amount), currency_code: currency.toLowerCase() }
}
