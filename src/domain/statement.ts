/**
 * Account statements (DESIGN sec. 14), pure: the arithmetic a statement
 * must satisfy before anyone prints it, and the aging bucket of an invoice.
 *
 * A statement is a chain: the opening balance, then ledger entries each
 * carrying its signed amount and the balance after it, then the closing
 * balance. Printing a chain that does not add up would hand a customer a
 * document contradicting itself, so `checkStatement` refuses it and names
 * the first link that breaks.
 */
import { parseIsoDate } from "./dates"
import { pastDueCutoff } from "./invoice-status"
import { decimalToMinor, MoneyError, toMajor } from "./money"

/** Raised when statement data does not add up; `entryIndex` is the first bad entry (0-based), when one is to blame. */
export class StatementError extends Error {
  readonly entryIndex?: number

  constructor(message: string, entryIndex?: number) {
    super(message)
    this.name = "StatementError"
    this.entryIndex = entryIndex
  }
}

export type StatementChain = {
  currency_code: string
  /** decimal string, major units */
  opening_balance: string
  entries: readonly { amount: string; balance_after: string }[]
  closing_balance: string
}

export type StatementTotals = {
  /** sum of the positive amounts (what increased the balance) */
  charges: string
  /** sum of the negative amounts, kept negative (payments, credits), so opening + charges + credits = closing */
  credits: string
  closing: string
}

/**
 * Minor units of one statement field. Balances are sums over many entries
 * and may exceed what a single input may be, so only the format is checked
 * (as `decimalToMinor` does), not `MAX_AMOUNT_MINOR`.
 */
function minorOf(value: string, currency: string, field: string, entryIndex?: number): bigint {
  if (typeof value !== "string") {
    throw new StatementError(`${field} must be a decimal string`, entryIndex)
  }
  try {
    return decimalToMinor(value, currency, field)
  } catch (error) {
    if (error instanceof MoneyError) throw new StatementError(error.message, entryIndex)
    throw error
  }
}

/**
 * Verifies that each entry's `balance_after` is the previous balance (the
 * opening balance for the first) plus its amount, and that the closing
 * balance is the last balance (so opening + every amount = closing). Throws a
 * StatementError naming the first entry that breaks the chain; returns the
 * totals as decimal strings of the statement's currency.
 */
export function checkStatement(statement: StatementChain): StatementTotals {
  const currency = statement.currency_code
  const show = (minor: bigint) => toMajor(minor, currency)
  let balance = minorOf(statement.opening_balance, currency, "opening_balance")
  let charges = 0n
  let credits = 0n

  statement.entries.forEach((entry, index) => {
    const amount = minorOf(entry.amount, currency, `entries[${index}].amount`, index)
    const stated = minorOf(entry.balance_after, currency, `entries[${index}].balance_after`, index)
    const expected = balance + amount
    if (stated !== expected) {
      throw new StatementError(
        `Statement does not add up at entries[${index}]: balance_after is ${show(stated)} ${currency.toUpperCase()}, ` +
          `but the previous balance ${show(balance)} plus its amount ${show(amount)} is ${show(expected)}`,
        index
      )
    }
    if (amount > 0n) charges += amount
    else credits += amount
    balance = stated
  })

  const closing = minorOf(statement.closing_balance, currency, "closing_balance")
  if (closing !== balance) {
    throw new StatementError(
      `Statement does not add up: closing_balance is ${show(closing)} ${currency.toUpperCase()}, ` +
        `but the opening balance plus every entry's amount is ${show(balance)}`
    )
  }
  return { charges: show(charges), credits: show(credits), closing: show(closing) }
}

export const AGING_BUCKET_KEYS = ["current", "1_30", "31_60", "61_90", "90_plus"] as const
export type AgingBucketKey = (typeof AGING_BUCKET_KEYS)[number]

const DAY_MS = 86_400_000

function instantOf(value: string, field: string): number {
  const date = typeof value === "string" ? parseIsoDate(value) : null
  if (!date) throw new StatementError(`${field} must be an ISO 8601 date, got ${JSON.stringify(value)}`)
  return date.getTime()
}

/**
 * The aging bucket of an open invoice as of `asOf`, by the same rule as the
 * receivables report's SQL (the invoicing module's `repositories/aging.ts`):
 * days past due count from the start of `asOf`'s day where the business is (`pastDueCutoff`:
 * a due date is a day, past once it is over). No due date, or due at or
 * after that moment (due today), is current; otherwise whole days past due,
 * rounded up — due yesterday is 1 day, exactly 30 days before today is
 * still 1–30, a millisecond more is 31–60.
 */
export function agingBucketFor(dueAt: string | null, asOf: string, timeZone: string): AgingBucketKey {
  const asOfMs = pastDueCutoff(new Date(instantOf(asOf, "asOf")), timeZone).getTime()
  if (dueAt === null) return "current"
  const pastDueMs = asOfMs - instantOf(dueAt, "dueAt")
  if (pastDueMs <= 0) return "current"
  if (pastDueMs <= 30 * DAY_MS) return "1_30"
  if (pastDueMs <= 60 * DAY_MS) return "31_60"
  if (pastDueMs <= 90 * DAY_MS) return "61_90"
  return "90_plus"
}
