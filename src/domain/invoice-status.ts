import { businessDay } from "./business-day"

export const INVOICE_STATUSES = ["draft", "open", "partially_paid", "paid", "void"] as const
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number]

/**
 * The status an invoice should have after its paid amount changed.
 * Draft and void are decided by people (issuing, voiding), never by money,
 * so they are kept; the other three follow from the amounts alone.
 */
export function deriveInvoiceStatus(current: InvoiceStatus, total: bigint, amountPaid: bigint): InvoiceStatus {
  if (current === "draft" || current === "void") {
    return current
  }
  if (amountPaid >= total) {
    return "paid"
  }
  if (amountPaid > 0n) {
    return "partially_paid"
  }
  return "open"
}

/** An invoice's money, minor units, and its status. */
export interface InvoiceMoney {
  status: InvoiceStatus
  total: bigint
  paid: bigint
  pending: bigint
}

/**
 * An invoice after `pending` (reserved by in-flight payments) and `paid`
 * (applied) moved by the given signed amounts: the new amounts, `due`
 * (total − paid) and the status derived from them.
 */
export function moveInvoiceMoney(
  invoice: InvoiceMoney,
  change: { paid?: bigint; pending?: bigint }
): { paid: bigint; pending: bigint; due: bigint; status: InvoiceStatus } {
  const paid = invoice.paid + (change.paid ?? 0n)
  const pending = invoice.pending + (change.pending ?? 0n)
  return { paid, pending, due: invoice.total - paid, status: deriveInvoiceStatus(invoice.status, invoice.total, paid) }
}

/** What is still owed on an invoice; an overpayment never shows as a negative due. */
export function amountDue(total: bigint, amountPaid: bigint): bigint {
  const due = total - amountPaid
  return due > 0n ? due : 0n
}

/** Whether a customer can still be asked to pay this invoice. */
export function isPayableStatus(status: InvoiceStatus): boolean {
  return status === "open" || status === "partially_paid"
}

export interface OverdueCheckable {
  status: InvoiceStatus
  due_at: Date | null
  total: bigint
  amount_paid: bigint
}

/**
 * Unpaid and past its due date: the due date's day is over where the
 * business is (`pastDueCutoff`); an invoice due today is not overdue. `now`
 * is passed in so callers (and tests) decide what time it is.
 */
export function isOverdue(invoice: OverdueCheckable, now: Date, timeZone: string): boolean {
  return (
    isPayableStatus(invoice.status) &&
    amountDue(invoice.total, invoice.amount_paid) > 0n &&
    invoice.due_at !== null &&
    invoice.due_at.getTime() < pastDueCutoff(now, timeZone).getTime()
  )
}

/**
 * From when an invoice is past due, as of `now`: the start of the business's
 * day at `now` (`businessDay`, in the plugin's `timeZone`), as its midnight
 * UTC. A due date is a calendar day (the admin picks one; it is stored as its
 * midnight UTC, and the PDFs, emails and portal print it as that day), so
 * "due Jan 15" is past due from Jan 16 where the business is, not from
 * 00:00:01 on the 15th. Everything that says "past due" compares
 * `due_at < pastDueCutoff(now, timeZone)`: `is_overdue`, the balances' past
 * due, the aging report and its buckets, the invoice filters, the invoice
 * PDF's stamp.
 */
export function pastDueCutoff(now: Date, timeZone: string): Date {
  return businessDay(now, timeZone)
}

const DISPLAY_ID_MIN_DIGITS = 6

/** `INV-000123`: at least six digits, more once the sequence outgrows them. */
export function formatDisplayId(n: number | bigint): string {
  const isWholeNumber = typeof n === "bigint" || Number.isSafeInteger(n)
  if (!isWholeNumber || n < 0) {
    throw new RangeError(`display_id must be a non-negative integer, got ${String(n)}`)
  }
  return `INV-${n.toString().padStart(DISPLAY_ID_MIN_DIGITS, "0")}`
}
