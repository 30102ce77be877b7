/** The invoicing module's public input and output types (service.ts re-exports them). */
export type { AccountBalance } from "../../domain/balances"
export type { LedgerPosting } from "../../domain/postings"
import type { PaymentStatus } from "../../domain/payment-state"

export type DraftInvoiceLineInput = {
  title: string
  description?: string | null
  /** decimal string, up to 4 decimals */
  quantity: string
  /** major units, decimal string */
  unit_price: string
  service_date?: Date | null
}

export type CreateDraftInvoiceInput = {
  customer_id: string
  currency_code: string
  due_at?: Date | null
  issued_at?: Date | null
  notes?: string | null
  order_id?: string | null
  metadata?: Record<string, unknown> | null
  lines: DraftInvoiceLineInput[]
}

export type UpdateDraftInvoiceInput = Partial<Omit<CreateDraftInvoiceInput, "customer_id" | "currency_code">>



type DateRangeFilter = { $gte?: Date; $gt?: Date; $lte?: Date; $lt?: Date }

export type InvoicePageFilter = {
  customer_id: string
  status?: string[]
  currency_code?: string
  display_id?: number
  notes_ilike?: string
  due_at?: DateRangeFilter
  issued_at?: DateRangeFilter
  created_at?: DateRangeFilter
}

export type RecordPaymentInput = {
  customer_id: string
  currency_code: string
  /** minor units; more than the allocations leaves the rest as credit */
  amount: bigint
  allocations: { invoice_id: string; amount: bigint }[]
  method: "card" | "us_bank_account" | "manual" | "credit"
  source: "portal" | "autopay" | "pay_link" | "admin"
  mode: "selected_invoices" | "total_balance" | "current_charges" | "fixed_amount"
  transaction_id?: string | null
  /** how it was made, for the receipt (`sanitizeMethodDetails` keeps what may be stored) */
  method_details?: import("../../domain/payment-method-label").MethodDetails | null
  note?: string | null
  description?: string | null
  occurred_at: Date
  /** the request's Idempotency-Key: the same key and request record one payment (per customer) */
  idempotency_key?: string | null
  /** a hash of the request, to tell a retry from a different request under the same key */
  request_hash?: string | null
}

export type ReservePaymentInput = {
  customer_id: string
  currency_code: string
  /** selected_invoices: the invoices to lock and pay */
  invoice_ids?: string[]
  method: "card" | "us_bank_account" | "manual" | "credit"
  source: "portal" | "autopay" | "pay_link" | "admin"
  provider_id?: string | null
  idempotency_key?: string | null
  /** a hash of the request body, to tell a retry from a different request under the same key */
  request_hash?: string | null
  note?: string | null
  metadata?: Record<string, unknown> | null
}

/** A reservation: the payment, whether this call created it, and what the provider is to charge. */
export type ReservedPayment = {
  payment_id: string
  created: boolean
  /** major units, exact decimal string */
  amount: string
  currency_code: string
}

export type RecordRefundInput = {
  /** minor units */
  amount: bigint
  /** the ledger entry's reference (the refund row's id for admin refunds) */
  reference: string
  reason?: string | null
  occurred_at: Date
  /** the `customer_payment_refund` row this records: marked succeeded with the ledger entry, recorded at most once */
  refund_id?: string
}

export type BeginRefundInput = {
  payment_id: string
  /** minor units; the whole amount still refundable when null */
  amount: bigint | null
  idempotency_key: string
  request_hash: string
  reason?: string | null
  created_by?: string | null
}

export const REFUND_KEY_CONFLICT_MESSAGE = "Idempotency-Key was already used with a different request body"

export type PaymentOutcome = {
  status: PaymentStatus
  transaction_id?: string | null
  failure_reason?: string | null
  payment_collection_id?: string | null
  provider_id?: string | null
  occurred_at?: Date
}


/** A statement's ledger part (`getStatementLedger`); money as exact major-unit decimal text. */
export type StatementLedger = {
  /** where the period starts (null: with the first entry) */
  from: Date | null
  /** what the customer owed just before the first entry listed */
  opening_balance: string
  /** in date order: `occurred_at`, then posting `sequence` */
  entries: import("./repositories/statement").StatementLedgerRow[]
}
