import { toMinor } from "../../../domain/money"
import { STRIPE_UNKNOWN_INTENT_WAIT_MS, stripeAdapter } from "../stripe"

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

describe("stripeAdapter: ACH micro-deposits and kept methods", () => {
  const microdeposits = (url: unknown) => ({
    id: "pi_1",
    object: "payment_intent",
    status: "requires_action",
    client_secret: "pi_1_secret_x",
    payment_method: "pm_bank",
    next_action: {
      type: "verify_with_microdeposits",
      verify_with_microdeposits: { arrival_date: 1767225600, hosted_verification_url: url, microdeposit_type: "descriptor_code" },
    },
  })

  it("answers only the hosted verification page, on Stripe's https origin", () => {
    const url = "https://payments.stripe.com/microdeposit/pacs_test_123"
    expect(stripeAdapter.nextAction("requires_more", microdeposits(url))).toEqual({
      type: "verify_with_microdeposits",
      hosted_verification_url: url,
    })
  })

  it.each([
    ["another origin", "https://payments.stripe.com.evil.example/x"],
    ["plain http", "http://payments.stripe.com/microdeposit/pacs_test_123"],
    ["a script", "javascript:alert(1)"],
    ["not a URL", "pacs_test_123"],
    ["missing", undefined],
  ])("answers nothing for %s", (_name, url) => {
    expect(stripeAdapter.nextAction("requires_more", microdeposits(url))).toBeNull()
  })

  it("keeps the intent's method only when the server asked for setup_future_usage", () => {
    expect(stripeAdapter.keptMethodId({ setup_future_usage: "off_session", payment_method: "pm_1" })).toBe("pm_1")
    expect(stripeAdapter.keptMethodId({ setup_future_usage: "off_session", payment_method: { id: "pm_2" } })).toBe("pm_2")
    expect(stripeAdapter.keptMethodId({ setup_future_usage: null, payment_method: "pm_1" })).toBeNull()
    expect(stripeAdapter.keptMethodId({ setup_future_usage: "off_session", payment_method: null })).toBeNull()
    expect(stripeAdapter.keptMethodId(null)).toBeNull()
  })
})

// Stripe answered 500 while creating an intent: the session holds no intent id.
describe("stripeAdapter: a session whose PaymentIntent Stripe never answered", () => {
  it("waits 8 days for one the server confirmed with a saved method (Stripe drops an uncaptured one after 7, retries webhooks for 3), none for an unconfirmed one", () => {
    const lost = { indeterminate_due_to: "stripe_api_error", payment_method_types: ["card"] }
    expect(stripeAdapter.unknownObjectWaitMs({ ...lost, payment_method: "pm_1", confirm: true, off_session: true })).toBe(STRIPE_UNKNOWN_INTENT_WAIT_MS)
    expect(STRIPE_UNKNOWN_INTENT_WAIT_MS).toBe(8 * 24 * 60 * 60 * 1000)
    // a one-off card: the client confirms with the client secret it never got
    expect(stripeAdapter.unknownObjectWaitMs(lost)).toBe(0)
    expect(stripeAdapter.objectId(lost)).toBeNull()
  })

  it("takes the PaymentIntent a webhook event carries, and nothing else", () => {
    const intent = { id: "pi_1", object: "payment_intent", amount: 4200, metadata: { session_id: "payses_1" } }
    expect(stripeAdapter.webhookObject({ type: "payment_intent.amount_capturable_updated", data: { object: intent } })).toBe(intent)
    expect(stripeAdapter.webhookObject({ type: "charge.succeeded", data: { object: { id: "ch_1", object: "charge" } } })).toBeNull()
    expect(stripeAdapter.webhookObject({ data: { object: { object: "payment_intent" } } })).toBeNull()
    expect(stripeAdapter.webhookObject({})).toBeNull()
  })
})
