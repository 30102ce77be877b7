/** A customer's balances in one currency (pure). */
import { maxBig } from "./money"

/** Balances of one customer in one currency, integer minor units. */
export type AccountBalance = {
  currency_code: string
  total_balance: bigint
  current_charges: bigint
  past_due: bigint
  /** what open invoices owe that is not due yet: past_due + not_yet_due − credit = total_balance */
  not_yet_due: bigint
  pending: bigint
  credit: bigint
}

/** The stored figures a balance is computed from, minor units. */
export type BalanceFigures = {
  currency_code: string
  /** the last ledger entry's balance_after */
  balance: bigint
  /** what open invoices not yet due (or without a due date) still owe */
  not_yet_due: bigint
  current_charges: bigint
  credit: bigint
  pending: bigint
}

/**
 * balance = owed − credit (DESIGN invariant 3), so owed = balance + credit;
 * past due is owed less what is not yet due, and not yet due the rest of
 * owed, so that past due + not yet due − credit is the balance exactly.
 */
export function accountBalance(figures: BalanceFigures): AccountBalance {
  const owed = figures.balance + figures.credit
  const past_due = maxBig(owed - figures.not_yet_due, 0n)
  return {
    currency_code: figures.currency_code,
    total_balance: figures.balance,
    current_charges: figures.current_charges,
    past_due,
    not_yet_due: maxBig(owed - past_due, 0n),
    pending: figures.pending,
    credit: figures.credit,
  }
}
