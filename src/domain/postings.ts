/**
 * The ledger entries the invoicing module posts, as plain data: who, what,
 * how much (minor units) and the description the customer reads. Pure.
 */
import { formatDisplayId } from "./invoice-status"
import type { LedgerEntryType } from "./ledger"
import { toMajor } from "./money"

export type LedgerPosting = {
  customer_id: string
  currency_code: string
  type: LedgerEntryType
  /** magnitude in minor units (signed only for `adjustment`) */
  amount: bigint
  reference_type: string
  reference_id: string
  description?: string | null
  occurred_at: Date
}

/** The invoice a posting is about. */
export type PostedInvoice = { id: string; display_id: number; customer_id: string; currency_code: string }

/** "12.50 USD" */
function money(minor: bigint, currency: string): string {
  return `${toMajor(minor, currency)} ${currency.toUpperCase()}`
}

/** An issued invoice's whole amount becomes owed. */
export function invoicePosting(invoice: PostedInvoice, total: bigint, occurredAt: Date): LedgerPosting {
  return {
    customer_id: invoice.customer_id,
    currency_code: invoice.currency_code,
    type: "invoice",
    amount: total,
    reference_type: "invoice",
    reference_id: invoice.id,
    description: `Invoice ${formatDisplayId(invoice.display_id)}`,
    occurred_at: occurredAt,
  }
}

/** A voided invoice's amount is no longer owed; `undone`: the void undoes its issue. */
export function voidPosting(invoice: PostedInvoice, amount: bigint, occurredAt: Date, undone = false): LedgerPosting {
  return {
    customer_id: invoice.customer_id,
    currency_code: invoice.currency_code,
    type: "void",
    amount,
    reference_type: "invoice",
    reference_id: invoice.id,
    description: `Invoice ${formatDisplayId(invoice.display_id)} voided${undone ? " (issue undone)" : ""}`,
    occurred_at: occurredAt,
  }
}

/** Credit applied to an invoice (balance unchanged), referencing the first allocation it made. */
export function creditAppliedPosting(
  invoice: PostedInvoice,
  allocationId: string,
  applied: bigint,
  occurredAt: Date
): LedgerPosting {
  return {
    customer_id: invoice.customer_id,
    currency_code: invoice.currency_code,
    type: "credit_applied",
    amount: 0n,
    reference_type: "payment_allocation",
    reference_id: allocationId,
    description: `Credit of ${money(applied, invoice.currency_code)} applied to ${formatDisplayId(invoice.display_id)}`,
    occurred_at: occurredAt,
  }
}

/** Credit returned to a payment from an invoice whose issue is undone (balance unchanged). */
export function creditReturnedPosting(
  invoice: PostedInvoice,
  allocationId: string,
  returned: bigint,
  occurredAt: Date
): LedgerPosting {
  return {
    customer_id: invoice.customer_id,
    currency_code: invoice.currency_code,
    type: "adjustment",
    amount: 0n,
    reference_type: "payment_allocation",
    reference_id: allocationId,
    description: `Credit of ${money(returned, invoice.currency_code)} returned from ${formatDisplayId(invoice.display_id)} (issue undone)`,
    occurred_at: occurredAt,
  }
}

/** A payment the customer made or is now owed again. */
export type PostedPayment = { id: string; customer_id: string; currency_code: string }

/** The ledger entry a succeeded payment posts: its whole amount, applied or left as credit. */
export function paymentPosting(
  payment: PostedPayment & { amount: bigint; occurred_at: Date },
  description?: string | null
): LedgerPosting {
  return {
    customer_id: payment.customer_id,
    currency_code: payment.currency_code,
    type: "payment",
    amount: payment.amount,
    reference_type: "customer_payment",
    reference_id: payment.id,
    description: description ?? "Payment received",
    occurred_at: payment.occurred_at,
  }
}

/** A returned or disputed payment: what was not refunded is owed again. */
export function reversalPosting(payment: PostedPayment, amount: bigint, reason: string, occurredAt: Date): LedgerPosting {
  return {
    customer_id: payment.customer_id,
    currency_code: payment.currency_code,
    type: "payment_reversal",
    amount,
    reference_type: "customer_payment",
    reference_id: payment.id,
    description: `Payment reversed (${reason})`,
    occurred_at: occurredAt,
  }
}

/**
 * A refund the provider made before a dispute or return, learned of only
 * after the reversal had counted it as taken back by the bank: the reversal
 * is reduced by it (an `adjustment` of minus the refund), beside the
 * refund's own entry, so the two together leave the balance as it was.
 */
export function reversalReducedPosting(payment: PostedPayment, refunded: bigint, occurredAt: Date): LedgerPosting {
  return {
    customer_id: payment.customer_id,
    currency_code: payment.currency_code,
    type: "adjustment",
    amount: -refunded,
    reference_type: "customer_payment",
    reference_id: payment.id,
    description: `Reversal reduced: ${money(refunded, payment.currency_code)} had been refunded before it`,
    occurred_at: occurredAt,
  }
}

/** Money handed back on a payment, referencing the refund. */
export function refundPosting(
  payment: PostedPayment,
  refund: { amount: bigint; reference: string; reason?: string | null; occurred_at: Date }
): LedgerPosting {
  return {
    customer_id: payment.customer_id,
    currency_code: payment.currency_code,
    type: "refund",
    amount: refund.amount,
    reference_type: "customer_payment_refund",
    reference_id: refund.reference,
    description: refund.reason ? `Refund: ${refund.reason}` : "Refund",
    occurred_at: refund.occurred_at,
  }
}
