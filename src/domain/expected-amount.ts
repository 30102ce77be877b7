import { currencyExponent, toMajor } from "./money"

/** The machine-readable code of a 409 answered when the amount to pay is not the one the customer saw. */
export const BALANCE_CHANGED_CODE = "balance_changed"

/** What the server would charge differs from what the customer was shown. */
export type BalanceChange = {
  /** what the payment would charge now, minor units */
  amount: bigint
  /** what the customer saw (the request's `expected_amount`), minor units */
  expected_amount: bigint
  currency_code: string
}

/**
 * The customer's `expected_amount` against what the server computed, both in
 * exact minor units of one currency: null when they agree (or when the
 * request named no expected amount), else the change to report. Never
 * compares major-unit decimals or floats ("10.5" and "10.50" agree).
 */
export function balanceChange(
  amount: bigint,
  expected: bigint | undefined | null,
  currency: string
): BalanceChange | null {
  if (expected === undefined || expected === null || expected === amount) return null
  return { amount, expected_amount: expected, currency_code: currency.toLowerCase() }
}

/** An amount in words for a customer: `$1,234.50`, `¥500`, exact from the decimal string. */
export function customerAmount(minor: bigint, currency: string): string {
  const exponent = currencyExponent(currency)
  const format = new Intl.NumberFormat("en-US", {
    style: "currency",
    currency: currency.toUpperCase(),
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  }).format as unknown as (decimal: string) => string
  // ES2023 formats a decimal string exactly (no double in between)
  return format(toMajor(minor, currency))
}

/** "Your balance changed: the amount to pay is now $X (you saw $Y). Review and pay again." */
export function balanceChangedMessage(change: BalanceChange): string {
  const now = customerAmount(change.amount, change.currency_code)
  const saw = customerAmount(change.expected_amount, change.currency_code)
  return `Your balance changed: the amount to pay is now ${now} (you saw ${saw}). Review and pay again.`
}
