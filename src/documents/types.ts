/**
 * The plain data each billing document is drawn from (DESIGN sec. 14).
 * Layout code in `src/documents` turns these into PDFs with pdfkit; it does
 * no I/O and reads no clock. Loaders in `src/workflows/documents` build them
 * from the database.
 *
 * Every amount is an exact decimal string in major units of the document's
 * currency, with exactly the currency's exponent of decimals ("1234.50" USD,
 * "1235" JPY, "12.345" KWD; negative with a leading "-"). Never a JS number.
 * Every date is an ISO 8601 string (documents cross workflow boundaries,
 * which serialise).
 */

/** Who issues the document: from the portal settings and plugin options. */
export type DocumentBusiness = {
  /** portal settings' business name; layout falls back to "Billing" */
  name: string | null
  support_email: string | null
  /** where the customer pays: the portal (or pay link) URL, printed under "How to pay" */
  portal_url: string | null
  /** where the business is (IANA; default "UTC"): whose day decides that a due date is past */
  time_zone?: string
}

export type DocumentCustomer = {
  id: string
  /** "Jane Cooper"; may be empty */
  name: string
  email: string | null
  company_name: string | null
  phone: string | null
}

export type InvoiceStatus = "draft" | "open" | "partially_paid" | "paid" | "void"

export type InvoiceDocumentLine = {
  title: string
  description: string | null
  service_date: string | null
  /** decimal string as entered ("1", "2.5") */
  quantity: string
  unit_price: string
  total: string
}

/** A payment applied to (or pending against) this invoice. */
export type InvoiceDocumentPayment = {
  /** the provider's transaction id, or the payment id when there is none (offline, credit) */
  transaction_id: string
  date: string
  /** "Visa •••• 4242", "Chase •••• 6789", "Check #1042", "Account credit" */
  method_label: string
  /** what this payment applied to this invoice */
  amount: string
  /** "succeeded" | "processing" … : processing ones print as pending */
  status: string
}

export type InvoiceDocument = {
  business: DocumentBusiness
  customer: DocumentCustomer
  invoice: {
    id: string
    /** "INV-000123" */
    number: string
    status: InvoiceStatus
    currency_code: string
    issued_at: string | null
    due_at: string | null
    voided_at: string | null
    notes: string | null
    lines: InvoiceDocumentLine[]
    subtotal: string
    tax_total: string
    total: string
    amount_paid: string
    amount_pending: string
    amount_due: string
    payments: InvoiceDocumentPayment[]
  }
  /** when the PDF was made (printed in the footer) */
  generated_at: string
}

export type ReceiptDocument = {
  business: DocumentBusiness
  customer: DocumentCustomer
  payment: {
    id: string
    transaction_id: string
    /** when the payment was made (completed_at, else created_at) */
    date: string
    status: "pending" | "processing" | "succeeded" | "failed" | "reversed" | "canceled" | string
    method: {
      type: "card" | "us_bank_account" | "manual" | "credit" | string
      /** "Visa •••• 4242", "Chase •••• 6789", "Card", "Bank account", "Check", "Account credit" */
      label: string
    }
    source: string
    currency_code: string
    amount: string
    /** each invoice paid and by how much */
    allocations: { invoice_number: string; amount: string }[]
    /** the part not applied to an invoice: account credit created */
    credit_created: string
    refunded_amount: string
    note: string | null
  }
  generated_at: string
}

export type StatementEntry = {
  occurred_at: string
  /** ledger entry type: invoice, payment, payment_reversal, refund, void, credit_applied, adjustment */
  type: string
  /** "Invoice INV-000123", "Payment txn_…" */
  description: string
  /** signed: positive increases what the customer owes */
  amount: string
  balance_after: string
}

export type AgingBucket = { key: "current" | "1_30" | "31_60" | "61_90" | "90_plus"; label: string; amount: string }

export type StatementDocument = {
  business: DocumentBusiness
  customer: DocumentCustomer
  currency_code: string
  period: {
    /** null: from the first entry ("all time") */
    from: string | null
    to: string
    /** "all_time" | "range" | "since_zero" (since the balance was last zero) */
    kind: "all_time" | "range" | "since_zero"
  }
  /** balance_after of the last entry before the period (0 when none) */
  opening_balance: string
  /** oldest first */
  entries: StatementEntry[]
  /** equals the last entry's balance_after (or the opening balance when there is none) */
  closing_balance: string
  /** open invoices by days past due as of `aging.as_of` */
  aging: { as_of: string; buckets: AgingBucket[]; total: string }
  generated_at: string
}
