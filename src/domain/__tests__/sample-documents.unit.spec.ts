import { EMAIL_TEMPLATE_ATTACHMENTS, EMAIL_TEMPLATE_PLACEHOLDERS } from "../email-templates"
import { sumMinor, toMinor } from "../money"
import { EMAIL_TEMPLATE_IDS } from "../portal-settings"
import { sampleDocumentFor } from "../sample-documents"

const business = { name: "Greenleaf", support_email: null, portal_url: "https://shop.example.com/account/billing" }
const NOW = new Date("2026-03-14T12:00:00Z")
const sampleOf = (template: (typeof EMAIL_TEMPLATE_IDS)[number], name: string) =>
  EMAIL_TEMPLATE_PLACEHOLDERS[template].find((d) => d.name === name)!.sample

describe("sample documents of test emails", () => {
  it("the invoice email carries an invoice, the receipt-type emails a receipt, the others nothing", () => {
    expect(EMAIL_TEMPLATE_ATTACHMENTS).toEqual({
      "billing.invoice_issued": "invoice",
      "billing.payment_receipt": "receipt",
      "billing.ach_pending": "receipt",
      "billing.ach_settled": "receipt",
      "billing.autopay_charged": "receipt",
    })
    for (const id of EMAIL_TEMPLATE_IDS) {
      expect({ id, kind: sampleDocumentFor(id, business, NOW)?.kind ?? null }).toEqual({ id, kind: EMAIL_TEMPLATE_ATTACHMENTS[id] ?? null })
    }
  })

  it("the sample invoice matches the template's sample values and adds up", () => {
    const sample = sampleDocumentFor("billing.invoice_issued", business, NOW)!
    if (sample.kind !== "invoice") throw new Error("expected an invoice")
    const { invoice } = sample.document
    expect(invoice.number).toBe(sampleOf("billing.invoice_issued", "invoice.number"))
    expect(invoice.amount_due).toBe(sampleOf("billing.invoice_issued", "invoice.amount_due"))
    expect(invoice.total).toBe(sampleOf("billing.invoice_issued", "invoice.total"))
    const usd = (v: string) => toMinor(v, "usd")
    expect(sumMinor(invoice.lines.map((l) => usd(l.total)))).toBe(usd(invoice.total))
    expect(usd(invoice.total) - usd(invoice.amount_paid)).toBe(usd(invoice.amount_due))
    expect(sample.document.business).toBe(business)
    expect(sample.document.generated_at).toBe("2026-03-14T12:00:00.000Z")
  })

  it("the sample receipt matches the payment samples, adds up, and is pending for ACH pending", () => {
    const card = sampleDocumentFor("billing.payment_receipt", business, NOW)!
    const pending = sampleDocumentFor("billing.ach_pending", business, NOW)!
    if (card.kind !== "receipt" || pending.kind !== "receipt") throw new Error("expected receipts")
    const { payment } = card.document
    expect(payment.transaction_id).toBe(sampleOf("billing.payment_receipt", "payment.transaction_id"))
    expect(payment.amount).toBe(sampleOf("billing.payment_receipt", "payment.amount"))
    expect(payment.allocations.map((a) => `${a.invoice_number}: ${a.amount} USD`)).toEqual(
      sampleOf("billing.payment_receipt", "payment.allocations")
    )
    const usd = (v: string) => toMinor(v, "usd")
    expect(sumMinor(payment.allocations.map((a) => usd(a.amount))) + usd(payment.credit_created)).toBe(usd(payment.amount))
    expect([payment.status, payment.method.type]).toEqual(["succeeded", "card"])
    expect([pending.document.payment.status, pending.document.payment.method.type]).toEqual(["processing", "us_bank_account"])
  })
})
