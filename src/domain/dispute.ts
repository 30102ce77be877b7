import { currencyExponent, toMajor } from "./money"

/**
 * What a provider says a dispute took, in minor units of its currency
 * (Stripe's `dispute.amount`). Billing reverses what the payment had not
 * refunded (the invoices it paid reopen); a dispute can take another amount:
 * the whole charge though part was refunded (the customer got that part back
 * twice), or one disputed item of several.
 */
export type DisputeTaken = {
  amount: bigint
  currency_code: string
  /** how far apart (minor units) it may be from an amount and still be that amount as the provider charged it (rounded to its own unit) */
  tolerance?: bigint
}

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
  const apart = taken.amount > payment.reversed ? taken.amount - payment.reversed : payment.reversed - taken.amount
  if (apart <= (taken.tolerance ?? 0n)) return null
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

/** A dispute's amount as Stripe sends it: a non-negative integer of Stripe's smallest unit of the currency. */
export type StripeDisputeAmount = { stripe_amount: bigint; currency_code: string }

/** A dispute's amount as Stripe sends it, else null. */
export function stripeDisputeAmountFrom(object: { amount?: unknown; currency?: unknown }): StripeDisputeAmount | null {
  const { amount, currency } = object
  if (typeof amount !== "number" || !Number.isSafeInteger(amount) || amount < 0) return null
  if (typeof currency !== "string" || !/^[a-z]{3}$/i.test(currency)) return null
  return { stripe_amount: BigInt(amount), currency_code: currency.toLowerCase() }
}

/**
 * Stripe's amount in this project's minor units. Stripe's unit is not always
 * ISO's (`stripeUnitsPerMajor`: 100 for USD and ISK, 1 for JPY and MGA, 1000
 * for KWD, whose charges Stripe rounds to tens): converted exactly where the
 * project's unit is the smaller one, rounded half up where it is the larger
 * one (ISK). `tolerance` is the rounding of what Stripe charged: an amount of
 * the project's within one Stripe step is the same charge.
 */
export function disputeTakenFromStripe(dispute: StripeDisputeAmount, stripeUnitsPerMajor: bigint): DisputeTaken {
  const projectPerMajor = 10n ** BigInt(currencyExponent(dispute.currency_code))
  // three-decimal currencies are charged in tens of Stripe's unit
  const stripeStep = stripeUnitsPerMajor === 1000n ? 10n : 1n
  if (projectPerMajor >= stripeUnitsPerMajor) {
    const factor = projectPerMajor / stripeUnitsPerMajor
    return { amount: dispute.stripe_amount * factor, currency_code: dispute.currency_code, tolerance: stripeStep * factor - 1n }
  }
  const divisor = stripeUnitsPerMajor / projectPerMajor
  return { amount: (dispute.stripe_amount + divisor / 2n) / divisor, currency_code: dispute.currency_code, tolerance: 0n }
}
