import { DEFAULT_EMAIL_TEMPLATES, renderEmail } from "../email-templates"
import { formatEmailDate, formatInvoiceEmailLine, invoiceEmailVars, invoicePageUrl, InvoiceEmailInput } from "../invoice-email"

const invoice = (over: Partial<InvoiceEmailInput> = {}): InvoiceEmailInput => ({
  id: "inv_01TEST",
  display_id: 123,
  currency_code: "usd",
  issued_at: new Date("2026-03-03T00:00:00Z"),
  due_at: new Date("2026-04-02T23:30:00Z"),
  notes: null,
  total: 24550n,
  amount_paid: 0n,
  amount_due: 24550n,
  lines: [
    { title: "Mowing", quantity: "2", unit_price: 4500n, total: 9000n, rank: 1 },
    { title: "Spring clean-up", quantity: "1", unit_price: 15550n, total: 15550n, rank: 0 },
  ],
  ...over,
})
const links = { invoice_url: "https://portal.test/invoices/inv_01TEST", payment_url: "https://portal.test/invoices/inv_01TEST" }

describe("invoice email values", () => {
  it("formats amounts exactly with the currency's exponent (USD 2, JPY 0, KWD 3), lines in rank order", () => {
    expect(invoiceEmailVars(invoice(), links).invoice).toEqual({
      id: "inv_01TEST",
      number: "INV-000123",
      total: "245.50",
      amount_paid: "0.00",
      amount_due: "245.50",
      currency: "USD",
      issued_date: "March 3, 2026",
      due_date: "April 2, 2026",
      lines: ["Spring clean-up — 1 × 155.50 = 155.50 USD", "Mowing — 2 × 45.00 = 90.00 USD"],
      notes: "",
    })
    const jpy = invoiceEmailVars(
      invoice({
        currency_code: "jpy",
        total: 1234567n,
        amount_paid: 1000n,
        amount_due: 1233567n,
        lines: [{ title: "Consulting", quantity: "2.5", unit_price: 493827n, total: 1234567n }],
      }),
      links
    ).invoice
    expect([jpy.total, jpy.amount_paid, jpy.amount_due, jpy.currency, jpy.lines]).toEqual([
      "1234567",
      "1000",
      "1233567",
      "JPY",
      ["Consulting — 2.5 × 493827 = 1234567 JPY"],
    ])
    // more than a double holds exactly: 9,007,199,254,740,993 fils
    const kwd = invoiceEmailVars(
      invoice({
        currency_code: "kwd",
        total: 9007199254740993n,
        amount_due: 9007199254740993n,
        lines: [{ title: "Big", quantity: "1", unit_price: 9007199254740993n, total: 9007199254740993n }],
      }),
      links
    ).invoice
    expect([kwd.total, kwd.amount_due, kwd.lines]).toEqual([
      "9007199254740.993",
      "9007199254740.993",
      ["Big — 1 × 9007199254740.993 = 9007199254740.993 KWD"],
    ])
  })

  it("dates are UTC calendar dates whatever the server's zone; a missing date is empty", () => {
    expect(formatEmailDate(new Date("2026-12-31T23:59:59Z"))).toBe("December 31, 2026")
    expect(formatEmailDate(new Date("2026-01-01T00:00:00Z"))).toBe("January 1, 2026")
    expect(formatEmailDate(null)).toBe("")
  })

  it("the invoice page is <portal>/invoices/<id>, without a doubled slash, id encoded", () => {
    expect(invoicePageUrl("https://shop.test/account/billing", "inv_1")).toBe("https://shop.test/account/billing/invoices/inv_1")
    expect(invoicePageUrl("https://shop.test/account/billing/", "inv_1")).toBe("https://shop.test/account/billing/invoices/inv_1")
    expect(invoicePageUrl("https://shop.test", "a/b?c")).toBe("https://shop.test/invoices/a%2Fb%3Fc")
  })

  it("a line reads title — quantity × unit price = total currency", () => {
    expect(formatInvoiceEmailLine({ title: "Labour", quantity: "0.25", unit_price: 9010n, total: 2253n }, "usd")).toBe(
      "Labour — 0.25 × 90.10 = 22.53 USD"
    )
  })

  it("the default template renders every value, escapes in HTML, and leaves no gap for missing notes", () => {
    const vars = {
      business_name: "Greenleaf & Sons",
      customer: { first_name: "Jane" },
      ...invoiceEmailVars(invoice({ notes: "Gate code <1234>" }), links),
    }
    const out = renderEmail(DEFAULT_EMAIL_TEMPLATES["billing.invoice_issued"], vars)
    expect(out.subject).toBe("Invoice INV-000123 from Greenleaf & Sons — 245.50 USD due April 2, 2026")
    expect(out.html).toContain("Greenleaf &amp; Sons sent you invoice <strong>INV-000123</strong>, issued March 3, 2026.")
    expect(out.html).toContain("Amount due: <strong>245.50 USD</strong> by April 2, 2026 (invoice total 245.50 USD).")
    expect(out.html).toContain(
      "<ul><li>Spring clean-up — 1 × 155.50 = 155.50 USD</li><li>Mowing — 2 × 45.00 = 90.00 USD</li></ul>"
    )
    expect(out.html).toContain("<p>Gate code &lt;1234&gt;</p>")
    expect(out.html).toMatch(/<a href="https:\/\/portal\.test\/invoices\/inv_01TEST"[^>]*>View and pay<\/a>/)
    expect(out.text).toContain("- Spring clean-up — 1 × 155.50 = 155.50 USD\n- Mowing — 2 × 45.00 = 90.00 USD")
    expect(out.text).toContain("Gate code <1234>\n\nView and pay: https://portal.test/invoices/inv_01TEST\n")
    expect(out.text).toContain("see it in the billing portal: https://portal.test/invoices/inv_01TEST")

    const withoutNotes = renderEmail(DEFAULT_EMAIL_TEMPLATES["billing.invoice_issued"], {
      ...vars,
      ...invoiceEmailVars(invoice(), links),
    })
    expect(withoutNotes.text).toContain("- Mowing — 2 × 45.00 = 90.00 USD\n\nView and pay: ")
    expect(withoutNotes.text).not.toMatch(/\n{3,}/)
  })
})
