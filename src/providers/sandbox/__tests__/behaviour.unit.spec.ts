import fc from "fast-check"
import {
  achEventSchedule,
  achStatusAt,
  authorizeSandboxPayment,
  buildSandboxEvent,
  cancelSandboxPayment,
  captureSandboxPayment,
  initiateSandboxPayment,
  parsePaymentMethodId,
  parseSandboxWebhook,
  refreshSandboxPayment,
  refundSandboxPayment,
  SANDBOX_TEST_BANK_ACCOUNTS,
  SANDBOX_TEST_CARDS,
  SandboxError,
  type SandboxPaymentData,
  sandboxStatusAt,
  signSandboxPayload,
  tokenizePaymentMethod,
  updateSandboxPayment,
  validateSandboxOptions,
  verifySandboxSignature,
  webhookActionFor,
} from "../behaviour"

const T0 = Date.parse("2025-03-01T12:00:00.000Z")
const DELAY = 20_000
const ROUTING = "110000000"
const SECRET = "whsec_sandbox_test"

function ids() {
  let n = 0
  return () => `r${++n}`
}

const ALL_NUMBERS = [...Object.keys(SANDBOX_TEST_CARDS), ...Object.keys(SANDBOX_TEST_BANK_ACCOUNTS), "4111111111111111"]

/** No full card or account number anywhere in what the sandbox hands back. */
function expectNoNumbers(value: unknown, numbers: string[] = ALL_NUMBERS) {
  const json = JSON.stringify(value)
  for (const number of numbers) {
    expect(json).not.toContain(number)
  }
}

/** What survives storage in Medusa's JSON column (undefined keys vanish). */
function asStored<T>(value: T): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value))
}

function expectSandboxError(fn: () => unknown, code: SandboxError["code"], message?: RegExp) {
  let caught: unknown
  try {
    fn()
  } catch (error) {
    caught = error
  }
  expect(caught).toBeInstanceOf(SandboxError)
  expect((caught as SandboxError).code).toBe(code)
  if (message) expect((caught as SandboxError).message).toMatch(message)
  return caught as SandboxError
}

function card(number: string, extra: Record<string, unknown> = {}, amount = "100.00", currency = "usd") {
  return initiateSandboxPayment(
    {
      amount,
      currency_code: currency,
      data: { payment_method_type: "card", payment_method_data: { number }, session_id: "payses_1", ...extra },
    },
    { now: T0, random: ids() }
  )
}

function ach(account_number: string, extra: Record<string, unknown> = {}) {
  return initiateSandboxPayment(
    {
      amount: "250.00",
      currency_code: "usd",
      data: {
        payment_method_type: "us_bank_account",
        payment_method_data: { account_number, routing_number: ROUTING },
        session_id: "payses_ach",
        ...extra,
      },
    },
    { now: T0, random: ids() }
  )
}

const authorize = (data: SandboxPaymentData, now = T0, settlementDelayMs = DELAY) =>
  authorizeSandboxPayment(data, { now, settlementDelayMs })

describe("validateSandboxOptions", () => {
  it("refuses production unless explicitly enabled, saying it is a test provider and how to enable it", () => {
    const error = expectSandboxError(() => validateSandboxOptions({}, "production"), "invalid_data")
    expect(error.message).toMatch(/test provider/)
    expect(error.message).toMatch(/NODE_ENV=production/)
    expect(error.message).toMatch(/allowInProduction: true/)
    expectSandboxError(() => validateSandboxOptions({ allowInProduction: false }, "production"), "invalid_data")
    expectSandboxError(() => validateSandboxOptions(undefined, "production"), "invalid_data", /test provider/)
  })

  it("requires a webhook secret when enabled in production", () => {
    expectSandboxError(
      () => validateSandboxOptions({ allowInProduction: true }, "production"),
      "invalid_data",
      /webhookSecret/
    )
    expect(() => validateSandboxOptions({ allowInProduction: true, webhookSecret: SECRET }, "production")).not.toThrow()
  })

  it("loads anywhere else without options", () => {
    for (const env of ["development", "test", undefined]) {
      expect(() => validateSandboxOptions(undefined, env)).not.toThrow()
      expect(() => validateSandboxOptions({ achSettlementDelayMs: 0 }, env)).not.toThrow()
    }
  })

  it("rejects a negative or fractional settlement delay and an empty secret", () => {
    expectSandboxError(() => validateSandboxOptions({ achSettlementDelayMs: -1 }, "test"), "invalid_data", /achSettlementDelayMs/)
    expectSandboxError(() => validateSandboxOptions({ achSettlementDelayMs: 1.5 }, "test"), "invalid_data")
    expectSandboxError(() => validateSandboxOptions({ webhookSecret: "" }, "test"), "invalid_data", /webhookSecret/)
  })

  it("takes a whole, non-negative latencyMs", () => {
    expect(() => validateSandboxOptions({ latencyMs: 0 }, "test")).not.toThrow()
    expect(() => validateSandboxOptions({ latencyMs: 250 }, "test")).not.toThrow()
    expectSandboxError(() => validateSandboxOptions({ latencyMs: -1 }, "test"), "invalid_data", /latencyMs/)
    expectSandboxError(() => validateSandboxOptions({ latencyMs: 0.5 }, "test"), "invalid_data", /latencyMs/)
    expectSandboxError(() => validateSandboxOptions({ latencyMs: "100" as any }, "test"), "invalid_data", /latencyMs/)
  })
})

describe("tokenizePaymentMethod", () => {
  it.each([
    ["4242424242424242", "ok"],
    ["4000000000000002", "generic"],
    ["4000000000009995", "funds"],
    ["4000002500003155", "action"],
    ["4111111111111111", "invalid"],
  ])("card %s becomes a %s token that keeps only last4 and brand", (number, outcome) => {
    const method = tokenizePaymentMethod({ payment_method_type: "card", payment_method_data: { number } }, () => "x9")
    expect(method).toEqual({
      id: `pm_sandbox_card_${outcome}_${number.slice(-4)}_x9`,
      type: "card",
      last4: number.slice(-4),
      brand: "visa",
    })
    expect(parsePaymentMethodId(method.id)).toEqual({ type: "card", outcome, last4: number.slice(-4) })
    expectNoNumbers(method)
  })

  it("ignores spaces and dashes in a card number", () => {
    const method = tokenizePaymentMethod(
      { payment_method_type: "card", payment_method_data: { number: "4242 4242-4242 4242" } },
      () => "a"
    )
    expect(method.id).toBe("pm_sandbox_card_ok_4242_a")
  })

  it("detects other brands for display", () => {
    const brand = (number: string) =>
      tokenizePaymentMethod({ payment_method_type: "card", payment_method_data: { number } }, () => "a").brand
    expect(brand("5555555555554444")).toBe("mastercard")
    expect(brand("378282246310005")).toBe("amex")
    expect(brand("6011111111111117")).toBe("discover")
    expect(brand("9999999999999995")).toBe("unknown")
  })

  it("errors on a missing or malformed card number without quoting it", () => {
    expectSandboxError(
      () => tokenizePaymentMethod({ payment_method_type: "card", payment_method_data: {} }, () => "a"),
      "invalid_data",
      /payment_method_data\.number/
    )
    expectSandboxError(() => tokenizePaymentMethod({ payment_method_type: "card" }, () => "a"), "invalid_data")
    const error = expectSandboxError(
      () =>
        tokenizePaymentMethod({ payment_method_type: "card", payment_method_data: { number: "4242x4242424242" } }, () => "a"),
      "invalid_data",
      /4 to 19 digits/
    )
    expect(error.message).not.toContain("4242x")
    expectSandboxError(
      () => tokenizePaymentMethod({ payment_method_type: "card", payment_method_data: { number: "424" } }, () => "a"),
      "invalid_data"
    )
  })

  it("requires a known payment_method_type", () => {
    expectSandboxError(() => tokenizePaymentMethod({ payment_method_data: { number: "4242424242424242" } }, () => "a"), "invalid_data", /payment_method_type/)
    expectSandboxError(
      () => tokenizePaymentMethod({ payment_method_type: "sepa_debit", payment_method_data: {} }, () => "a"),
      "invalid_data",
      /"card" or "us_bank_account"/
    )
  })

  it.each([
    ["000123456789", "settles"],
    ["000111111113", "fails"],
    ["000555555559", "returns"],
    ["000999999991", "noaccount"],
  ])("bank account %s becomes a %s token with last4 and bank name", (account_number, outcome) => {
    const method = tokenizePaymentMethod(
      { payment_method_type: "us_bank_account", payment_method_data: { account_number, routing_number: ROUTING } },
      () => "b"
    )
    expect(method).toEqual({
      id: `pm_sandbox_ach_${outcome}_${account_number.slice(-4)}_b`,
      type: "us_bank_account",
      last4: account_number.slice(-4),
      bank_name: "SANDBOX TEST BANK",
    })
    expectNoNumbers(method, [account_number, ROUTING])
  })

  it.each(["11000000", "1100000000", "11000000a", "", undefined])("errors on routing number %p", (routing_number) => {
    expectSandboxError(
      () =>
        tokenizePaymentMethod(
          { payment_method_type: "us_bank_account", payment_method_data: { account_number: "000123456789", routing_number } },
          () => "b"
        ),
      "invalid_data",
      /routing_number.*9 digits/
    )
  })

  it("errors on a missing or malformed account number", () => {
    expectSandboxError(
      () =>
        tokenizePaymentMethod({ payment_method_type: "us_bank_account", payment_method_data: { routing_number: ROUTING } }, () => "b"),
      "invalid_data",
      /account_number/
    )
    expectSandboxError(
      () =>
        tokenizePaymentMethod(
          { payment_method_type: "us_bank_account", payment_method_data: { account_number: "12", routing_number: ROUTING } },
          () => "b"
        ),
      "invalid_data",
      /4 to 17 digits/
    )
  })

  it("accepts a saved token, checks its type, and refuses it together with raw details", () => {
    const id = "pm_sandbox_card_funds_9995_abc"
    expect(tokenizePaymentMethod({ saved_method_id: id }, () => "z")).toEqual({
      id,
      type: "card",
      last4: "9995",
      brand: "visa",
    })
    expect(tokenizePaymentMethod({ saved_method_id: id, payment_method_type: "card" }, () => "z").id).toBe(id)
    expectSandboxError(
      () => tokenizePaymentMethod({ saved_method_id: id, payment_method_type: "us_bank_account" }, () => "z"),
      "invalid_data",
      /is a card/
    )
    expectSandboxError(
      () =>
        tokenizePaymentMethod(
          { saved_method_id: id, payment_method_type: "card", payment_method_data: { number: "4242424242424242" } },
          () => "z"
        ),
      "invalid_data",
      /either/
    )
    for (const bad of ["pm_123", "pm_sandbox_card_great_4242_a", "pm_sandbox_ach_ok_6789_a", "pm_sandbox_card_ok_42_a"]) {
      expectSandboxError(() => tokenizePaymentMethod({ saved_method_id: bad }, () => "z"), "invalid_data", /Unknown sandbox payment method/)
    }
  })

  it("never keeps a card number it was given (property)", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9]\d{11,18}$/), (number) => {
        const data = card(number)
        const raw: Record<string, unknown> = { payment_method_type: "card", payment_method_data: { number } }
        const stored = { ...raw, ...data }
        expectNoNumbers(stored, [number])
        expectNoNumbers(authorize(data), [number])
      })
    )
  })
})

describe("initiateSandboxPayment", () => {
  it("returns pending data without next_action and overwrites the raw details", () => {
    const data = card("4242424242424242", { confirmed: true, off_session: false })
    expect(data).toMatchObject({
      id: "pi_sandbox_r2",
      object: "sandbox_payment",
      livemode: false,
      session_id: "payses_1",
      amount: "100.00",
      currency_code: "usd",
      payment_method_type: "card",
      payment_method_data: null,
      saved_method_id: null,
      off_session: false,
      payment_method: { id: "pm_sandbox_card_ok_4242_r1", type: "card", last4: "4242", brand: "visa" },
      client_secret: "pi_sandbox_r2_secret_r3",
      status: "pending",
      created_at: new Date(T0).toISOString(),
      amount_captured: "0.00",
      amount_refunded: "0.00",
      refunds: [],
    })
    expect(asStored(data)).not.toHaveProperty("next_action")
    // A caller cannot pre-confirm a payment that has not asked for it.
    expect(asStored(data)).not.toHaveProperty("confirmed")
    // What Medusa stores: caller data merged with ours.
    const raw: Record<string, unknown> = { payment_method_type: "card", payment_method_data: { number: "4242424242424242" } }
    expectNoNumbers({ ...raw, ...data })
  })

  it("normalises the amount to the currency's minor units and rejects what cannot be charged", () => {
    expect(card("4242424242424242", {}, "12.5").amount).toBe("12.50")
    expect(card("4242424242424242", {}, "1200", "JPY")).toMatchObject({ amount: "1200", currency_code: "jpy" })
    expectSandboxError(() => card("4242424242424242", {}, "12.345"), "invalid_data", /decimals/)
    expectSandboxError(() => card("4242424242424242", {}, "0"), "invalid_data", /greater than 0/)
    expectSandboxError(() => card("4242424242424242", {}, "-5"), "invalid_data", /greater than 0/)
    expectSandboxError(() => card("4242424242424242", {}, "5", "dollars"), "invalid_data", /currency_code/)
  })

  it("records the account holder and a saved method", () => {
    const data = initiateSandboxPayment(
      {
        amount: "10",
        currency_code: "usd",
        customer: "cus_sandbox_1",
        data: { payment_method_type: "card", saved_method_id: "pm_sandbox_card_ok_4242_q", off_session: true },
      },
      { now: T0, random: ids() }
    )
    expect(data).toMatchObject({
      customer: "cus_sandbox_1",
      saved_method_id: "pm_sandbox_card_ok_4242_q",
      off_session: true,
      payment_method: { id: "pm_sandbox_card_ok_4242_q", last4: "4242", brand: "visa" },
      session_id: null,
    })
  })
})

describe("cards: authorize, capture, status", () => {
  it("4242424242424242 authorizes, captures and reports each status", () => {
    const data = card("4242424242424242")
    expect(sandboxStatusAt(data, T0)).toBe("pending")
    const auth = authorize(data, T0 + 1000)
    expect(auth.status).toBe("authorized")
    expect(auth.data.authorized_at).toBe(new Date(T0 + 1000).toISOString())
    expect(asStored(auth.data)).not.toHaveProperty("next_action")
    expect(asStored(auth.data)).not.toHaveProperty("ach_status")
    expect(sandboxStatusAt(auth.data, T0 + 5000)).toBe("authorized")

    const captured = captureSandboxPayment(auth.data, { now: T0 + 2000 })
    expect(captured).toMatchObject({
      status: "captured",
      amount_captured: "100.00",
      captured_at: new Date(T0 + 2000).toISOString(),
      capture_count: 1,
    })
    expect(sandboxStatusAt(captured, T0 + 9_999_999)).toBe("captured")
    // Capturing twice moves no more money, but the second call is counted
    // (in the data Medusa stores: what the kill -9 tests read from the database).
    expect(captureSandboxPayment(captured, { now: T0 + 3000 })).toEqual({ ...captured, capture_count: 2 })
    expectNoNumbers([data, auth, captured])
  })

  it("authorizing twice keeps the first authorization", () => {
    const first = authorize(card("4242424242424242"), T0)
    const second = authorize(first.data, T0 + 60_000)
    expect(second.status).toBe("authorized")
    expect(second.data.authorized_at).toBe(first.data.authorized_at)
  })

  it.each([
    ["4000000000000002", "generic_decline", "Your card was declined."],
    ["4000000000009995", "insufficient_funds", "Your card has insufficient funds."],
    ["4111111111111111", "invalid_number", "Your card number is incorrect."],
    ["1234567890123", "invalid_number", "Your card number is incorrect."],
  ])("%s is declined at authorize with %s", (number, decline_code, failure_message) => {
    const data = card(number)
    const result = authorize(data)
    expect(result.status).toBe("error")
    expect(result.data).toMatchObject({ status: "error", failure_reason: "card_declined", decline_code, failure_message })
    expect(result.data.authorized_at).toBeUndefined()
    expect(sandboxStatusAt(result.data, T0 + 1)).toBe("error")
    // A declined payment stays declined and cannot be captured or refunded.
    expect(authorize(result.data, T0 + 5).status).toBe("error")
    expectSandboxError(() => captureSandboxPayment(result.data, { now: T0 }), "not_allowed", /is error/)
    expectSandboxError(() => refundSandboxPayment(result.data, "1", { now: T0, random: ids() }), "not_allowed")
    expectNoNumbers([data, result], [number])
  })

  it("4000002500003155 requires action until the caller marks the session confirmed", () => {
    const data = card("4000002500003155")
    const first = authorize(data, T0)
    expect(first.status).toBe("requires_more")
    expect(first.data.next_action).toEqual({ type: "confirm", client_secret: data.client_secret })
    expect(sandboxStatusAt(first.data, T0)).toBe("requires_more")
    expectSandboxError(() => captureSandboxPayment(first.data, { now: T0 }), "not_allowed", /requires_more/)

    // Asking again without confirmation: the same action, still pending.
    const again = authorize(first.data, T0 + 1)
    expect(again.status).toBe("requires_more")
    expect(again.data.next_action).toEqual(first.data.next_action)

    // The caller confirms through updatePayment with the full session data.
    const confirmed = updateSandboxPayment({ ...first.data, confirmed: true }, {}, { now: T0 + 2, random: ids() })
    expect(confirmed.confirmed).toBe(true)
    const done = authorize(confirmed, T0 + 3)
    expect(done.status).toBe("authorized")
    expect(asStored(done.data)).not.toHaveProperty("next_action")
    expect(captureSandboxPayment(done.data, { now: T0 + 4 }).status).toBe("captured")
  })

  it("4000002500003155 fails when the customer fails the challenge (confirmed: false)", () => {
    const first = authorize(card("4000002500003155"))
    const failed = authorize({ ...first.data, confirmed: false }, T0 + 1)
    expect(failed.status).toBe("error")
    expect(failed.data).toMatchObject({ failure_reason: "authentication_failed" })
    expect(asStored(failed.data)).not.toHaveProperty("next_action")
  })

  it("4000002500003155 cannot be confirmed before it asked for action", () => {
    const data = { ...card("4000002500003155"), confirmed: true }
    const first = authorize(data)
    expect(first.status).toBe("requires_more")
    expect(first.data.confirmed).toBeUndefined()
    expect(authorize(first.data, T0 + 1).status).toBe("requires_more")
  })

  it("provider-owned keys sent by the caller do not survive Medusa's merge", () => {
    const forged = {
      payment_method_type: "card",
      payment_method_data: { number: "4000002500003155" },
      confirmed: true,
      next_action: { type: "confirm", client_secret: "x" },
      authorized_at: new Date(T0).toISOString(),
      failure_reason: "none",
    }
    const out = initiateSandboxPayment({ amount: "10", currency_code: "usd", data: forged }, { now: T0, random: ids() })
    const stored = JSON.parse(JSON.stringify({ ...forged, ...out })) as SandboxPaymentData
    for (const key of ["confirmed", "next_action", "authorized_at", "failure_reason"]) {
      expect(stored).not.toHaveProperty(key)
    }
    expect(authorize(stored).status).toBe("requires_more")
    expectNoNumbers(stored)
  })

  it("off-session: a saved 3155 card needs no action, a one-off 3155 card is declined", () => {
    const saved = initiateSandboxPayment(
      {
        amount: "10",
        currency_code: "usd",
        data: { payment_method_type: "card", saved_method_id: "pm_sandbox_card_action_3155_s", off_session: true },
      },
      { now: T0, random: ids() }
    )
    expect(authorize(saved).status).toBe("authorized")

    const onSession = { ...saved, off_session: false }
    expect(authorize(onSession).status).toBe("requires_more")

    const oneOff = card("4000002500003155", { off_session: true })
    const declined = authorize(oneOff)
    expect(declined.status).toBe("error")
    expect(declined.data).toMatchObject({ failure_reason: "authentication_required", decline_code: "authentication_required" })
  })

  it("off-session: a 3184 card needs the customer every time, even saved", () => {
    const saved = initiateSandboxPayment(
      {
        amount: "10",
        currency_code: "usd",
        data: { payment_method_type: "card", saved_method_id: "pm_sandbox_card_sca_3184_s", off_session: true },
      },
      { now: T0, random: ids() }
    )
    const declined = authorize(saved)
    expect(declined.status).toBe("error")
    expect(declined.data).toMatchObject({ failure_reason: "authentication_required" })
    expect(authorize({ ...saved, off_session: false }).status).toBe("requires_more")
  })

  it.each([
    ["pm_sandbox_card_ok_4242_s", "authorized"],
    ["pm_sandbox_card_generic_0002_s", "error"],
    ["pm_sandbox_card_funds_9995_s", "error"],
  ])("a saved method %s behaves like its number", (saved_method_id, status) => {
    const data = initiateSandboxPayment(
      { amount: "10", currency_code: "usd", data: { payment_method_type: "card", saved_method_id } },
      { now: T0, random: ids() }
    )
    expect(authorize(data).status).toBe(status)
  })
})

describe("ACH over time", () => {
  const at = (offset: number) => T0 + offset

  function settle(account: string) {
    const data = ach(account)
    const auth = authorize(data, T0)
    const captured = captureSandboxPayment(auth.data, { now: at(1000) })
    return { data, auth, captured }
  }

  it("authorizes at once as processing, with settles_at stored", () => {
    const { data, auth, captured } = settle("000123456789")
    expect(sandboxStatusAt(data, T0)).toBe("pending")
    expect(auth.status).toBe("authorized")
    expect(auth.data).toMatchObject({
      status: "authorized",
      ach_status: "processing",
      authorized_at: new Date(T0).toISOString(),
      settles_at: new Date(T0 + DELAY).toISOString(),
      payment_method: { type: "us_bank_account", last4: "6789", bank_name: "SANDBOX TEST BANK" },
    })
    expect(auth.data.returns_at).toBeUndefined()
    expect(captured).toMatchObject({ ach_status: "processing", status: "authorized", amount_captured: "250.00" })
    expectNoNumbers([data, auth, captured])
  })

  it("000123456789 settles at settles_at", () => {
    const { captured } = settle("000123456789")
    expect(refreshSandboxPayment(captured, at(DELAY - 1))).toMatchObject({ status: "authorized", ach_status: "processing" })
    expect(refreshSandboxPayment(captured, at(DELAY))).toMatchObject({ status: "captured", ach_status: "succeeded" })
    expect(refreshSandboxPayment(captured, at(DELAY * 100))).toMatchObject({ status: "captured", ach_status: "succeeded" })
    expect(refreshSandboxPayment(captured, at(DELAY * 100)).failure_reason).toBeUndefined()
  })

  it("000111111113 fails at settles_at with R01 insufficient_funds", () => {
    const { captured } = settle("000111111113")
    expect(refreshSandboxPayment(captured, at(DELAY - 1))).toMatchObject({ status: "authorized", ach_status: "processing" })
    expect(refreshSandboxPayment(captured, at(DELAY))).toMatchObject({
      status: "error",
      ach_status: "failed",
      failure_reason: "insufficient_funds",
      return_code: "R01",
    })
  })

  it("000555555559 settles, then is returned with R10", () => {
    const { auth, captured } = settle("000555555559")
    expect(auth.data.returns_at).toBe(new Date(T0 + 2 * DELAY).toISOString())
    expect(refreshSandboxPayment(captured, at(DELAY - 1)).ach_status).toBe("processing")
    expect(refreshSandboxPayment(captured, at(DELAY))).toMatchObject({ status: "captured", ach_status: "succeeded" })
    expect(refreshSandboxPayment(captured, at(2 * DELAY - 1)).ach_status).toBe("succeeded")
    expect(refreshSandboxPayment(captured, at(2 * DELAY))).toMatchObject({
      status: "captured",
      ach_status: "returned",
      failure_reason: "debit_not_authorized",
      return_code: "R10",
    })
  })

  it("an unknown account fails at settlement with R03 no_account", () => {
    const { captured } = settle("000999999991")
    expect(refreshSandboxPayment(captured, at(DELAY))).toMatchObject({
      status: "error",
      ach_status: "failed",
      failure_reason: "no_account",
      return_code: "R03",
    })
  })

  it("is deterministic from the stored data alone (a restart changes nothing)", () => {
    const { captured } = settle("000555555559")
    const reloaded = JSON.parse(JSON.stringify(captured)) as SandboxPaymentData
    for (const offset of [0, DELAY - 1, DELAY, 2 * DELAY, 10 * DELAY]) {
      expect(refreshSandboxPayment(reloaded, at(offset))).toEqual(refreshSandboxPayment(captured, at(offset)))
    }
  })

  it("with no delay the debit reports processing at authorize and has settled right after", () => {
    const auth = authorize(ach("000123456789"), T0, 0)
    expect(auth.data.ach_status).toBe("processing")
    expect(achStatusAt(auth.data, T0)).toBe("succeeded")
    expect(achStatusAt(authorize(ach("000111111113"), T0, 0).data, T0)).toBe("failed")
  })

  it("a debit canceled before it settles stays canceled", () => {
    const auth = authorize(ach("000123456789"), T0)
    const canceled = cancelSandboxPayment(auth.data, { now: at(500) })
    expect(canceled).toMatchObject({ status: "canceled", ach_status: "canceled" })
    expect(sandboxStatusAt(canceled, at(DELAY * 10))).toBe("canceled")
    expect(achEventSchedule(canceled)).toEqual([])
    expectSandboxError(() => captureSandboxPayment(canceled, { now: at(600) }), "not_allowed", /canceled/)
  })

  it("a settled debit cannot be canceled", () => {
    const auth = authorize(ach("000123456789"), T0)
    expectSandboxError(() => cancelSandboxPayment(auth.data, { now: at(DELAY) }), "not_allowed", /settled/)
  })

  it("schedules the webhooks each account produces", () => {
    const schedule = (account: string) => achEventSchedule(authorize(ach(account), T0).data)
    expect(schedule("000123456789")).toEqual([{ type: "ach.succeeded", at: T0 + DELAY }])
    expect(schedule("000111111113")).toEqual([{ type: "ach.failed", at: T0 + DELAY }])
    expect(schedule("000555555559")).toEqual([
      { type: "ach.succeeded", at: T0 + DELAY },
      { type: "ach.returned", at: T0 + 2 * DELAY },
    ])
    expect(schedule("000999999991")).toEqual([{ type: "ach.failed", at: T0 + DELAY }])
    expect(achEventSchedule(ach("000123456789"))).toEqual([])
    expect(achEventSchedule(authorize(card("4242424242424242")).data)).toEqual([])
  })
})

describe("refunds", () => {
  const random = ids()
  const capturedCard = (amount = "100.00", currency = "usd") =>
    captureSandboxPayment(authorize(card("4242424242424242", {}, amount, currency)).data, { now: T0 })

  it("refunds partially, then fully, and never more than captured", () => {
    const first = refundSandboxPayment(capturedCard(), "30", { now: T0 + 1, random })
    expect(first.amount_refunded).toBe("30.00")
    expect(first.refunds).toHaveLength(1)
    expect(first.refunds[0]).toMatchObject({ amount: "30.00", created_at: new Date(T0 + 1).toISOString() })
    expect(first.refunds[0].id).toMatch(/^re_sandbox_/)

    expectSandboxError(
      () => refundSandboxPayment(first, "70.01", { now: T0 + 2, random }),
      "invalid_data",
      /only 70\.00 of the captured 100\.00 is left/
    )
    const full = refundSandboxPayment(first, "70", { now: T0 + 2, random })
    expect(full.amount_refunded).toBe("100.00")
    expect(full.refunds).toHaveLength(2)
    expectSandboxError(() => refundSandboxPayment(full, "0.01", { now: T0 + 3, random }), "invalid_data", /only 0\.00/)
  })

  it("refuses more than captured in one go, zero, and sub-cent amounts", () => {
    expectSandboxError(() => refundSandboxPayment(capturedCard(), "100.01", { now: T0, random }), "invalid_data")
    expectSandboxError(() => refundSandboxPayment(capturedCard(), "0", { now: T0, random }), "invalid_data", /greater than 0/)
    expectSandboxError(() => refundSandboxPayment(capturedCard(), "1.005", { now: T0, random }), "invalid_data", /decimals/)
  })

  it("works in zero-decimal currencies", () => {
    const jpy = refundSandboxPayment(capturedCard("1000", "jpy"), "999", { now: T0, random })
    expect(jpy.amount_refunded).toBe("999")
    expectSandboxError(() => refundSandboxPayment(jpy, "2", { now: T0, random }), "invalid_data")
  })

  it("refuses an uncaptured payment", () => {
    const auth = authorize(card("4242424242424242")).data
    expectSandboxError(() => refundSandboxPayment(auth, "1", { now: T0, random }), "not_allowed", /not been captured/)
  })

  it("refunds an ACH debit only once it settled, and not after it was returned or failed", () => {
    const captured = (account: string) => captureSandboxPayment(authorize(ach(account), T0).data, { now: T0 })
    expectSandboxError(
      () => refundSandboxPayment(captured("000123456789"), "1", { now: T0 + DELAY - 1, random }),
      "not_allowed",
      /is processing/
    )
    expect(refundSandboxPayment(captured("000123456789"), "250", { now: T0 + DELAY, random }).amount_refunded).toBe("250.00")
    expectSandboxError(
      () => refundSandboxPayment(captured("000555555559"), "1", { now: T0 + 2 * DELAY, random }),
      "not_allowed",
      /is returned/
    )
    expectSandboxError(
      () => refundSandboxPayment(captured("000111111113"), "1", { now: T0 + DELAY, random }),
      "not_allowed",
      /is failed/
    )
  })
})

describe("cancel and update", () => {
  it("cancels an authorized card once; a captured one must be refunded instead", () => {
    const auth = authorize(card("4242424242424242")).data
    const canceled = cancelSandboxPayment(auth, { now: T0 + 1 })
    expect(canceled).toMatchObject({ status: "canceled", canceled_at: new Date(T0 + 1).toISOString() })
    expect(cancelSandboxPayment(canceled, { now: T0 + 50 })).toEqual(canceled)
    expect(authorize(canceled).status).toBe("canceled")
    expectSandboxError(() => captureSandboxPayment(canceled, { now: T0 + 2 }), "not_allowed", /canceled/)

    const captured = captureSandboxPayment(auth, { now: T0 + 1 })
    expectSandboxError(() => cancelSandboxPayment(captured, { now: T0 + 2 }), "not_allowed", /refund it/)
  })

  it("changes the amount before authorization only, and never the currency", () => {
    const data = card("4242424242424242")
    const random = ids()
    expect(updateSandboxPayment(data, { amount: "80", currency_code: "usd" }, { now: T0, random }).amount).toBe("80.00")
    expect(updateSandboxPayment(data, { amount: "100", currency_code: "usd" }, { now: T0, random }).amount).toBe("100.00")
    const auth = authorize(data).data
    expectSandboxError(
      () => updateSandboxPayment(auth, { amount: "80", currency_code: "usd" }, { now: T0, random }),
      "not_allowed",
      /amount can no longer change/
    )
    expect(updateSandboxPayment(auth, { amount: "100.00", currency_code: "usd" }, { now: T0, random }).amount).toBe("100.00")
    expectSandboxError(() => updateSandboxPayment(data, { amount: "80", currency_code: "eur" }, { now: T0, random }), "invalid_data", /currency/)
  })

  it("replaces a declined card with another one, without keeping either number", () => {
    const declined = authorize(card("4000000000000002")).data
    const retried = updateSandboxPayment(
      { ...declined, payment_method_data: { number: "4242424242424242" } },
      {},
      { now: T0 + 1, random: () => "n1" }
    )
    expect(retried).toMatchObject({
      status: "pending",
      payment_method_data: null,
      payment_method: { id: "pm_sandbox_card_ok_4242_n1", last4: "4242" },
    })
    expect(retried.failure_reason).toBeUndefined()
    expect(retried.decline_code).toBeUndefined()
    expect(authorize(retried, T0 + 2).status).toBe("authorized")
    expectNoNumbers(retried)

    const auth = authorize(card("4242424242424242")).data
    expectSandboxError(
      () => updateSandboxPayment({ ...auth, payment_method_data: { number: "4000000000000002" } }, {}, { now: T0, random: ids() }),
      "not_allowed",
      /can no longer change/
    )
  })

  it("refuses data this sandbox did not create", () => {
    expectSandboxError(() => updateSandboxPayment({ id: "pi_123" }, {}, { now: T0, random: ids() }), "invalid_data", /not a billing sandbox payment/)
  })
})

describe("webhook events", () => {
  const authorized = (account: string) => authorize(ach(account), T0).data

  it("builds ach.succeeded / ach.failed / ach.returned from payment data, deterministically", () => {
    const ok = authorized("000123456789")
    const event = buildSandboxEvent("ach.succeeded", ok)
    expect(event).toEqual({
      id: "evt_sandbox_ach_succeeded_r2",
      object: "event",
      type: "ach.succeeded",
      created: Math.floor((T0 + DELAY) / 1000),
      livemode: false,
      data: { session_id: "payses_ach", payment_id: "pi_sandbox_r2", amount: "250.00", currency_code: "usd" },
    })
    expect(buildSandboxEvent("ach.succeeded", JSON.parse(JSON.stringify(ok)))).toEqual(event)

    expect(buildSandboxEvent("ach.failed", authorized("000111111113")).data).toMatchObject({
      failure_reason: "insufficient_funds",
      return_code: "R01",
    })
    expect(buildSandboxEvent("ach.failed", authorized("000999999991")).data).toMatchObject({ return_code: "R03" })
    const returned = buildSandboxEvent("ach.returned", authorized("000555555559"))
    expect(returned).toMatchObject({
      id: "evt_sandbox_ach_returned_r2",
      created: Math.floor((T0 + 2 * DELAY) / 1000),
      data: { failure_reason: "debit_not_authorized", return_code: "R10" },
    })
    const processing = buildSandboxEvent("ach.processing", ok)
    expect(processing).toMatchObject({ id: "evt_sandbox_ach_processing_r2", type: "ach.processing", created: Math.floor(T0 / 1000) })
    expectNoNumbers([event, returned, processing])
  })

  it("exists only for authorized bank debits", () => {
    expectSandboxError(() => buildSandboxEvent("ach.succeeded", ach("000123456789")), "invalid_data")
    expectSandboxError(() => buildSandboxEvent("ach.succeeded", authorize(card("4242424242424242")).data), "invalid_data")
    expectSandboxError(() => buildSandboxEvent("ach.succeeded", { id: "x" }), "invalid_data")
  })

  describe("signature", () => {
    const body = JSON.stringify(buildSandboxEvent("ach.succeeded", authorized("000123456789")))
    const now = 1_750_000_000

    it("accepts a valid signature within the tolerance", () => {
      const header = signSandboxPayload(body, SECRET, now)
      expect(header).toMatch(/^t=1750000000,v1=[0-9a-f]{64}$/)
      expect(() => verifySandboxSignature(body, header, SECRET, now)).not.toThrow()
      expect(() => verifySandboxSignature(body, header, SECRET, now + 300)).not.toThrow()
      expect(() => verifySandboxSignature(body, header, SECRET, now - 300)).not.toThrow()
    })

    it("rejects a tampered body, a tampered signature and the wrong secret", () => {
      const header = signSandboxPayload(body, SECRET, now)
      const tampered = body.replace('"250.00"', '"2500.00"')
      expect(tampered).not.toBe(body)
      expectSandboxError(() => verifySandboxSignature(tampered, header, SECRET, now), "unauthorized", /does not match/)
      const flipped = header.replace(/v1=(.)/, (_, c) => `v1=${c === "0" ? "1" : "0"}`)
      expectSandboxError(() => verifySandboxSignature(body, flipped, SECRET, now), "unauthorized", /does not match/)
      expectSandboxError(
        () => verifySandboxSignature(body, signSandboxPayload(body, "other", now), SECRET, now),
        "unauthorized",
        /does not match/
      )
      // Re-stamping an old signature with a fresh time breaks it.
      const restamped = header.replace(`t=${now}`, `t=${now + 1000}`)
      expectSandboxError(() => verifySandboxSignature(body, restamped, SECRET, now + 1000), "unauthorized", /does not match/)
    })

    it("rejects a stale or far-future timestamp", () => {
      const header = signSandboxPayload(body, SECRET, now)
      expectSandboxError(() => verifySandboxSignature(body, header, SECRET, now + 301), "unauthorized", /tolerance/)
      expectSandboxError(() => verifySandboxSignature(body, header, SECRET, now - 301), "unauthorized", /tolerance/)
    })

    it("rejects a missing or malformed header", () => {
      expectSandboxError(() => verifySandboxSignature(body, undefined, SECRET, now), "unauthorized", /Missing sandbox-signature/)
      expectSandboxError(() => verifySandboxSignature(body, "", SECRET, now), "unauthorized", /Missing/)
      expectSandboxError(() => verifySandboxSignature(body, "v1=abc", SECRET, now), "unauthorized", /Malformed/)
      expectSandboxError(() => verifySandboxSignature(body, `t=${now}`, SECRET, now), "unauthorized", /Malformed/)
    })

    it("accepts any matching v1 among several (secret rotation)", () => {
      const good = signSandboxPayload(body, SECRET, now)
      const other = signSandboxPayload(body, "old-secret", now).split(",")[1]
      expect(() => verifySandboxSignature(body, `${good},${other}`, SECRET, now)).not.toThrow()
      expect(() => verifySandboxSignature(body, `t=${now},${other},${good.split(",")[1]}`, SECRET, now)).not.toThrow()
    })
  })

  describe("parseSandboxWebhook", () => {
    const event = buildSandboxEvent("ach.succeeded", authorized("000123456789"))
    const body = JSON.stringify(event)
    const now = 1_750_000_000

    it("verifies the raw body (Buffer or string) whatever the header case", () => {
      const headers = { "Sandbox-Signature": signSandboxPayload(body, SECRET, now) }
      expect(parseSandboxWebhook({ rawData: Buffer.from(body), data: {}, headers }, { secret: SECRET, nowSeconds: now })).toEqual(event)
      expect(parseSandboxWebhook({ rawData: body, headers: { "sandbox-signature": [headers["Sandbox-Signature"]] } }, { secret: SECRET, nowSeconds: now })).toEqual(event)
    })

    it("trusts only the raw body, not the parsed one", () => {
      const headers = { "sandbox-signature": signSandboxPayload(body, SECRET, now) }
      const forged = { ...event, type: "ach.failed" }
      expect(parseSandboxWebhook({ rawData: body, data: forged, headers }, { secret: SECRET, nowSeconds: now }).type).toBe("ach.succeeded")
    })

    it("rejects an unsigned or body-less request when a secret is set, accepts it when none is", () => {
      expectSandboxError(() => parseSandboxWebhook({ rawData: body, headers: {} }, { secret: SECRET, nowSeconds: now }), "unauthorized", /Missing/)
      expectSandboxError(() => parseSandboxWebhook({ data: event, headers: {} }, { secret: SECRET, nowSeconds: now }), "unauthorized", /raw request body/)
      expect(parseSandboxWebhook({ rawData: body, headers: {} }, { nowSeconds: now })).toEqual(event)
      expect(parseSandboxWebhook({ data: event as any, headers: {} }, { nowSeconds: now })).toEqual(event)
    })

    it("rejects a body that is not a JSON object", () => {
      expectSandboxError(() => parseSandboxWebhook({ rawData: "not json" }, { nowSeconds: now }), "invalid_data", /not JSON/)
      expectSandboxError(() => parseSandboxWebhook({ rawData: "[1]" }, { nowSeconds: now }), "invalid_data", /event object/)
    })
  })

  it("maps events to Medusa's webhook actions", () => {
    const ok = buildSandboxEvent("ach.succeeded", authorized("000123456789"))
    const data = { session_id: "payses_ach", amount: "250.00" }
    expect(webhookActionFor(ok)).toEqual({ action: "captured", data })
    expect(webhookActionFor(buildSandboxEvent("ach.failed", authorized("000111111113")))).toEqual({ action: "failed", data })
    expect(webhookActionFor(buildSandboxEvent("ach.returned", authorized("000555555559")))).toEqual({ action: "not_supported", data })
    expect(webhookActionFor(buildSandboxEvent("ach.processing", authorized("000123456789")))).toEqual({ action: "pending_authorization", data })
    expect(webhookActionFor({ ...ok, type: "ach.mystery" })).toEqual({ action: "not_supported" })
    expect(webhookActionFor({ ...ok, data: { ...ok.data, session_id: null } })).toEqual({ action: "not_supported" })
    expect(webhookActionFor({})).toEqual({ action: "not_supported" })
  })
})
