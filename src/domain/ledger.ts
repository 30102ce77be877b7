/**
 * The customer ledger is append-only. Each entry's `amount` is signed so that
 * a positive amount increases what the customer owes, and `balance_after` is
 * the running sum per customer and currency.
 */
export const LEDGER_ENTRY_TYPES = [
  "invoice",
  "payment",
  "payment_reversal",
  "refund",
  "void",
  "credit_applied",
  "adjustment",
] as const
export type LedgerEntryType = (typeof LEDGER_ENTRY_TYPES)[number]

export type LedgerSign = -1 | 0 | 1

const SIGNS: Readonly<Record<LedgerEntryType, LedgerSign>> = {
  invoice: 1, // a new charge is owed
  payment: -1, // money received reduces what is owed (or builds credit)
  payment_reversal: 1, // a returned or disputed payment is owed again
  refund: 1, // money handed back is no longer a credit the customer holds
  void: -1, // the voided invoice's remaining amount is no longer owed
  // Moving existing credit onto an invoice lowers the invoice's due and the
  // credit by the same amount: the net balance does not change.
  credit_applied: 0,
  // Adjustments go either way; their magnitude already carries the sign.
  adjustment: 1,
}

/** The sign applied to an entry's magnitude; `adjustment` passes its signed magnitude through. */
export function ledgerSign(type: LedgerEntryType): LedgerSign {
  return SIGNS[type]
}

export interface PostedEntry {
  amount: bigint
  balance_after: bigint
}

/**
 * Signed amount and running balance of a new entry. `magnitude` is a
 * non-negative amount in minor units, except for `adjustment`, where it is
 * already signed. A `credit_applied` entry records the event but posts 0n.
 */
export function postEntry(prevBalance: bigint, type: LedgerEntryType, magnitude: bigint): PostedEntry {
  if (!Object.prototype.hasOwnProperty.call(SIGNS, type)) {
    throw new RangeError(`Unknown ledger entry type ${String(type)}`)
  }
  if (type !== "adjustment" && magnitude < 0n) {
    throw new RangeError(`A ${type} ledger entry needs a non-negative magnitude, got ${magnitude}`)
  }
  const amount = BigInt(ledgerSign(type)) * magnitude
  return { amount, balance_after: prevBalance + amount }
}
