/**
 * Autopay decisions (DESIGN sec. 6, 9; issue 5), pure: which invoices a run
 * charges, how a run's charge is keyed so that a repeated or overlapping run
 * can never charge twice, when a failed charge is retried, and when the
 * pre-debit notice goes out. `now` is always passed in.
 */
import { endOfBusinessDay } from "./business-day"
import { createHash } from "crypto"
import { AllocatableInvoice, compareOldestFirst, payableAmount } from "./allocation"
import { isPayableStatus } from "./invoice-status"
import { MoneyError, sumMinor, toMinor } from "./money"

export const AUTOPAY_STATUSES = ["active", "paused", "canceled"] as const
export type AutopayStatus = (typeof AUTOPAY_STATUSES)[number]

export type AutopayChargeOn = "due_date" | "issue_date"

/** The failure reason of an off-session charge the bank wants the customer to confirm (SCA): not a decline to retry. */
export const AUTHENTICATION_REQUIRED = "authentication_required"

/**
 * The failure reason of an autopay charge released before it reached the
 * provider because the customer turned autopay off (canceled, paused, or
 * enrolled another method) after it was reserved: nothing was charged.
 */
export const AUTOPAY_TURNED_OFF = "autopay_turned_off"

/** How emails explain an off-session charge the bank wants the customer to confirm (`authentication_required`). */
export const AUTHENTICATION_REQUIRED_TEXT = "your bank asks you to confirm this payment yourself"

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * The date an invoice becomes chargeable by autopay: its due date (an invoice
 * without one is due on issue), or its issue date when the portal charges on
 * issue. Null for an invoice that is not issued.
 */
export function autopayChargeDate(
  invoice: Pick<AllocatableInvoice, "issued_at" | "due_at">,
  chargeOn: AutopayChargeOn
): Date | null {
  if (!invoice.issued_at) return null
  if (chargeOn === "issue_date") return invoice.issued_at
  return invoice.due_at ?? invoice.issued_at
}

/**
 * Whether autopay may charge the invoice at `now`: a due date (a calendar
 * day) once that day has come where the business is (`timeZone`), all of it;
 * an issue date (an instant: charging on issue, or an invoice due on
 * receipt) once it has passed. Never before the due date's day begins for
 * the business, so a Californian invoice due on the 15th is not charged at
 * 4 pm on the 14th (00:00 UTC on the 15th).
 */
export function isChargeableAt(
  invoice: Pick<AllocatableInvoice, "issued_at" | "due_at">,
  chargeOn: AutopayChargeOn,
  now: Date,
  timeZone: string
): boolean {
  if (!invoice.issued_at) return false
  if (chargeOn === "due_date" && invoice.due_at) return invoice.due_at.getTime() <= endOfBusinessDay(now, timeZone).getTime()
  return invoice.issued_at.getTime() <= now.getTime()
}

/**
 * The invoices an autopay run charges now, oldest first: issued, payable
 * (nothing in flight covers them entirely) and chargeable (`isChargeableAt`).
 * An invoice with a reservation in flight is charged only for what is left:
 * callers skip invoices whose payable amount is zero, so a manual payment in
 * flight is never charged again.
 */
export function selectDueInvoices<T extends AllocatableInvoice>(
  invoices: readonly T[],
  opts: { charge_on: AutopayChargeOn; now: Date; time_zone: string; currency_code?: string }
): T[] {
  return invoices
    .filter((invoice) => {
      if (!isPayableStatus(invoice.status)) return false
      if (opts.currency_code && invoice.currency_code !== opts.currency_code) return false
      if (payableAmount(invoice) <= 0n) return false
      return isChargeableAt(invoice, opts.charge_on, opts.now, opts.time_zone)
    })
    .sort(compareOldestFirst)
}

/** Total of the payable amounts, minor units. */
export function totalPayable(invoices: readonly AllocatableInvoice[]): bigint {
  return sumMinor(invoices.map(payableAmount))
}

/**
 * The idempotency key of an autopay charge: the enrollment plus the exact set
 * of invoices (order-independent) plus the attempt number. Two runs that see
 * the same due invoices derive the same key, so the payment workflow returns
 * the first run's payment instead of charging again; a retry after a failure
 * uses the next attempt number.
 */
export function autopayIdempotencyKey(enrollmentId: string, invoiceIds: readonly string[], attempt: number): string {
  return `autopay:${enrollmentId}:${invoiceSetKey(invoiceIds)}:${attempt}`
}

/** Identifies a set of invoices whatever their order: the retries of one charge share it. */
export function invoiceSetKey(invoiceIds: readonly string[]): string {
  return createHash("sha256").update([...new Set(invoiceIds)].sort().join(",")).digest("hex").slice(0, 32)
}

/**
 * How early a scheduled run may take a retry: runs are a day apart by the
 * business's clock, which is 23 or 25 hours across a daylight-saving change
 * (and a run starts a few milliseconds later or earlier in its minute), while
 * a retry is due a whole number of 24-hour days after the failure. Without
 * it, every retry after a spring-forward (or a run that started 1 ms early)
 * waits a day more.
 */
export const RETRY_GRACE_MS = 2 * 60 * 60 * 1000

/** Whether a failed charge whose retry is due at `nextRetryAt` is retried by a run at `now` (`RETRY_GRACE_MS`). */
export function isRetryDue(nextRetryAt: Date, now: Date): boolean {
  return nextRetryAt.getTime() - RETRY_GRACE_MS <= now.getTime()
}

/**
 * When a failed autopay charge is retried: `retryDays` are days after the
 * first failure (e.g. [1, 3, 5]). Returns null once every retry is used —
 * autopay then stops for those invoices and tells the customer and business.
 * `failures` counts the failed attempts so far (1 after the first failure).
 */
export function nextRetryAt(firstFailureAt: Date, retryDays: readonly number[], failures: number): Date | null {
  const days = [...retryDays].filter((d) => Number.isFinite(d) && d > 0).sort((a, b) => a - b)
  const index = failures - 1
  if (failures < 1 || index >= days.length) return null
  return new Date(firstFailureAt.getTime() + days[index] * DAY_MS)
}

/**
 * Whether a pre-debit notice for a charge expected on `chargeDate` is due at
 * `now` (ACH: NACHA-style advance notice). A notice goes out once, from
 * `noticeDays` before the charge date; with 0 days no notice is needed.
 */
export function preDebitNoticeDue(chargeDate: Date, noticeDays: number, now: Date): boolean {
  if (noticeDays <= 0) return false
  const from = chargeDate.getTime() - noticeDays * DAY_MS
  return now.getTime() >= from && now.getTime() < chargeDate.getTime()
}

/**
 * A customer's limit per autopay charge. A limit is an amount of one
 * currency: minor units of `currency_code`.
 */
export type AutopayCap = { amount: bigint; currency_code: string }

/**
 * Reads the limit a customer entered (major units) exactly in its currency:
 * more decimals than the currency has (¥100.5) or an amount that is not more
 * than 0 is refused, naming `max_amount`.
 */
export function autopayCapFromInput(maxAmount: string, currency: string): AutopayCap {
  const amount = toMinor(maxAmount, currency, "max_amount")
  if (amount <= 0n) throw new MoneyError("max_amount must be greater than 0", "max_amount")
  return { amount, currency_code: currency.toLowerCase() }
}

/**
 * The charge decision for one enrollment and one currency, in minor units of
 * that currency: charge the due invoices unless the customer's limit per
 * charge is lower than the total — then nothing is charged (a partial
 * autopay would surprise the customer) and the run records why.
 *
 * The limit only applies to charges in its own currency. An enrollment
 * charges every currency the customer owes in, and a limit of 500 USD says
 * nothing about a JPY invoice: charges in other currencies have no limit.
 */
export function autopayChargeDecision(
  due: readonly AllocatableInvoice[],
  limit: { currency_code: string; cap: AutopayCap | null }
): { charge: true; amount: bigint; invoice_ids: string[] } | { charge: false; reason: "nothing_due" | "over_limit"; amount: bigint } {
  const amount = totalPayable(due)
  if (amount <= 0n) return { charge: false, reason: "nothing_due", amount }
  const max = capInCurrency(limit.cap, limit.currency_code)
  if (max !== null && amount > max) return { charge: false, reason: "over_limit", amount }
  return { charge: true, amount, invoice_ids: due.map((i) => i.id) }
}

/** The limit, in minor units, for charges in `currency`; null (no limit) for another currency. */
export function capInCurrency(cap: AutopayCap | null, currency: string): bigint | null {
  if (!cap) return null
  return cap.currency_code.toLowerCase() === currency.toLowerCase() ? cap.amount : null
}
