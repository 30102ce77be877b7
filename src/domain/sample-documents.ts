/**
 * The documents a test email carries: the sample invoice and receipt that
 * match the templates' sample placeholder values (INV-000123, 245.50 USD,
 * txn_3QK8Z2EXAMPLE…), so "Send test email" shows the attachment a customer
 * gets. Pure: the business and the clock are passed in.
 */
import type { DocumentBusiness, DocumentCustomer, InvoiceDocument, ReceiptDocument } from "../documents/types"
import { EMAIL_TEMPLATE_ATTACHMENTS } from "./email-templates"
import type { EmailTemplateId } from "./portal-settings"

const SAMPLE_CUSTOMER: DocumentCustomer = {
  id: "cus_01JEXAMPLE",
  name: "Jane Cooper",
  email: "jane@example.com",
  company_name: null,
  phone: null,
}

export function sampleInvoiceDocument(business: DocumentBusiness, now: Date): InvoiceDocument {
  return {
    business,
    customer: SAMPLE_CUSTOMER,
    invoice: {
      id: "inv_01JEXAMPLE",
      number: "INV-000123",
      status: "open",
      currency_code: "usd",
      issued_at: "2026-03-03T00:00:00.000Z",
      due_at: "2026-04-02T00:00:00.000Z",
      voided_at: null,
      notes: "Thank you for your business.",
      lines: [
        { title: "Spring clean-up", description: null, service_date: null, quantity: "1", unit_price: "155.50", total: "155.50" },
        { title: "Mowing", description: null, service_date: null, quantity: "2", unit_price: "45.00", total: "90.00" },
      ],
      subtotal: "245.50",
      tax_total: "0.00",
      total: "245.50",
      amount_paid: "0.00",
      amount_pending: "0.00",
      amount_due: "245.50",
      payments: [],
    },
    generated_at: now.toISOString(),
  }
}

export function sampleReceiptDocument(business: DocumentBusiness, now: Date, kind: "card" | "ach_pending" | "ach_settled"): ReceiptDocument {
  const bank = kind !== "card"
  return {
    business,
    customer: SAMPLE_CUSTOMER,
    payment: {
      id: "cpay_01JEXAMPLE",
      transaction_id: "txn_3QK8Z2EXAMPLE",
      date: "2026-03-14T09:00:00.000Z",
      status: kind === "ach_pending" ? "processing" : "succeeded",
      method: bank ? { type: "us_bank_account", label: "Bank account •••• 6789" } : { type: "card", label: "Visa •••• 4242" },
      source: "portal",
      currency_code: "usd",
      amount: "245.50",
      allocations: [
        { invoice_number: "INV-000123", amount: "120.00" },
        { invoice_number: "INV-000131", amount: "125.50" },
      ],
      credit_created: "0.00",
      refunded_amount: "0.00",
      note: null,
    },
    generated_at: now.toISOString(),
  }
}

/** The sample document a template's test email carries, as real emails of that template do (null: none). */
export function sampleDocumentFor(template: EmailTemplateId, business: DocumentBusiness, now: Date) {
  const kind = EMAIL_TEMPLATE_ATTACHMENTS[template]
  if (kind === "invoice") return { kind, document: sampleInvoiceDocument(business, now) } as const
  if (kind === "receipt") {
    const receipt = template === "billing.ach_pending" ? "ach_pending" : template === "billing.ach_settled" ? "ach_settled" : "card"
    return { kind, document: sampleReceiptDocument(business, now, receipt) } as const
  }
  return null
}
