import type {
  AccountBalance,
  Autopay,
  HistoryEntry,
  Invoice,
  InvoiceDetail,
  Payment,
  SavedPaymentMethod,
  ServiceRequest,
} from "../../../../src/client/types"

/**
 * Made-up data for the sample portal: one customer with a few USD invoices
 * (one past due and partly paid, one open, one paid), the payments and
 * history that go with them, a saved card and a service request. Amounts
 * are written out (the server would compute them; the sample does no
 * arithmetic on money). Dates are relative to `now`.
 */
export type SampleData = {
  customer: { id: string; email: string; first_name: string; last_name: string }
  balances: AccountBalance[]
  autopay: Autopay
  invoices: InvoiceDetail[]
  payments: Payment[]
  history: HistoryEntry[]
  payment_methods: SavedPaymentMethod[]
  service_requests: ServiceRequest[]
}

const DAY = 24 * 60 * 60 * 1000

export function sampleData(now: Date, terms: { terms_text: string; terms_version: string; allowed: boolean }): SampleData {
  const at = (days: number) => new Date(now.getTime() + days * DAY).toISOString()
  const customer_id = "cus_sample"
  const invoice = (fields: Partial<InvoiceDetail> & Pick<InvoiceDetail, "id" | "display_id">): InvoiceDetail => ({
    number: `INV-${String(fields.display_id).padStart(6, "0")}`,
    customer_id,
    currency_code: "usd",
    status: "open",
    is_overdue: false,
    issued_at: at(-5),
    due_at: at(25),
    subtotal: 0,
    tax_total: 0,
    total: 0,
    amount_paid: 0,
    amount_pending: 0,
    amount_due: 0,
    order_id: null,
    notes: null,
    created_at: at(-5),
    updated_at: at(-5),
    lines: [],
    allocations: [],
    ...fields,
  })
  const line = (id: string, title: string, quantity: string, unit_price: number, total: number) => ({
    id,
    title,
    description: null,
    quantity,
    unit_price,
    total,
    service_date: null,
  })

  const invoices: InvoiceDetail[] = [
    invoice({
      id: "inv_sample_1051",
      display_id: 1051,
      issued_at: at(-4),
      due_at: at(26),
      subtotal: 95.5,
      total: 95.5,
      amount_due: 95.5,
      created_at: at(-4),
      updated_at: at(-4),
      lines: [line("il_sample_1", "Monthly service plan", "1", 49.5, 49.5), line("il_sample_2", "Filter replacement", "2", 23, 46)],
    }),
    invoice({
      id: "inv_sample_1042",
      display_id: 1042,
      status: "partially_paid",
      is_overdue: true,
      issued_at: at(-40),
      due_at: at(-10),
      subtotal: 180,
      total: 180,
      amount_paid: 60,
      amount_due: 120,
      created_at: at(-40),
      updated_at: at(-20),
      lines: [line("il_sample_3", "Emergency call-out", "1", 90, 90), line("il_sample_4", "Labour (hours)", "1", 90, 90)],
      allocations: [{ id: "alloc_sample_1", customer_payment_id: "pay_sample_2", amount: 60, status: "applied", created_at: at(-20) }],
    }),
    invoice({
      id: "inv_sample_1037",
      display_id: 1037,
      status: "paid",
      issued_at: at(-62),
      due_at: at(-32),
      subtotal: 240,
      total: 240,
      amount_paid: 240,
      amount_due: 0,
      created_at: at(-62),
      updated_at: at(-35),
      lines: [line("il_sample_5", "Boiler service", "1", 240, 240)],
      allocations: [{ id: "alloc_sample_2", customer_payment_id: "pay_sample_1", amount: 240, status: "applied", created_at: at(-35) }],
    }),
  ]

  const payment = (fields: Partial<Payment> & Pick<Payment, "id" | "amount">): Payment => ({
    status: "succeeded",
    mode: "selected_invoices",
    method: "card",
    source: "portal",
    currency_code: "usd",
    unapplied_amount: 0,
    refunded_amount: 0,
    transaction_id: null,
    method_details: { brand: "visa", last4: "4242" },
    failure_reason: null,
    note: null,
    completed_at: null,
    created_at: at(-30),
    allocations: [],
    ...fields,
  })
  const payments: Payment[] = [
    payment({
      id: "pay_sample_2",
      amount: 60,
      transaction_id: "SAMPLE-TXN-2",
      completed_at: at(-20),
      created_at: at(-20),
      mode: "fixed_amount",
      allocations: [{ id: "alloc_sample_1", invoice_id: "inv_sample_1042", amount: 60, status: "applied" }],
    }),
    payment({
      id: "pay_sample_1",
      amount: 240,
      transaction_id: "SAMPLE-TXN-1",
      completed_at: at(-35),
      created_at: at(-35),
      allocations: [{ id: "alloc_sample_2", invoice_id: "inv_sample_1037", amount: 240, status: "applied" }],
    }),
  ]

  const entry = (id: string, type: HistoryEntry["type"], amount: number, balance_after: number, reference_id: string, description: string, days: number): HistoryEntry => ({
    id,
    type,
    currency_code: "usd",
    amount,
    balance_after,
    reference_type: type === "invoice" ? "invoice" : "customer_payment",
    reference_id,
    description,
    occurred_at: at(days),
  })
  // newest first; running balances written out
  const history: HistoryEntry[] = [
    entry("le_sample_5", "invoice", 95.5, 215.5, "inv_sample_1051", "Invoice INV-001051", -4),
    entry("le_sample_4", "payment", -60, 120, "pay_sample_2", "Card payment", -20),
    entry("le_sample_3", "payment", -240, 180, "pay_sample_1", "Card payment", -35),
    entry("le_sample_2", "invoice", 180, 420, "inv_sample_1042", "Invoice INV-001042", -40),
    entry("le_sample_1", "invoice", 240, 240, "inv_sample_1037", "Invoice INV-001037", -62),
  ]

  return {
    customer: { id: customer_id, email: "alex.sample@example.com", first_name: "Alex", last_name: "Sample" },
    balances: [{ currency_code: "usd", total_balance: 215.5, current_charges: 95.5, past_due: 120, not_yet_due: 95.5, pending: 0, credit: 0 }],
    autopay: {
      status: "none",
      payment_method_id: null,
      consented_at: null,
      terms_version: null,
      max_amount: null,
      max_amount_currency_code: null,
      current_terms: terms,
    },
    invoices,
    payments,
    history,
    payment_methods: [
      { id: "pm_sample_1", type: "card", last4: "4242", brand: "visa", provider_id: "pp_sample", expires: "08/2029" },
    ],
    service_requests: [
      {
        id: "sreq_sample_1",
        kind: "request",
        subject: "Reschedule the spring visit",
        message: "Could the technician come in the afternoon instead?",
        preferred_date: null,
        invoice_id: null,
        invoice_number: null,
        status: "in_progress",
        admin_reply: "Of course — we have moved it to 2 pm.",
        replied_at: at(-2),
        closed_at: null,
        created_at: at(-3),
        updated_at: at(-2),
      },
    ],
  }
}

/** An invoice as the list answers it (without lines and allocations). */
export function listed({ lines: _lines, allocations: _allocations, ...invoice }: InvoiceDetail): Invoice {
  return invoice
}
