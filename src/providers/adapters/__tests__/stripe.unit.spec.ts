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
describe("stripeAdapter.findLostObject: the intent of a session that never learned it", () => {
  const intent = (id: string, session: string, payment = "cpay_1") => ({
    id,
    object: "payment_intent",
    metadata: { session_id: session, billing_payment_id: payment },
  })
  const providerListing = (intents: Record<string, any>[]) => {
    const calls: Record<string, unknown>[] = []
    const provider = {
      stripe_: {
        paymentIntents: {
          list(params: Record<string, unknown>) {
            calls.push(params)
            return (async function* () {
              yield* intents
            })()
          },
        },
      },
    }
    return { provider, calls }
  }
  const confirmed = { payment_method: "pm_1", confirm: true, off_session: true, indeterminate_due_to: "stripe_api_error" }
  const created_after = new Date("2026-12-04T09:00:00Z")

  it("lists the customer's intents since the payment (a day's leeway for clock skew) and takes the one naming the session", async () => {
    const { provider, calls } = providerListing([intent("pi_other", "payses_other"), intent("pi_mine", "payses_1")])
    const found = await stripeAdapter.findLostObject({ provider, payment_id: "cpay_1", session: { id: "payses_1", data: confirmed }, account_holder: "cus_1", created_after })
    expect(found?.id).toBe("pi_mine")
    expect(calls).toEqual([{ customer: "cus_1", created: { gte: Math.floor(created_after.getTime() / 1000) - 24 * 60 * 60 }, limit: 100 }])
    expect(await stripeAdapter.findLostObject({ provider, payment_id: "cpay_1", session: { id: "payses_2", data: confirmed }, account_holder: "cus_1", created_after })).toBeNull()
  })

  it("a session the Payment Module deleted (the create threw): takes the intent naming the payment", async () => {
    const { provider, calls } = providerListing([intent("pi_other", "payses_9", "cpay_9"), intent("pi_mine", "payses_gone", "cpay_1")])
    const found = await stripeAdapter.findLostObject({ provider, payment_id: "cpay_1", session: null, account_holder: "cus_1", created_after })
    expect(found?.id).toBe("pi_mine")
    expect(await stripeAdapter.findLostObject({ provider, payment_id: "cpay_2", session: null, account_holder: "cus_1", created_after })).toBeNull()
    expect(calls).toHaveLength(2)
    // never without a Stripe customer: a one-off card's intent has none, and nobody could confirm it
    expect(await stripeAdapter.findLostObject({ provider, payment_id: "cpay_1", session: null, account_holder: null, created_after })).toBeNull()
    expect(calls).toHaveLength(2)
  })

  it("every intent the plugin creates names its payment; the decline of a found intent is Stripe's decline code", () => {
    expect(stripeAdapter.sessionData({ type: "card", saved_method_id: "pm_1" }, { off_session: true, payment_id: "cpay_1" })).toMatchObject({
      metadata: { billing_payment_id: "cpay_1" },
      payment_method: "pm_1",
      confirm: true,
    })
    expect(stripeAdapter.declineReason({ status: "requires_payment_method", last_payment_error: { code: "card_declined", decline_code: "insufficient_funds" } })).toBe(
      "insufficient_funds"
    )
    expect(stripeAdapter.declineReason({ status: "requires_capture" })).toBeNull()
  })

  it("asks nothing for an intent only the client could confirm (a one-off card), or without a Stripe customer", async () => {
    const { provider, calls } = providerListing([intent("pi_mine", "payses_1")])
    const oneOff = { payment_method_types: ["card"], indeterminate_due_to: "stripe_api_error" }
    expect(await stripeAdapter.findLostObject({ provider, payment_id: "cpay_1", session: { id: "payses_1", data: oneOff }, account_holder: "cus_1", created_after })).toBeNull()
    expect(await stripeAdapter.findLostObject({ provider, payment_id: "cpay_1", session: { id: "payses_1", data: confirmed }, account_holder: null, created_after })).toBeNull()
    expect(calls).toEqual([])
  })

  it("fails loudly when Medusa's Stripe provider no longer exposes its client", async () => {
    await expect(
      stripeAdapter.findLostObject({ provider: {}, payment_id: "cpay_1", session: { id: "payses_1", data: confirmed }, account_holder: "cus_1", created_after })
    ).rejects.toThrow("Medusa's Stripe provider no longer exposes its Stripe client")
  })
})

// Medusa's Stripe provider throws the same way whether Stripe refused a
// create or never answered it; the client's events tell them apart.
describe("stripeAdapter.refusedCreate: a refusal told from an answer never received", () => {
  const { EventEmitter } = require("events") as typeof import("events")
  const providerWithClient = () => {
    const client = new EventEmitter()
    return { provider: { stripe_: client }, client }
  }
  const create = { method: "POST", path: "/v1/payment_intents", idempotency_key: "cpay_1" }
  const request = (client: any, extra: Record<string, unknown> = {}) => client.emit("request", { ...create, ...extra })
  const answer = (client: any, status: number, extra: Record<string, unknown> = {}) => {
    request(client, extra)
    client.emit("response", { ...create, status, ...extra })
  }
  const thrown = new Error("An error occurred in InitiatePayment during creation of stripe payment intent: Amount must be no more than $999,999.99.")
  const refused = (provider: unknown, error: unknown = thrown) => stripeAdapter.refusedCreate(provider, "cpay_1", error)

  it("is sure only of a 400, 402 or 404 answering the last request under the payment's key since the watch began", () => {
    for (const [status, sure] of [[400, true], [402, true], [404, true], [401, false], [403, false], [409, false], [429, false], [500, false], [200, false]] as const) {
      const { provider, client } = providerWithClient()
      stripeAdapter.watchCreate(provider, "cpay_1")
      answer(client, status)
      expect([status, refused(provider)]).toEqual([status, sure])
    }
    const { provider, client } = providerWithClient()
    // no answer at all (a timeout, a lost connection)
    stripeAdapter.watchCreate(provider, "cpay_1")
    request(client)
    expect(refused(provider)).toBe(false)
    // the last request counts: a 429 retried into a 400 is a refusal; a 400 then a request never answered is not
    stripeAdapter.watchCreate(provider, "cpay_1")
    answer(client, 429)
    answer(client, 400)
    expect(refused(provider)).toBe(true)
    stripeAdapter.watchCreate(provider, "cpay_1")
    answer(client, 400)
    request(client)
    expect(refused(provider)).toBe(false)
    // a 400 about the key's earlier use with other parameters: an earlier request exists
    stripeAdapter.watchCreate(provider, "cpay_1")
    answer(client, 400)
    expect(
      refused(provider, new Error("…: Keys for idempotent requests can only be used with the same parameters they were first used with."))
    ).toBe(false)
    // another payment's key, another path or method, or an answer before the watch: not this create's
    for (const other of [{ idempotency_key: "cpay_2" }, { path: "/v1/refunds" }, { method: "GET" }]) {
      stripeAdapter.watchCreate(provider, "cpay_1")
      answer(client, 400, other)
      expect(refused(provider)).toBe(false)
    }
    answer(client, 400)
    stripeAdapter.watchCreate(provider, "cpay_1")
    expect(refused(provider)).toBe(false)
    // read once: a second look knows nothing, and an unwatched key is not noted
    stripeAdapter.watchCreate(provider, "cpay_1")
    answer(client, 400)
    expect(refused(provider)).toBe(true)
    expect(refused(provider)).toBe(false)
    answer(client, 400)
    expect(refused(provider)).toBe(false)
    // the client is listened to once, however many watches
    expect([client.listenerCount("request"), client.listenerCount("response")]).toEqual([1, 1])
  })

  it("knows nothing of a client without events", () => {
    const provider = { stripe_: {} }
    stripeAdapter.watchCreate(provider, "cpay_1")
    expect(refused(provider)).toBe(false)
  })
})
