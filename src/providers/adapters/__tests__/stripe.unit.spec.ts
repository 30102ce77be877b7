import { toMinor } from "../../../domain/money"
import { stripeAdapter } from "../stripe"

// The PaymentIntent Medusa's Stripe provider creates carries the amount in
// Stripe's units for the currency, which are not always the ISO exponent's.
describe("stripeAdapter.verify: amounts in Stripe's units", () => {
  const intent = (amount: number, currency: string, extra: Record<string, unknown> = {}) => ({
    id: "pi_1",
    object: "payment_intent",
    amount,
    currency,
    customer: null,
    ...extra,
  })
  const expected = (major: string, currency: string) => ({
    reference: "pi_1",
    amount: toMinor(major, currency),
    currency_code: currency,
    account_holder: null,
  })

  it.each([
    ["75.25", "usd", 7525],
    ["1500", "jpy", 1500],
    // ISK: zero decimals by ISO, but Stripe takes hundredths
    ["10", "isk", 1000],
    // three-decimal currencies: Stripe takes thousandths rounded to tens
    ["1.005", "kwd", 1010],
    ["2.5", "bhd", 2500],
  ])("%s %s is a PaymentIntent for %i", (major, currency, stripeAmount) => {
    expect(stripeAdapter.verify(intent(stripeAmount, currency), expected(major, currency))).toEqual({ ok: true })
    expect(stripeAdapter.verify(intent(stripeAmount + 1, currency), expected(major, currency)).ok).toBe(false)
  })

  it("refuses another intent, another currency and another customer", () => {
    expect(stripeAdapter.verify({ ...intent(7525, "usd"), id: "pi_2" }, expected("75.25", "usd")).ok).toBe(false)
    expect(stripeAdapter.verify(intent(7525, "eur"), expected("75.25", "usd")).ok).toBe(false)
    expect(stripeAdapter.verify(intent(7525, "usd", { customer: "cus_other" }), expected("75.25", "usd")).ok).toBe(false)
    expect(
      stripeAdapter.verify(intent(7525, "usd", { customer: { id: "cus_mine" } }), { ...expected("75.25", "usd"), account_holder: "cus_mine" })
    ).toEqual({ ok: true })
  })
})
