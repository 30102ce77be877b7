/**
 * Realistic document data for the tests, the sample PDFs
 * (scripts/sample-documents.js) and the benchmark. Amounts are computed in
 * bigint minor units and written as decimal strings, so every figure adds up
 * the way the loaders' figures do.
 */
import { lineTotal, toMajor } from "../../domain/money"
import type {
  AgingBucket,
  DocumentBusiness,
  DocumentCustomer,
  InvoiceDocument,
  InvoiceDocumentPayment,
  InvoiceStatus,
  ReceiptDocument,
  StatementDocument,
  StatementEntry,
} from "../types"

export const business: DocumentBusiness = {
  name: "Northwind Plumbing & Heating",
  support_email: "billing@northwind-plumbing.com",
  portal_url: "https://billing.northwind-plumbing.com/portal",
}

export const customer: DocumentCustomer = {
  id: "cus_01JQ7Z3K8M",
  name: "Jane Cooper",
  email: "jane.cooper@cooperdental.com",
  company_name: "Cooper Dental Group LLC",
  phone: "+1 (415) 555-0142",
}

/** USD cents → the same price in the currency's minor units (JPY ≈ 150/USD, KWD ≈ 0.3/USD). */
export function priceIn(currency: string, usdCents: bigint): bigint {
  switch (currency.toLowerCase()) {
    case "jpy":
      return (usdCents * 150n) / 100n
    case "kwd":
      return usdCents * 3n
    default:
      return usdCents
  }
}

const CATALOG: { title: string; description: string | null; quantity: string; usdCents: bigint }[] = [
  { title: "Annual boiler service", description: "Combustion analysis, flue check, pressure and expansion vessel test, safety device inspection.", quantity: "1", usdCents: 18500n },
  { title: "Emergency call-out", description: "Saturday call-out, 08:40–10:15, burst pipe under the reception sink.", quantity: "1", usdCents: 14900n },
  { title: "Labour — licensed plumber", description: "Billed per hour.", quantity: "3.5", usdCents: 9500n },
  { title: "Thermostatic mixing valve", description: "Reliance Heatguard 15 mm, installed in treatment room 2.", quantity: "2", usdCents: 12675n },
  { title: "PEX pipe, 3/4 in.", description: null, quantity: "40", usdCents: 189n },
  { title: "Water heater flush and anode replacement", description: "50-gallon tank; magnesium anode replaced, sediment flushed, T&P valve tested.", quantity: "1", usdCents: 27500n },
  { title: "Backflow preventer test", description: "Annual certification filed with the water district.", quantity: "1", usdCents: 8900n },
  { title: "Drain camera inspection", description: "Main line 60 ft; root intrusion found at 42 ft (video on the portal).", quantity: "1", usdCents: 22000n },
  { title: "Hydro-jetting, main line", description: null, quantity: "1", usdCents: 39500n },
  { title: "Shut-off valve, 1/2 in. quarter-turn", description: "Replaced under all four operatory sinks.", quantity: "4", usdCents: 3850n },
  { title: "Materials and fittings", description: "Couplings, elbows, clamps, PTFE tape, solder.", quantity: "1", usdCents: 6412n },
  { title: "Trip charge", description: null, quantity: "1", usdCents: 4500n },
]

/** A line per catalog entry (repeated as needed), priced in `currency`. */
export function sampleLines(currency: string, count: number) {
  return Array.from({ length: count }, (_, i) => {
    const item = CATALOG[i % CATALOG.length]
    const unit = priceIn(currency, item.usdCents)
    const day = String(1 + (i % 28)).padStart(2, "0")
    return {
      title: item.title,
      description: item.description,
      service_date: i % 5 === 4 ? null : `2026-03-${day}T15:00:00.000Z`,
      quantity: item.quantity,
      unit_price: toMajor(unit, currency),
      total: toMajor(lineTotal(item.quantity, unit), currency),
      totalMinor: lineTotal(item.quantity, unit),
    }
  })
}

type PaymentSpec = { share: bigint; status: "succeeded" | "processing"; method_label: string; transaction_id: string; date: string }

export function sampleInvoice(
  options: { currency?: string; status?: InvoiceStatus; lines?: number; payments?: "none" | "two" | "full"; number?: string; notes?: string | null } = {}
): InvoiceDocument {
  const currency = options.currency ?? "usd"
  const status = options.status ?? "open"
  const lines = sampleLines(currency, options.lines ?? 12)
  const subtotal = lines.reduce((sum, l) => sum + l.totalMinor, 0n)
  // 8.25% sales tax, rounded half up to the minor unit
  const tax = (subtotal * 825n + 5000n) / 10000n
  const total = subtotal + tax
  const paymentsKind = options.payments ?? (status === "paid" ? "full" : status === "open" || status === "partially_paid" ? "two" : "none")
  const specs: PaymentSpec[] =
    paymentsKind === "two"
      ? [
          { share: total / 3n, status: "succeeded", method_label: "Visa •••• 4242", transaction_id: "pi_3QxYz1LkdIwHu7ix0T8aB2cD", date: "2026-03-20T16:42:11.000Z" },
          { share: total / 4n, status: "processing", method_label: "Chase •••• 6789", transaction_id: "pi_3QxZa9LkdIwHu7ix1Uv4EfGh", date: "2026-03-28T09:05:00.000Z" },
        ]
      : paymentsKind === "full"
        ? [
            { share: total - total / 2n, status: "succeeded", method_label: "Check #1042", transaction_id: "cpay_01JQ8B4N2V", date: "2026-03-25T14:00:00.000Z" },
            { share: total / 2n, status: "succeeded", method_label: "Mastercard •••• 4444", transaction_id: "pi_3QyBc7LkdIwHu7ix2Wx5IjKl", date: "2026-04-02T11:30:00.000Z" },
          ]
        : []
  const paid = specs.filter((p) => p.status === "succeeded").reduce((sum, p) => sum + p.share, 0n)
  const pending = specs.filter((p) => p.status === "processing").reduce((sum, p) => sum + p.share, 0n)
  const payments: InvoiceDocumentPayment[] = specs.map((p) => ({
    transaction_id: p.transaction_id,
    date: p.date,
    method_label: p.method_label,
    amount: toMajor(p.share, currency),
    status: p.status,
  }))
  const statusNow: InvoiceStatus = status === "open" && paid > 0n ? "partially_paid" : status
  return {
    business,
    customer,
    invoice: {
      id: "inv_01JQ7ZB0YV3M",
      number: options.number ?? "INV-000123",
      status: statusNow,
      currency_code: currency,
      issued_at: status === "draft" ? null : "2026-03-14T10:00:00.000Z",
      due_at: "2026-04-13T23:59:59.000Z",
      voided_at: status === "void" ? "2026-03-18T08:15:00.000Z" : null,
      notes:
        options.notes !== undefined
          ? options.notes
          : "Thank you for your business. Parts carry a 12-month warranty; labour is guaranteed for 90 days.\nPlease quote the invoice number with any payment made by check.",
      lines: lines.map(({ totalMinor: _unused, ...line }) => line),
      subtotal: toMajor(subtotal, currency),
      tax_total: toMajor(tax, currency),
      total: toMajor(total, currency),
      amount_paid: toMajor(paid, currency),
      amount_pending: toMajor(pending, currency),
      amount_due: toMajor(status === "void" ? 0n : total - paid, currency),
      payments,
    },
    generated_at: "2026-03-30T12:00:00.000Z",
  }
}

export function sampleReceipt(options: { currency?: string; kind?: "card" | "ach"; status?: string } = {}): ReceiptDocument {
  const currency = options.currency ?? "usd"
  const kind = options.kind ?? "card"
  const first = priceIn(currency, 131862n)
  const second = priceIn(currency, 48900n)
  const credit = kind === "card" ? priceIn(currency, 2500n) : 0n
  const allocations =
    kind === "card"
      ? [
          { invoice_number: "INV-000118", amount: toMajor(first, currency) },
          { invoice_number: "INV-000123", amount: toMajor(second, currency) },
        ]
      : [{ invoice_number: "INV-000123", amount: toMajor(second, currency) }]
  const amount = kind === "card" ? first + second + credit : second
  return {
    business,
    customer,
    payment: {
      id: kind === "card" ? "cpay_01JQ9C2M4T" : "cpay_01JQ9D7R1W",
      transaction_id: kind === "card" ? "pi_3QzKd2LkdIwHu7ix0Mn8OpQr" : "pi_3QzLe5LkdIwHu7ix1St9UvWx",
      date: "2026-04-02T18:07:33.000Z",
      status: options.status ?? (kind === "card" ? "succeeded" : "processing"),
      method: kind === "card" ? { type: "card", label: "Visa •••• 4242" } : { type: "us_bank_account", label: "Chase •••• 6789" },
      source: "portal",
      currency_code: currency,
      amount: toMajor(amount, currency),
      allocations,
      credit_created: toMajor(credit, currency),
      refunded_amount: toMajor(0n, currency),
      note: kind === "card" ? "Paid from the customer portal." : null,
    },
    generated_at: "2026-04-02T18:08:00.000Z",
  }
}

/**
 * A statement with `count` entries: invoices, payments, now and then a
 * reversal, a refund, an adjustment; balances chained from the opening one.
 */
export function sampleStatement(options: { currency?: string; count?: number; period?: StatementDocument["period"] } = {}): StatementDocument {
  const currency = options.currency ?? "usd"
  const count = options.count ?? 60
  const opening = priceIn(currency, 104250n)
  let balance = opening
  const start = Date.parse("2026-01-02T09:00:00.000Z")
  const step = Math.floor((Date.parse("2026-11-29T09:00:00.000Z") - start) / Math.max(1, count))
  const entries: StatementEntry[] = []
  for (let i = 0; i < count; i++) {
    const at = new Date(start + i * step).toISOString()
    let type: string
    let description: string
    let amount: bigint
    const invoiceNumber = `INV-${String(200 + i).padStart(6, "0")}`
    switch (i % 6) {
      case 0:
      case 2:
      case 4:
        type = "invoice"
        description = `Invoice ${invoiceNumber}`
        amount = priceIn(currency, 25000n + BigInt((i * 7919) % 90000))
        break
      case 1:
        type = "payment"
        description = `Payment pi_3Q${(100000 + i).toString(36)}LkdIwHu7ix · Visa •••• 4242`
        amount = -priceIn(currency, 30000n + BigInt((i * 104729) % 60000))
        break
      case 3:
        type = i % 12 === 3 ? "payment_reversal" : "payment"
        description = i % 12 === 3 ? `Payment returned by the bank (R01 insufficient funds) pi_3Q${(200000 + i).toString(36)}` : `Payment by check #${1000 + i}`
        amount = i % 12 === 3 ? priceIn(currency, 15000n) : -priceIn(currency, 45000n)
        break
      default:
        type = i % 4 === 1 ? "adjustment" : "credit_applied"
        description = type === "adjustment" ? "Goodwill adjustment: late technician arrival" : `Account credit applied to ${invoiceNumber}`
        amount = -priceIn(currency, 2500n + BigInt(i % 7) * 100n)
    }
    balance += amount
    entries.push({ occurred_at: at, type, description, amount: toMajor(amount, currency), balance_after: toMajor(balance, currency) })
  }
  // Aging of what is open: the closing balance spread over the buckets when positive.
  const open = balance > 0n ? balance : 0n
  const parts: bigint[] = [(open * 45n) / 100n, (open * 25n) / 100n, (open * 15n) / 100n, (open * 10n) / 100n]
  parts.push(open - parts.reduce((a, b) => a + b, 0n))
  const keys: AgingBucket["key"][] = ["current", "1_30", "31_60", "61_90", "90_plus"]
  const labels = ["Current", "1–30 days", "31–60 days", "61–90 days", "90+ days"]
  return {
    business,
    customer,
    currency_code: currency,
    period: options.period ?? { from: "2026-01-01T00:00:00.000Z", to: "2026-11-30T23:59:59.999Z", kind: "range" },
    opening_balance: toMajor(opening, currency),
    entries,
    closing_balance: toMajor(balance, currency),
    aging: {
      as_of: "2026-11-30T23:59:59.999Z",
      buckets: keys.map((key, i) => ({ key, label: labels[i], amount: toMajor(parts[i], currency) })),
      total: toMajor(open, currency),
    },
    generated_at: "2026-12-01T08:00:00.000Z",
  }
}
