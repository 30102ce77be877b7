/**
 * The placeholder values of the "invoice issued" email (`billing.invoice_issued`),
 * pure: plain invoice data in, strings out. Amounts come from minor units
 * through `toMajor`, so "90.00 USD", "1235 JPY" and "12.345 KWD" are exact;
 * dates are calendar dates in UTC, as invoices store them.
 */
import { formatDisplayId } from "./invoice-status"
import { toMajor } from "./money"

export type InvoiceEmailLine = {
  title: string
  /** decimal string as entered ("2", "2.5") */
  quantity: string
  unit_price: bigint
  total: bigint
  rank?: number
}

export type InvoiceEmailInput = {
  id: string
  display_id: number | bigint
  currency_code: string
  issued_at: Date | null
  due_at: Date | null
  notes: string | null
  /** minor units */
  total: bigint
  amount_paid: bigint
  amount_due: bigint
  lines: InvoiceEmailLine[]
}

export type InvoiceEmailLinks = {
  /** the invoice's page in the portal */
  invoice_url: string
  /** where the customer pays it (the invoice page until pay links exist) */
  payment_url: string
}

/** "March 14, 2026": the UTC calendar date, never the server's time zone. */
export function formatEmailDate(date: Date | null): string {
  if (!date) return ""
  return date.toLocaleDateString("en-US", { dateStyle: "long", timeZone: "UTC" })
}

/**
 * The portal page of one invoice: `<portalUrl>/invoices/<id>` (the hosted
 * portal's route). A trailing slash on the configured portal URL is not doubled.
 */
export function invoicePageUrl(portalUrl: string, invoiceId: string): string {
  return `${portalUrl.replace(/\/+$/, "")}/invoices/${encodeURIComponent(invoiceId)}`
}

/** "Spring clean-up — 2 × 45.00 = 90.00 USD" */
export function formatInvoiceEmailLine(line: InvoiceEmailLine, currency: string): string {
  const code = currency.toUpperCase()
  return `${line.title} — ${line.quantity} × ${toMajor(line.unit_price, currency)} = ${toMajor(line.total, currency)} ${code}`
}

/** Everything the template documents under `invoice.*`, plus `invoice_url` and `payment_url`. */
export function invoiceEmailVars(invoice: InvoiceEmailInput, links: InvoiceEmailLinks) {
  const c = invoice.currency_code
  const lines = [...invoice.lines].sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0))
  return {
    invoice: {
      id: invoice.id,
      number: formatDisplayId(invoice.display_id),
      total: toMajor(invoice.total, c),
      amount_paid: toMajor(invoice.amount_paid, c),
      amount_due: toMajor(invoice.amount_due, c),
      currency: c.toUpperCase(),
      issued_date: formatEmailDate(invoice.issued_at),
      due_date: formatEmailDate(invoice.due_at),
      lines: lines.map((line) => formatInvoiceEmailLine(line, c)),
      notes: invoice.notes ?? "",
    },
    invoice_url: links.invoice_url,
    payment_url: links.payment_url,
  }
}
