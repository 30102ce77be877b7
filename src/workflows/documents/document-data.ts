/**
 * Rows of the invoicing and customer modules as the plain documents of
 * `src/documents/types.ts`. Money is read from each big-number field's exact
 * `raw_` value into integer minor units and written back as a decimal string
 * with exactly the currency's exponent (`toMajor`): never through a JS number.
 * Dates become ISO strings (documents cross workflow step boundaries).
 */
import type {
  DocumentBusiness,
  DocumentCustomer,
  InvoiceDocument,
  InvoiceDocumentPayment,
  InvoiceStatus,
  ReceiptDocument,
  StatementEntry,
} from "../../documents/types"
import { formatDisplayId } from "../../domain/invoice-status"
import { ledgerEntryDescription } from "../../domain/ledger-descriptions"
import { decimalToMinor, toMajor } from "../../domain/money"
import { paymentMethodLabel } from "../../domain/payment-method-label"
import type { StatementLedgerRow } from "../../modules/invoicing/repositories/statement"
import { minorFromField } from "../../utils/money"

type Row = Record<string, any>

export const isoOrNull = (value: unknown): string | null =>
  value == null ? null : new Date(value as string | Date).toISOString()

const iso = (value: unknown): string => new Date(value as string | Date).toISOString()

/** A big-number field as the document's decimal string. */
export const money = (record: Row, field: string, currency: string): string =>
  toMajor(minorFromField(record, field, currency), currency)

/**
 * Who issues a document: the portal settings' business name and support
 * email, where the customer pays, and the business's time zone (the plugin
 * options' `portalUrl` and `timeZone`).
 */
export function documentBusiness(
  settings: { business_name?: string | null; support_email?: string | null },
  options: { portalUrl: string | null | undefined; timeZone: string }
): DocumentBusiness {
  return {
    name: settings.business_name ?? null,
    support_email: settings.support_email ?? null,
    portal_url: options.portalUrl || null,
    time_zone: options.timeZone,
  }
}

/** The customer fields a document prints (what `documentCustomer` reads). */
export const DOCUMENT_CUSTOMER_FIELDS = ["id", "first_name", "last_name", "email", "company_name", "phone"]

/** The customer block of every document; a customer record that is gone still leaves its id. */
export function documentCustomer(customerId: string, customer: Row | null | undefined): DocumentCustomer {
  const name = [customer?.first_name, customer?.last_name]
    .map((part) => (typeof part === "string" ? part.trim() : ""))
    .filter(Boolean)
    .join(" ")
  return {
    id: customerId,
    name,
    email: customer?.email ?? null,
    company_name: customer?.company_name || null,
    phone: customer?.phone || null,
  }
}

/** What a receipt and an invoice print as the payment's reference: the provider's, else ours. */
export const transactionIdOf = (payment: Row): string => payment.transaction_id || payment.id

/** When the payment was made: completed, else started. */
export const paymentDateOf = (payment: Row): string => iso(payment.completed_at ?? payment.created_at)

/**
 * "Visa •••• 4242", "Check #1042", "Bank transfer". Documents print the
 * transaction id beside the method, so an offline payment's reference is
 * only part of the label where it reads naturally (a check's number).
 */
export const methodLabelOf = (payment: Row): string =>
  paymentMethodLabel({
    method: payment.method,
    method_details: payment.method_details,
    reference: payment.method === "manual" && payment.method_details?.offline_method === "check" ? payment.transaction_id : null,
  })

/** Allocations that count for an invoice: applied, and reserved by a payment still in flight. */
export const LIVE_ALLOCATION_STATUSES = ["applied", "reserved"] as const

/**
 * The invoice part of an invoice document. `allocations` are the invoice's
 * applied and reserved ones, `payments` the payments they belong to (one
 * query each); one line per payment, with what it applied to this invoice.
 */
export function invoiceDocumentPart(
  invoice: Row,
  lines: Row[],
  allocations: Row[],
  payments: Row[]
): InvoiceDocument["invoice"] {
  const c = invoice.currency_code
  const byId = new Map(payments.map((p) => [p.id, p]))
  const perPayment = new Map<string, { payment: Row; amount: bigint }>()
  for (const allocation of allocations) {
    const paymentId = allocation.customer_payment_id ?? allocation.customer_payment?.id
    const payment = byId.get(paymentId)
    if (!payment) continue
    const entry = perPayment.get(paymentId) ?? { payment, amount: 0n }
    entry.amount += minorFromField(allocation, "amount", c)
    perPayment.set(paymentId, entry)
  }
  const documentPayments: InvoiceDocumentPayment[] = [...perPayment.values()]
    .map(({ payment, amount }) => ({
      transaction_id: transactionIdOf(payment),
      date: paymentDateOf(payment),
      method_label: methodLabelOf(payment),
      amount: toMajor(amount, c),
      status: payment.status,
    }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.transaction_id < b.transaction_id ? -1 : 1))

  return {
    id: invoice.id,
    number: formatDisplayId(invoice.display_id),
    status: invoice.status as InvoiceStatus,
    currency_code: c,
    issued_at: isoOrNull(invoice.issued_at),
    due_at: isoOrNull(invoice.due_at),
    voided_at: isoOrNull(invoice.voided_at),
    notes: invoice.notes ?? null,
    lines: [...lines]
      .sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0))
      .map((line) => ({
        title: line.title,
        description: line.description ?? null,
        service_date: isoOrNull(line.service_date),
        quantity: String(line.quantity),
        unit_price: money(line, "unit_price", c),
        total: money(line, "total", c),
      })),
    subtotal: money(invoice, "subtotal", c),
    tax_total: money(invoice, "tax_total", c),
    total: money(invoice, "total", c),
    amount_paid: money(invoice, "amount_paid", c),
    amount_pending: money(invoice, "amount_pending", c),
    amount_due: money(invoice, "amount_due", c),
    payments: documentPayments,
  }
}

/**
 * The payment part of a receipt. `allocations` are the payment's allocations
 * that show what it paid: applied and reserved ones (a settling ACH debit);
 * for a reversed payment, the reversed ones — summed per invoice.
 * `invoiceNumbers` maps invoice ids to display ids.
 */
export function receiptPaymentPart(
  payment: Row,
  allocations: Row[],
  invoiceDisplayIds: Map<string, number>
): ReceiptDocument["payment"] {
  const c = payment.currency_code
  const perInvoice = new Map<string, bigint>()
  for (const allocation of allocations) {
    const invoiceId = allocation.invoice_id ?? allocation.invoice?.id
    perInvoice.set(invoiceId, (perInvoice.get(invoiceId) ?? 0n) + minorFromField(allocation, "amount", c))
  }
  const lines = [...perInvoice.entries()]
    .map(([invoiceId, amount]) => ({ display_id: invoiceDisplayIds.get(invoiceId), amount }))
    .filter((line): line is { display_id: number; amount: bigint } => line.display_id != null)
    .sort((a, b) => a.display_id - b.display_id)
  return {
    id: payment.id,
    transaction_id: transactionIdOf(payment),
    date: paymentDateOf(payment),
    status: payment.status,
    method: { type: payment.method, label: methodLabelOf(payment) },
    source: payment.source,
    currency_code: c,
    amount: money(payment, "amount", c),
    allocations: lines.map((line) => ({ invoice_number: formatDisplayId(line.display_id), amount: toMajor(line.amount, c) })),
    credit_created: payment.status === "reversed" ? toMajor(0n, c) : money(payment, "unapplied_amount", c),
    refunded_amount: money(payment, "refunded_amount", c),
    note: payment.note ?? null,
  }
}

/**
 * A statement's lines from its ledger rows (date order), each with the
 * running balance from `opening` — so opening + every amount = closing holds
 * by construction, and equals the stored `balance_after` whenever entries
 * were posted in date order. `payments` and `invoices` are the entries'
 * references (looked up once each) for readable descriptions.
 */
export function statementLines(
  currency: string,
  opening: string,
  rows: StatementLedgerRow[],
  references: { payments: Map<string, Row>; invoiceDisplayIds: Map<string, number> }
): { opening_balance: string; entries: StatementEntry[]; closing_balance: string } {
  let running = decimalToMinor(opening, currency)
  const openingMinor = running
  const entries = rows.map((row) => {
    const amount = decimalToMinor(row.amount, currency)
    running += amount
    const payment = row.reference_type === "customer_payment" ? references.payments.get(row.reference_id) : undefined
    const invoiceDisplayId =
      row.reference_type === "invoice" ? references.invoiceDisplayIds.get(row.reference_id) ?? null : null
    return {
      occurred_at: iso(row.occurred_at),
      type: row.type,
      description: ledgerEntryDescription(row, {
        invoice_display_id: invoiceDisplayId,
        payment: payment
          ? {
              method: payment.method,
              transaction_id: payment.transaction_id,
              method_label: methodLabelOf(payment),
              failure_reason: payment.failure_reason,
            }
          : null,
      }),
      amount: toMajor(amount, currency),
      balance_after: toMajor(running, currency),
    }
  })
  return { opening_balance: toMajor(openingMinor, currency), entries, closing_balance: toMajor(running, currency) }
}
