/**
 * How a ledger entry reads on a statement: "Invoice INV-000123",
 * "Payment · txn_3Px…", "Refund", "Invoice INV-000120 voided" — never a raw
 * id of ours. Pure.
 *
 * Invoice, void, credit and refund entries carry a readable description from
 * the moment they are posted (`postings.ts`); payment entries only say
 * "Payment received", so the statement names the payment by the reference the
 * customer knows (the provider's transaction id, or the check number).
 */
import { formatDisplayId } from "./invoice-status"

export type DescribedEntry = {
  type: string
  description?: string | null
}

/** What the statement knows about the entry's reference (looked up in one query per kind). */
export type EntryReference = {
  /** invoice and void entries: the invoice's display id */
  invoice_display_id?: number | null
  /** payment and payment_reversal entries: the payment */
  payment?: {
    method?: string | null
    transaction_id?: string | null
    /** "Visa •••• 4242", "Check #1042" (`paymentMethodLabel`) */
    method_label?: string | null
    failure_reason?: string | null
  } | null
}

/**
 * How the statement names a payment: its method and the reference the
 * customer can match against their bank or card statement ("Visa •••• 4242 ·
 * pi_3Q…", "Check #1042"). A label that already carries the reference (a
 * check number) is not followed by it again.
 */
function paymentName(payment: EntryReference["payment"]): string | null {
  if (!payment) return null
  const transaction = payment.transaction_id?.trim() || null
  const label = payment.method_label?.trim() || null
  if (!label) return transaction
  if (!transaction || label.includes(transaction)) return label
  return `${label} · ${transaction}`
}

const FALLBACKS: Readonly<Record<string, string>> = {
  invoice: "Invoice",
  void: "Invoice voided",
  payment: "Payment",
  payment_reversal: "Payment reversed",
  refund: "Refund",
  credit_applied: "Credit applied",
  adjustment: "Adjustment",
}

export function ledgerEntryDescription(entry: DescribedEntry, reference: EntryReference = {}): string {
  const stored = entry.description?.trim() || null
  const invoice = reference.invoice_display_id != null ? formatDisplayId(reference.invoice_display_id) : null
  const payment = paymentName(reference.payment)
  switch (entry.type) {
    case "invoice":
      return invoice ? `Invoice ${invoice}` : stored ?? FALLBACKS.invoice
    case "void":
      return stored ?? (invoice ? `Invoice ${invoice} voided` : FALLBACKS.void)
    case "payment":
      return payment ? `Payment · ${payment}` : FALLBACKS.payment
    case "payment_reversal": {
      const reason = reference.payment?.failure_reason?.trim()
      const base = payment ? `Payment reversed · ${payment}` : FALLBACKS.payment_reversal
      return reason ? `${base} (${reason})` : base
    }
    default:
      return stored ?? FALLBACKS[entry.type] ?? entry.type
  }
}
