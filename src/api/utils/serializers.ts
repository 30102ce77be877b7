import { type AllocationPreview } from "../../domain/allocation"
import { formatDisplayId, isOverdue, InvoiceStatus } from "../../domain/invoice-status"
import { payLinkTotals } from "../../domain/pay-links"
import { sanitizeMethodDetails } from "../../domain/payment-method-label"
import type { AccountBalance } from "../../modules/invoicing/service"
import type { LoadedPayLink } from "../../workflows/pay-links/load-pay-link"
import { majorNumber, minorFromField } from "../../utils/money"

/** What clients see of an invoice. Money is in major units, as everywhere in Medusa's API. */
/** `timeZone`: the business's (`businessTimeZone`), whose day at `now` decides `is_overdue`. */
export function serializeInvoice(invoice: Record<string, any>, now: Date, timeZone: string, options: { admin?: boolean } = {}) {
  const c = invoice.currency_code
  const money = (field: string) => majorNumber(minorFromField(invoice, field, c), c)
  const result: Record<string, unknown> = {
    id: invoice.id,
    display_id: invoice.display_id,
    number: formatDisplayId(invoice.display_id),
    customer_id: invoice.customer_id,
    currency_code: c,
    status: invoice.status,
    is_overdue: isOverdue(
      {
        status: invoice.status as InvoiceStatus,
        due_at: invoice.due_at ? new Date(invoice.due_at) : null,
        total: minorFromField(invoice, "total", c),
        amount_paid: minorFromField(invoice, "amount_paid", c),
      },
      now,
      timeZone
    ),
    issued_at: invoice.issued_at,
    due_at: invoice.due_at,
    subtotal: money("subtotal"),
    tax_total: money("tax_total"),
    total: money("total"),
    amount_paid: money("amount_paid"),
    amount_pending: money("amount_pending"),
    amount_due: money("amount_due"),
    order_id: invoice.order_id ?? null,
    notes: invoice.notes ?? null,
    created_at: invoice.created_at,
    updated_at: invoice.updated_at,
  }
  if (options.admin) {
    result.voided_at = invoice.voided_at ?? null
    result.metadata = invoice.metadata ?? null
  }
  if (Array.isArray(invoice.lines)) result.lines = serializeInvoiceLines(invoice.lines, c)
  if (Array.isArray(invoice.allocations)) {
    result.allocations = invoice.allocations
      .filter((a: any) => a.status === "applied" || a.status === "reserved" || options.admin)
      .map((a: any) => ({
        id: a.id,
        customer_payment_id: a.customer_payment_id ?? a.customer_payment?.id,
        amount: majorNumber(minorFromField(a, "amount", c), c),
        status: a.status,
        created_at: a.created_at,
      }))
  }
  return result
}

/** An invoice's lines in the invoice's order (`rank`), as clients see them. */
export function serializeInvoiceLines(lines: Array<Record<string, any>>, currencyCode: string) {
  return [...lines]
    .sort((a, b) => a.rank - b.rank)
    .map((line) => ({
      id: line.id,
      title: line.title,
      description: line.description ?? null,
      quantity: line.quantity,
      unit_price: majorNumber(minorFromField(line, "unit_price", currencyCode), currencyCode),
      total: majorNumber(minorFromField(line, "total", currencyCode), currencyCode),
      service_date: line.service_date ?? null,
    }))
}

export function serializeBalance(balance: AccountBalance) {
  const c = balance.currency_code
  return {
    currency_code: c,
    total_balance: majorNumber(balance.total_balance, c),
    current_charges: majorNumber(balance.current_charges, c),
    past_due: majorNumber(balance.past_due, c),
    not_yet_due: majorNumber(balance.not_yet_due, c),
    pending: majorNumber(balance.pending, c),
    credit: majorNumber(balance.credit, c),
  }
}

export function serializeLedgerEntry(entry: Record<string, any>) {
  const c = entry.currency_code
  return {
    id: entry.id,
    type: entry.type,
    currency_code: c,
    amount: majorNumber(minorFromField(entry, "amount", c), c),
    balance_after: majorNumber(minorFromField(entry, "balance_after", c), c),
    reference_type: entry.reference_type,
    reference_id: entry.reference_id,
    description: entry.description ?? null,
    occurred_at: entry.occurred_at,
  }
}

/** A customer payment as its receipt shows it. */
/**
 * A customer payment. `allocations_limit` (the payment-creation answers,
 * DESIGN sec. 5): at most that many allocations, oldest first as stored,
 * plus `allocation_count`; GET …/payments/:id (the receipt) lists them all.
 */
export function serializePayment(payment: Record<string, any>, extra: { next_action?: unknown; allocations_limit?: number } = {}) {
  const c = payment.currency_code
  const money = (record: Record<string, any>, field: string) => majorNumber(minorFromField(record, field, c), c)
  return {
    id: payment.id,
    status: payment.status,
    mode: payment.mode,
    method: payment.method,
    source: payment.source,
    currency_code: c,
    amount: money(payment, "amount"),
    unapplied_amount: money(payment, "unapplied_amount"),
    refunded_amount: money(payment, "refunded_amount"),
    transaction_id: payment.transaction_id ?? null,
    /** brand and last4, bank and last4, or how an offline payment came in; never a number */
    method_details: sanitizeMethodDetails(payment.method_details),
    failure_reason: payment.failure_reason ?? null,
    note: payment.note ?? null,
    completed_at: payment.completed_at ?? null,
    created_at: payment.created_at,
    allocations: Array.isArray(payment.allocations)
      ? (extra.allocations_limit !== undefined ? payment.allocations.slice(0, extra.allocations_limit) : payment.allocations).map((a: any) => ({
          id: a.id,
          invoice_id: a.invoice_id ?? a.invoice?.id,
          amount: money(a, "amount"),
          status: a.status,
        }))
      : undefined,
    ...(extra.allocations_limit !== undefined && Array.isArray(payment.allocations)
      ? { allocation_count: payment.allocations.length }
      : {}),
    ...(extra.next_action ? { next_action: extra.next_action } : {}),
  }
}

/**
 * Admin only (never in a store answer: it quotes the provider's errors): why
 * the reconciler cannot finish the payment, and since when, or nulls.
 */
export function adminAttention(payment: Record<string, any>) {
  return { attention: payment.attention ?? null, attention_since: payment.attention_since ?? null }
}

/** An admin refund of a payment (`customer_payment_refund`). */
export function serializeRefund(refund: Record<string, any>) {
  const currency = refund.currency_code
  return {
    id: refund.id,
    payment_id: refund.customer_payment_id,
    amount: majorNumber(minorFromField(refund, "amount", currency), currency),
    currency_code: currency,
    status: refund.status,
    reason: refund.reason ?? null,
    provider_refund_id: refund.provider_refund_id ?? null,
    created_at: refund.created_at,
    completed_at: refund.completed_at ?? null,
  }
}

/**
 * A payment preview: what the payment would charge and which invoice gets
 * what. It lists the first `allocations_limit` allocations (oldest first, as
 * the allocation orders them) and `allocation_count`, how many there are: a
 * customer with 5,000 open invoices gets a short answer; the amount is
 * always the whole payment's.
 */
export function serializePaymentPreview(preview: AllocationPreview) {
  const c = preview.currency_code
  const allocation = (a: { invoice_id: string; display_id: number; amount: bigint }) => ({
    invoice_id: a.invoice_id,
    display_id: a.display_id,
    number: formatDisplayId(a.display_id),
    amount: majorNumber(a.amount, c),
  })
  return {
    mode: preview.mode,
    amount: majorNumber(preview.amount, c),
    currency_code: c,
    allocations: preview.allocations.map(allocation),
    allocation_count: preview.allocation_count,
    credit_allocations: preview.credit_allocations.map(allocation),
    unapplied_amount: majorNumber(preview.unapplied_amount, c),
  }
}

/**
 * What the pay page shows of a usable link (DESIGN sec. 15): the business,
 * the link's invoices and what is left on them, when it expires and how it
 * can be paid. Nothing about the customer beyond their invoices, and never
 * the link's id or token.
 */
/**
 * A pay link's page, with each invoice's lines (`lines`: by invoice id), as
 * Stripe's hosted invoice page shows what is being paid for.
 */
export function serializePayLink(
  { link, invoices, settings }: LoadedPayLink,
  now: Date,
  timeZone: string,
  lines: ReadonlyMap<string, Array<Record<string, any>>>
) {
  const c = link.currency_code
  const totals = payLinkTotals(link, invoices)
  return {
    business: {
      name: settings.business_name,
      support_email: settings.support_email,
      theme: {
        primary_color: settings.theme.primary_color,
        background_color: settings.theme.background_color,
        header_image_url: settings.theme.header_image_url,
      },
    },
    currency_code: c,
    invoices: invoices.map((invoice) => ({
      id: invoice.id,
      display_id: invoice.display_id,
      number: formatDisplayId(invoice.display_id),
      status: invoice.status,
      is_overdue: isOverdue(invoice, now, timeZone),
      issued_at: invoice.issued_at,
      due_at: invoice.due_at,
      total: majorNumber(invoice.total, c),
      amount_paid: majorNumber(invoice.amount_paid, c),
      amount_pending: majorNumber(invoice.amount_pending, c),
      amount_due: majorNumber(invoice.amount_due, c),
      lines: serializeInvoiceLines(lines.get(invoice.id) ?? [], c),
    })),
    amount_due: majorNumber(totals.amount_due, c),
    amount_pending: majorNumber(totals.amount_pending, c),
    amount_payable: majorNumber(totals.amount_payable, c),
    expires_at: link.expires_at,
    payment_methods_offered: [...settings.payment_methods],
    allow_partial_payments: settings.allow_partial_payments,
    minimum_payment: settings.minimum_payment,
    payment_terms_text: settings.payment_terms_text,
  }
}
