/**
 * What the `/store/billing` routes take and answer, declared here rather than
 * imported from the server code: a storefront bundle that imports the client
 * must not pull in Medusa's server packages. They are kept in step with the
 * serializers by tests: `src/client/__tests__/types-in-step.unit.spec.ts`
 * (the enumerations against the server's constants) and
 * `integration-tests/http/store-client.spec.ts` (every response's keys
 * against the keys declared here).
 *
 * Money: amounts are JSON numbers in major units (`12.5` is $12.50), exactly
 * as the API sends them (DESIGN sec. 7). Show them with `formatMoney`; never
 * add or subtract them in the browser — the server computes every total
 * (ask `previewPayment` what a payment would be).
 */

/** A money amount in major units of its currency, as the API sends it. */
export type Amount = number
/** An ISO 8601 timestamp as JSON carries a date (`2026-01-31T00:00:00.000Z`). */
export type IsoDateTime = string
/** A date filter value: an ISO 8601 date or date-time string, or a Date (sent as its ISO string). */
export type DateInput = string | Date
/** `{ gte?, gt?, lte?, lt? }` over a date field, e.g. `{ due_at: { lte: "2026-01-31" } }`. */
export type DateRange = { gte?: DateInput; gt?: DateInput; lte?: DateInput; lt?: DateInput }

// ---------------------------------------------------------------- enumerations

/** Invoice statuses a customer can see (drafts never reach the store API). */
export type InvoiceStatus = "open" | "partially_paid" | "paid" | "void"
export type PaymentStatus = "pending" | "processing" | "succeeded" | "failed" | "canceled" | "reversed"
export type PaymentMode = "selected_invoices" | "total_balance" | "current_charges" | "fixed_amount"
/** How a customer can pay in the portal. */
export type PaymentMethodType = "card" | "us_bank_account"
/** How a recorded payment was made (`manual`: an offline payment the business recorded; `credit`: from credit). */
export type PaymentRecordMethod = "card" | "us_bank_account" | "manual" | "credit"
export type PaymentSource = "portal" | "autopay" | "pay_link" | "admin"
/** Allocations a customer sees on an invoice (released and reversed ones are left out there) and on a payment. */
export type AllocationStatus = "reserved" | "applied" | "released" | "reversed"
export type LedgerEntryType =
  | "invoice"
  | "payment"
  | "payment_reversal"
  | "refund"
  | "void"
  | "credit_applied"
  | "adjustment"
export type ServiceRequestKind = "note" | "request"
export type ServiceRequestStatus = "open" | "in_progress" | "closed"
export type AutopayStatus = "active" | "paused" | "canceled"
export type PortalTab =
  | "home"
  | "payments"
  | "invoices"
  | "history"
  | "service_notes"
  | "service_requests"
  | "payment_methods"
export type InvoiceOrderField = "display_id" | "issued_at" | "due_at" | "total" | "amount_due" | "created_at"
/** A sort field, `-` first for descending (`-issued_at` is the default). */
export type InvoiceOrder = InvoiceOrderField | `-${InvoiceOrderField}`
/** `range` (from/to), `all_time`, or `since_zero` (since the balance was last zero). */
export type StatementPeriod = "range" | "all_time" | "since_zero"
export type OfflineMethod = "check" | "cash" | "bank_transfer"

/** Every list answers this way, with the page it holds. */
export type Page = { count: number; offset: number; limit: number }
/** `offset` (default 0) and `limit` (1 to 100, default 20). */
export type PageQuery = { offset?: number; limit?: number }

// -------------------------------------------------------------------- account

export type PublicPortalSettings = {
  business_name: string | null
  support_email: string | null
  logins_enabled: boolean
  tabs: Record<PortalTab, boolean>
  payment_methods: PaymentMethodType[]
  allow_partial_payments: boolean
  allow_prepayment: boolean
  /** major units, a decimal string (`"25"`, `"10.50"`) */
  minimum_payment: string
  autopay: {
    allowed: boolean
    charge_on: "due_date" | "issue_date"
    pre_debit_notice_days: number
    terms_text: string
    terms_version: string
  }
  history: { show_charges: boolean; show_payments: boolean }
  theme: { primary_color: string; background_color: string; header_image_url: string | null }
  /** sanitised HTML */
  home_content: string
  payment_terms_text: string
}

/** What the customer owes in one currency. */
export type AccountBalance = {
  currency_code: string
  total_balance: Amount
  current_charges: Amount
  past_due: Amount
  /** owed but not due yet: past_due + not_yet_due − credit = total_balance */
  not_yet_due: Amount
  /** payments on the way (ACH processing) */
  pending: Amount
  /** unapplied credit */
  credit: Amount
}

/** The autopay terms the business offers now (shown before the customer consents). */
export type AutopayTerms = { allowed: boolean; terms_version: string; terms_text: string }

/** No autopay: never enrolled, or the enrollment was removed. */
export type AutopayNone = {
  status: "none"
  payment_method_id: null
  consented_at: null
  terms_version: null
  max_amount: null
  max_amount_currency_code: null
  current_terms: AutopayTerms
}

/** An autopay enrollment with the consent on record. */
export type AutopayEnrollment = {
  id: string
  status: AutopayStatus
  payment_method_id: string
  payment_method_type: PaymentMethodType
  /** what the customer saw of the method ("Visa •••• 4242") */
  payment_method_label: string | null
  /** the most one charge in `max_amount_currency_code` may be; null: no limit */
  max_amount: Amount | null
  max_amount_currency_code: string | null
  consented_at: IsoDateTime
  /** the terms the customer agreed to */
  terms_version: string
  terms_text: string
  paused_at: IsoDateTime | null
  pause_reason: string | null
  canceled_at: IsoDateTime | null
  created_at: IsoDateTime
  current_terms: AutopayTerms
}

export type Autopay = AutopayNone | AutopayEnrollment

export type BillingAccount = {
  customer_id: string
  /** one per currency the customer has invoices or credit in */
  balances: AccountBalance[]
  autopay: Autopay
  settings: PublicPortalSettings
}

// ------------------------------------------------------------------- invoices

export type Invoice = {
  id: string
  display_id: number
  /** `INV-000123` */
  number: string
  customer_id: string
  currency_code: string
  status: InvoiceStatus
  /** unpaid and past its due date */
  is_overdue: boolean
  issued_at: IsoDateTime | null
  due_at: IsoDateTime | null
  subtotal: Amount
  tax_total: Amount
  total: Amount
  amount_paid: Amount
  /** reserved by payments still on the way */
  amount_pending: Amount
  amount_due: Amount
  order_id: string | null
  notes: string | null
  created_at: IsoDateTime
  updated_at: IsoDateTime
}

export type InvoiceLine = {
  id: string
  title: string
  description: string | null
  /** a decimal string (up to 4 decimals): `"2"`, `"1.5"` */
  quantity: string
  unit_price: Amount
  total: Amount
  service_date: IsoDateTime | null
}

/** A payment's share of an invoice, as the invoice shows it. */
export type InvoiceAllocation = {
  id: string
  customer_payment_id: string
  amount: Amount
  status: AllocationStatus
  created_at: IsoDateTime
}

export type InvoiceDetail = Invoice & { lines: InvoiceLine[]; allocations: InvoiceAllocation[] }

export type InvoiceListQuery = PageQuery & {
  status?: InvoiceStatus[]
  currency_code?: string
  /** an invoice number (`INV-000123`, `123`) or words from the notes */
  q?: string
  due_at?: DateRange
  issued_at?: DateRange
  /** only unpaid invoices past their due date, by the business's calendar (those with `is_overdue`) */
  overdue?: true
  order?: InvoiceOrder
}

export type InvoiceList = Page & { invoices: Invoice[] }

// -------------------------------------------------------------------- history

/** One account event; `amount` is signed (+ increases what the customer owes). */
export type HistoryEntry = {
  id: string
  type: LedgerEntryType
  currency_code: string
  amount: Amount
  /** the running balance after this entry */
  balance_after: Amount
  reference_type: string
  reference_id: string
  description: string | null
  occurred_at: IsoDateTime
}

export type HistoryQuery = PageQuery & {
  currency_code?: string
  /** only these types (within what the portal settings show) */
  type?: LedgerEntryType[]
  occurred_at?: DateRange
}

/** Newest first. */
export type HistoryList = Page & { history: HistoryEntry[] }

// ------------------------------------------------------------------- payments

/**
 * Which invoices a payment (or its preview) is for — DESIGN sec. 5:
 * `selected_invoices` needs `invoice_ids` (and `amounts` per invoice when
 * the business allows partial payments), `fixed_amount` needs `amount`.
 * Amounts may be sent as decimal strings (`"12.50"`) to keep them exact.
 */
export type PaymentAllocationRequest = {
  mode: PaymentMode
  currency_code: string
  invoice_ids?: string[]
  /** invoice id → amount for that invoice (partial payments) */
  amounts?: Record<string, Amount | string>
  amount?: Amount | string
  /** how many allocations the answer lists, oldest first (1–1000, default 100); `allocation_count` says how many there are */
  allocations_limit?: number
}

export type PaymentMethodInput = {
  type: PaymentMethodType
  /** one of the customer's saved methods (`listPaymentMethods`) */
  saved_method_id?: string
  /** keep the method for autopay once the payment succeeds */
  save_for_autopay?: boolean
  /**
   * provider-specific details: with the sandbox `{ number }` for a card or
   * `{ account_number, routing_number }` for ACH; with Stripe nothing (the
   * client confirms `next_action` with Stripe.js)
   */
  data?: Record<string, unknown>
}

export type PreviewPaymentBody = PaymentAllocationRequest

export type CreatePaymentBody = PaymentAllocationRequest & {
  payment_method: PaymentMethodInput
  /**
   * The amount the customer was shown (the preview's `amount`). When the
   * payment would now charge anything else (a new invoice, a payment made
   * elsewhere), nothing is charged and the call rejects with a 409
   * BillingApiError whose message says both amounts ("Your balance changed:
   * …"): preview again, show it, and pay again with a new Idempotency-Key.
   */
  expected_amount?: Amount | string
  note?: string
}

/** What `amount` of `currency_code` a payment would do, invoice by invoice. */
export type PreviewAllocation = {
  invoice_id: string
  display_id: number
  number: string
  amount: Amount
}

export type PaymentPreview = {
  mode: PaymentMode
  amount: Amount
  currency_code: string
  /** the first `allocations_limit` (default 100) allocations, oldest first */
  allocations: PreviewAllocation[]
  /** how many invoices the payment would pay in all */
  allocation_count: number
  /** the customer's unapplied credit that `total_balance` uses first */
  credit_allocations: PreviewAllocation[]
  /** what would become credit (fixed amounts beyond the balance, when the business allows it) */
  unapplied_amount: Amount
}

export type PaymentAllocation = {
  id: string
  invoice_id: string
  amount: Amount
  status: AllocationStatus
}

/** Brand and last four digits, bank and last four, or how an offline payment came in; never a number. */
export type MethodDetails = {
  brand?: string
  last4?: string
  bank_name?: string
  offline_method?: OfflineMethod
}

/**
 * What the client must do with the provider before `completePayment`:
 * the sandbox's `{ type: "confirm", client_secret }`, Stripe's next action
 * (3-D Secure…) with its `client_secret`. A Stripe ACH debit verified by
 * micro-deposits waits days on the customer: `MicrodepositsNextAction`,
 * also on its receipt (`getPayment`).
 */
export type NextAction = { type: string; client_secret?: string; [key: string]: unknown }

/**
 * "Verify your bank account": Stripe's hosted page where the customer enters
 * the micro-deposits (open it in a new tab); the payment stays `pending`
 * until then, then moves on by itself (poll `getPayment`).
 */
export type MicrodepositsNextAction = { type: "verify_with_microdeposits"; hosted_verification_url: string }


export type Payment = {
  id: string
  status: PaymentStatus
  mode: PaymentMode
  method: PaymentRecordMethod
  source: PaymentSource
  currency_code: string
  amount: Amount
  unapplied_amount: Amount
  refunded_amount: Amount
  /** the provider's reference, shown to the customer as the transaction ID */
  transaction_id: string | null
  method_details: MethodDetails | null
  failure_reason: string | null
  note: string | null
  completed_at: IsoDateTime | null
  created_at: IsoDateTime
  /** a payment's answer when it is made: its first `allocations_limit` (default 100); elsewhere all of them */
  allocations: PaymentAllocation[]
  /** in the answer that makes a payment: how many allocations it has in all */
  allocation_count?: number
  /** present while the customer still has to confirm with the provider */
  next_action?: NextAction
}

export type PaymentListQuery = PageQuery & {
  status?: PaymentStatus[]
  /** when the payment was made, e.g. one month: `{ gte: "2026-03-01", lt: "2026-04-01" }` */
  created_at?: DateRange
}

/** Newest first. */
export type PaymentList = Page & { payments: Payment[] }

/** `POST …/payments/:id/complete`: only what the provider's adapter accepts (sandbox `{ confirmed: true }`; Stripe nothing). */
export type CompletePaymentBody = { provider_data?: Record<string, unknown> }

// ------------------------------------------------------------ payment methods

/** A saved card or bank account: only what identifies it to its owner. */
export type SavedPaymentMethod = {
  id: string
  type: PaymentMethodType
  last4: string | null
  brand?: string
  bank_name?: string
  provider_id: string
  /** card expiry `MM/YYYY`, when the provider knows it */
  expires?: string
}

/** A method being set up that the client must still confirm with the provider (a Stripe SetupIntent). */
export type PendingPaymentMethodSetup = {
  id: string
  type: PaymentMethodType
  provider_id: string
  status: "requires_confirmation"
  next_action: { type: "confirm_setup"; client_secret: string }
}

export type PaymentMethodList = { payment_methods: SavedPaymentMethod[]; count: number }

/** `data` as for a payment (sandbox test details), or `{ payment_method }` from Stripe.js, or nothing. */
export type CreatePaymentMethodBody = { type: PaymentMethodType; data?: Record<string, unknown> }

export type DeletedPaymentMethod = { id: string; object: "payment_method"; deleted: true }

// -------------------------------------------------------------------- autopay

export type UpdateAutopayBody = {
  /** a saved method of the customer's */
  payment_method_id: string
  /** the customer agreed to `current_terms` */
  consent: true
  /** the terms version the customer saw (the current one when left out) */
  terms_version?: string
  /** the most one charge may be, in `max_amount_currency_code` (required with it); null: no limit */
  max_amount?: Amount | string | null
  max_amount_currency_code?: string | null
  /**
   * ISO time: only if the customer's autopay was not set up, changed, paused
   * or canceled after it (a consent given with a payment and applied once the
   * payment is taken); otherwise 409 and nothing changes
   */
  unless_changed_since?: IsoDateTime
}

// ----------------------------------------------------------- service requests

export type ServiceRequest = {
  id: string
  kind: ServiceRequestKind
  subject: string
  message: string
  /** `YYYY-MM-DD` */
  preferred_date: string | null
  invoice_id: string | null
  /** `INV-000123` of `invoice_id` */
  invoice_number: string | null
  status: ServiceRequestStatus
  admin_reply: string | null
  replied_at: IsoDateTime | null
  closed_at: IsoDateTime | null
  created_at: IsoDateTime
  updated_at: IsoDateTime
}

export type ServiceRequestListQuery = PageQuery & { kind?: ServiceRequestKind; status?: ServiceRequestStatus[] }

/** Newest first. */
export type ServiceRequestList = Page & { service_requests: ServiceRequest[] }

export type CreateServiceRequestBody = {
  kind: ServiceRequestKind
  subject: string
  message: string
  /** `YYYY-MM-DD`, not in the past */
  preferred_date?: string | null
  /** one of the customer's invoices the request is about */
  invoice_id?: string | null
}

// ---------------------------------------------------------------- invitations

export type Invitation = { email: string; first_name: string | null; expires_at: IsoDateTime }

// ------------------------------------------------------------------ documents

/** `from`/`to` with `period: "range"` (the default), or `all_time`, or `since_zero`. */
export type StatementQuery = {
  from?: DateInput
  to?: DateInput
  currency_code?: string
  period?: StatementPeriod
}

// ------------------------------------------------------------------ pay links
// `/store/billing/pay-link/*` (DESIGN sec. 15): no customer login, the link's
// token travels in the `X-Pay-Link-Token` header (never in a URL, so no
// access log holds it). Every link that cannot be used — unknown, revoked,
// expired, or with nothing left to pay — answers the same 404.

/** One of a pay link's invoices, as its page shows it. */
export type PayLinkInvoice = {
  id: string
  display_id: number
  /** `INV-000123` */
  number: string
  status: InvoiceStatus
  is_overdue: boolean
  issued_at: IsoDateTime | null
  due_at: IsoDateTime | null
  total: Amount
  amount_paid: Amount
  /** reserved by payments still on the way (ACH processing) */
  amount_pending: Amount
  amount_due: Amount
  /** what the invoice is for, in its order (as its PDF lists them) */
  lines: InvoiceLine[]
}

/** The business a link is from: its name and colours, nothing about the customer. */
export type PayLinkBusiness = {
  name: string | null
  support_email: string | null
  theme: { primary_color: string; background_color: string; header_image_url: string | null }
}

/** `getPayLink`: what the link pays and how. */
export type PayLink = {
  business: PayLinkBusiness
  currency_code: string
  /** the link's invoices still to pay, in the link's order */
  invoices: PayLinkInvoice[]
  amount_due: Amount
  /** on its way already (ACH processing) */
  amount_pending: Amount
  /** what can be paid now: due minus pending */
  amount_payable: Amount
  expires_at: IsoDateTime
  payment_methods_offered: PaymentMethodType[]
  /** `amounts` per invoice may be less than due (`selected_invoices`) */
  allow_partial_payments: boolean
  /** major units, a decimal string (`"25"`) */
  minimum_payment: string
  payment_terms_text: string
}

/**
 * A payment through a link (and its preview): `total_balance` (the link's
 * invoices, never the whole account) or `selected_invoices` with the link's
 * invoice ids (and `amounts` per invoice when partial payments are allowed);
 * no `amount`, no note, no saved method, no saving for autopay — the server
 * refuses them with a 400 naming the field.
 */
export type PayLinkAllocationRequest = {
  mode: "selected_invoices" | "total_balance"
  currency_code: string
  invoice_ids?: string[]
  amounts?: Record<string, Amount | string>
}

export type PreviewPayLinkBody = PayLinkAllocationRequest

export type PayPayLinkBody = PayLinkAllocationRequest & {
  /** new card or bank details only (`type` and `data`) */
  payment_method: Pick<PaymentMethodInput, "type" | "data">
  /**
   * The amount the customer was shown (the preview's `amount`). When the
   * payment would now charge anything else (a new invoice, a payment made
   * elsewhere), nothing is charged and the call rejects with a 409
   * BillingApiError whose message says both amounts ("Your balance changed:
   * …"): preview again, show it, and pay again with a new Idempotency-Key.
   */
  expected_amount?: Amount | string
}
