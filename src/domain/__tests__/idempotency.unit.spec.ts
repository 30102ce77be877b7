import { paymentRequestHash } from "../idempotency"

const base = {
  mode: "fixed_amount",
  currency_code: "usd",
  amount: "1.50",
  payment_method: { type: "card" },
}

describe("paymentRequestHash", () => {
  it("is the same for the same request written differently", () => {
    const h = paymentRequestHash(base)
    expect(paymentRequestHash({ ...base, amount: 1.5 })).toBe(h)
    expect(paymentRequestHash({ ...base, amount: "1.5" })).toBe(h)
    expect(paymentRequestHash({ ...base, amount: " 1.500 " })).toBe(h)
    expect(paymentRequestHash({ ...base, currency_code: "USD" })).toBe(h)
    expect(paymentRequestHash({ ...base, payment_method: { type: "card", saved_method_id: null } })).toBe(h)

    const selected = {
      mode: "selected_invoices",
      currency_code: "usd",
      invoice_ids: ["inv_a", "inv_b"],
      amounts: { inv_a: "1", inv_b: 2.5 },
      payment_method: { type: "card" },
    }
    expect(paymentRequestHash({ ...selected, invoice_ids: ["inv_b", "inv_a"], amounts: { inv_b: "2.50", inv_a: 1 } })).toBe(
      paymentRequestHash(selected)
    )
  })

  it("differs when the request means something else", () => {
    const h = paymentRequestHash(base)
    expect(paymentRequestHash({ ...base, amount: "1.51" })).not.toBe(h)
    expect(paymentRequestHash({ ...base, currency_code: "eur" })).not.toBe(h)
    expect(paymentRequestHash({ ...base, payment_method: { type: "us_bank_account" } })).not.toBe(h)
    expect(paymentRequestHash({ ...base, note: "x" })).not.toBe(h)
    // JPY has no minor unit: 150 JPY is not 1.50 of anything
    expect(paymentRequestHash({ ...base, currency_code: "jpy", amount: "150" })).not.toBe(
      paymentRequestHash({ ...base, currency_code: "usd", amount: "1.50" })
    )
    const selected = { mode: "selected_invoices", currency_code: "usd", invoice_ids: ["inv_a", "inv_b"], amounts: { inv_a: "1", inv_b: "2.5" } }
    expect(paymentRequestHash({ ...selected, amounts: { inv_a: "2.5", inv_b: "1" } })).not.toBe(paymentRequestHash(selected))
    expect(paymentRequestHash({ ...selected, invoice_ids: ["inv_a"] })).not.toBe(paymentRequestHash(selected))
    // an unparseable amount is never equal to a real one
    expect(paymentRequestHash({ ...base, amount: "abc" })).not.toBe(h)
  })
})
