import type { Invoice } from "../../api/types"
import { sumMinor, toMajor, toMinor } from "../../../../src/domain/money"

export type SelectedInvoice = Pick<Invoice, "id" | "number" | "currency_code" | "amount_due" | "amount_pending">

/** What a payment can still take of an invoice, in minor units: what is due less what is already on its way (ACH). */
export function payableMinor(invoice: Pick<Invoice, "currency_code" | "amount_due" | "amount_pending">): bigint {
  const c = invoice.currency_code
  const left = toMinor(invoice.amount_due, c, "amount_due") - toMinor(invoice.amount_pending, c, "amount_pending")
  return left > 0n ? left : 0n
}

export function payableAmount(invoice: Pick<Invoice, "currency_code" | "amount_due" | "amount_pending">): string {
  return toMajor(payableMinor(invoice), invoice.currency_code)
}

/**
 * What paying the selected invoices comes to, exactly: each payable amount
 * in integer minor units (bigint), summed, and back to a major-unit decimal
 * string for formatMoney. All of one currency (the page allows no other
 * selection).
 */
export function selectionTotal(invoices: readonly SelectedInvoice[]): { currency_code: string; total: string } | null {
  if (invoices.length === 0) return null
  const currency = invoices[0].currency_code
  return { currency_code: currency, total: toMajor(sumMinor(invoices.map(payableMinor)), currency) }
}
