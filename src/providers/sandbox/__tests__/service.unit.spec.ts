import { asFunction } from "@medusajs/framework/awilix"
import { moduleProviderLoader } from "@medusajs/framework/modules-sdk"
import { createMedusaContainer, MedusaError } from "@medusajs/framework/utils"
import sandboxProvider from "../index"
import { buildSandboxEvent, type SandboxOptions, signSandboxPayload } from "../behaviour"
import SandboxPaymentProviderService from "../service"
import { sandboxAdapter } from "../../adapters/sandbox"

const T0 = Date.parse("2025-03-01T12:00:00.000Z")
const SECRET = "whsec_sandbox_test"
const ROUTING = "110000000"
const NUMBERS = [
  "4242424242424242",
  "4000000000000002",
  "4000000000009995",
  "4000002500003155",
  "4111111111111111",
  "000123456789",
  "000111111113",
  "000555555559",
]

const CARD = (number: string) => ({ payment_method_type: "card", payment_method_data: { number } })
const BANK = (account_number: string) => ({
  payment_method_type: "us_bank_account",
  payment_method_data: { account_number, routing_number: ROUTING },
})

function expectNoNumbers(value: unknown) {
  const json = JSON.stringify(value)
  for (const number of NUMBERS) expect(json).not.toContain(number)
}

async function expectMedusaError(promise: Promise<unknown>, type: string, message?: RegExp) {
  let caught: unknown
  try {
    await promise
  } catch (error) {
    caught = error
  }
  expect(caught).toBeInstanceOf(MedusaError)
  expect((caught as MedusaError).type).toBe(type)
  if (message) expect((caught as MedusaError).message).toMatch(message)
  return caught as MedusaError
}

function makeLogger() {
  return { warn: jest.fn(), info: jest.fn(), error: jest.fn(), debug: jest.fn() } as any
}

function makeProvider(options: SandboxOptions = { achSettlementDelayMs: 0 }, logger = makeLogger()) {
  return new SandboxPaymentProviderService({ logger }, options)
}

/**
 * What Medusa's payment module does around the provider: it adds the session
 * id to the caller's data and stores `{ ...callerData, ...providerData }`.
 */
async function createSession(
  provider: SandboxPaymentProviderService,
  data: Record<string, unknown>,
  amount: unknown = 100,
  context: Record<string, unknown> = {}
) {
  const input = { ...data, session_id: "payses_01" }
  const out = await provider.initiatePayment({
    amount: amount as any,
    currency_code: "usd",
    data: input,
    context: { idempotency_key: "payses_01", ...context },
  })
  return { out, stored: { ...input, ...out.data } as Record<string, unknown> }
}

function withNodeEnv<T>(value: string | undefined, fn: () => T): T {
  const previous = process.env.NODE_ENV
  if (value === undefined) delete process.env.NODE_ENV
  else process.env.NODE_ENV = value
  try {
    return fn()
  } finally {
    process.env.NODE_ENV = previous
  }
}

describe("registration", () => {
  it("is a payment module provider whose service has the identifier billing-sandbox", () => {
    expect(sandboxProvider).toEqual(expect.objectContaining({ module: "payment", services: [SandboxPaymentProviderService] }))
    expect(SandboxPaymentProviderService.identifier).toBe("billing-sandbox")
    expect(makeProvider().getIdentifier()).toBe("billing-sandbox")
  })

  // The payment module registers providers as pp_<identifier>_<id>; this is its registration function.
  async function load(options: SandboxOptions) {
    const container = createMedusaContainer()
    container.register({ logger: asFunction(() => makeLogger()).singleton() })
    await moduleProviderLoader({
      container,
      providers: [{ resolve: sandboxProvider as any, id: "sandbox", options }],
      registerServiceFn: async (klass, target, { id, options }) => {
        target.register({
          [`pp_${klass.identifier}_${id}`]: asFunction((cradle) => new klass(cradle, options)).singleton(),
        })
      },
    })
    return container
  }

  it("loads through Medusa's provider loader as pp_billing-sandbox_sandbox", async () => {
    const container = await load({ achSettlementDelayMs: 0 })
    const provider = container.resolve("pp_billing-sandbox_sandbox")
    expect(provider).toBeInstanceOf(SandboxPaymentProviderService)
  })

  it("refuses to load with NODE_ENV=production unless explicitly enabled", async () => {
    const previous = process.env.NODE_ENV
    process.env.NODE_ENV = "production"
    try {
      const error = await expectMedusaError(load({}), MedusaError.Types.INVALID_DATA, /test provider/)
      expect(error.message).toMatch(/allowInProduction: true/)
      await expect(load({ allowInProduction: true, webhookSecret: SECRET })).resolves.toBeDefined()
    } finally {
      process.env.NODE_ENV = previous
    }
  })

  it("refuses production in validateOptions and in the constructor too", () => {
    withNodeEnv("production", () => {
      expect(() => SandboxPaymentProviderService.validateOptions({})).toThrow(/test provider/)
      expect(() => makeProvider({})).toThrow(MedusaError)
      expect(() => SandboxPaymentProviderService.validateOptions({ allowInProduction: true })).toThrow(/webhookSecret/)
      expect(() => makeProvider({ allowInProduction: true, webhookSecret: SECRET })).not.toThrow()
    })
    withNodeEnv("development", () => expect(() => SandboxPaymentProviderService.validateOptions({})).not.toThrow())
  })
})

describe("latencyMs", () => {
  afterEach(() => jest.useRealTimers())

  it("makes every provider call wait that long before it answers; 0 (the default) answers at once", async () => {
    jest.useFakeTimers({ now: T0 })
    const slow = makeProvider({ achSettlementDelayMs: 0, latencyMs: 500 })
    let answered = false
    const pending = createSession(slow, CARD("4242424242424242")).then((r) => {
      answered = true
      return r
    })
    await jest.advanceTimersByTimeAsync(499)
    expect(answered).toBe(false)
    await jest.advanceTimersByTimeAsync(1)
    const { stored } = await pending
    expect(answered).toBe(true)

    // the calls after initiate wait too
    let authorized = false
    const authorizing = slow.authorizePayment({ data: stored } as any).then((r) => {
      authorized = true
      return r
    })
    await jest.advanceTimersByTimeAsync(499)
    expect(authorized).toBe(false)
    await jest.advanceTimersByTimeAsync(1)
    expect((await authorizing).status).toBe("authorized")
    let listed = false
    const listing = slow.listPaymentMethods({ context: { account_holder: { data: { id: "cus_sandbox_x" } } } } as any).then(() => {
      listed = true
    })
    await jest.advanceTimersByTimeAsync(499)
    expect(listed).toBe(false)
    await jest.advanceTimersByTimeAsync(1)
    await listing

    // no timer at all without a latency
    const fast = makeProvider()
    await expect(createSession(fast, CARD("4242424242424242"))).resolves.toBeDefined()
  })
})

describe("card payments through the provider", () => {
  it("4242424242424242: initiate → authorize → capture, with nothing of the number stored", async () => {
    const provider = makeProvider()
    const { out, stored } = await createSession(provider, CARD("4242424242424242"), 100)
    expect(out.id).toMatch(/^pi_sandbox_[0-9a-f]{16}$/)
    expect(out.status).toBe("pending")
    expect(JSON.parse(JSON.stringify(out.data))).not.toHaveProperty("next_action")
    expect(stored).toMatchObject({
      session_id: "payses_01",
      payment_method_data: null,
      payment_method: { type: "card", last4: "4242", brand: "visa" },
    })
    expect((stored.payment_method as any).id).toMatch(/^pm_sandbox_card_ok_4242_[0-9a-f]{16}$/)

    const auth = await provider.authorizePayment({ data: stored, context: { idempotency_key: "payses_01" } })
    expect(auth.status).toBe("authorized")
    expect((await provider.getPaymentStatus({ data: auth.data })).status).toBe("authorized")

    const captured = await provider.capturePayment({ data: auth.data })
    expect(captured.data).toMatchObject({ amount_captured: "100.00", status: "captured" })
    const status = await provider.getPaymentStatus({ data: captured.data })
    expect(status.status).toBe("captured")
    const retrieved = await provider.retrievePayment({ data: captured.data })
    expect(retrieved.data).toMatchObject({ id: out.id, status: "captured" })

    expectNoNumbers([out, stored, auth, captured, status, retrieved])
  })

  it.each([
    ["4000000000000002", "generic_decline"],
    ["4000000000009995", "insufficient_funds"],
    ["4111111111111111", "invalid_number"],
  ])("%s is declined: authorize answers error with %s, it does not throw", async (number, decline_code) => {
    const provider = makeProvider()
    const { stored } = await createSession(provider, CARD(number))
    const auth = await provider.authorizePayment({ data: stored })
    expect(auth.status).toBe("error")
    expect(auth.data).toMatchObject({ failure_reason: "card_declined", decline_code })
    expect((await provider.getPaymentStatus({ data: auth.data })).status).toBe("error")
    await expectMedusaError(provider.capturePayment({ data: auth.data }), MedusaError.Types.NOT_ALLOWED)
    expectNoNumbers([stored, auth])
  })

  it("a missing card number is an error at initiate", async () => {
    const provider = makeProvider()
    await expectMedusaError(
      provider.initiatePayment({ amount: 10, currency_code: "usd", data: { payment_method_type: "card" } }),
      MedusaError.Types.INVALID_DATA,
      /payment_method_data\.number/
    )
    await expectMedusaError(
      provider.initiatePayment({ amount: 10, currency_code: "usd", data: BANK("000123456789x") }),
      MedusaError.Types.INVALID_DATA
    )
    await expectMedusaError(
      provider.initiatePayment({
        amount: 10,
        currency_code: "usd",
        data: { payment_method_type: "us_bank_account", payment_method_data: { account_number: "000123456789", routing_number: "1234" } },
      }),
      MedusaError.Types.INVALID_DATA,
      /routing_number/
    )
  })

  it("4000002500003155: requires_more, then authorized once the caller stores confirmed: true", async () => {
    const provider = makeProvider()
    const { stored } = await createSession(provider, CARD("4000002500003155"))
    const first = await provider.authorizePayment({ data: stored })
    expect(first.status).toBe("requires_more")
    expect(first.data?.next_action).toEqual({ type: "confirm", client_secret: first.data?.client_secret })
    expect(first.data?.client_secret).toMatch(/^pi_sandbox_[0-9a-f]{16}_secret_[0-9a-f]{16}$/)

    // Medusa: paymentModule.updatePaymentSession({ id, amount, currency_code, data: { ...session.data, confirmed: true } })
    const updated = await provider.updatePayment({
      amount: 100,
      currency_code: "usd",
      data: { ...first.data, confirmed: true },
    })
    expect(updated.data?.confirmed).toBe(true)
    const second = await provider.authorizePayment({ data: updated.data })
    expect(second.status).toBe("authorized")
    expect(JSON.parse(JSON.stringify(second.data))).not.toHaveProperty("next_action")
    expectNoNumbers([stored, first, updated, second])
  })

  it("refunds partially and fully, never more than captured, with Medusa's raw amounts", async () => {
    const provider = makeProvider()
    const { stored } = await createSession(provider, CARD("4242424242424242"), "100")
    const auth = await provider.authorizePayment({ data: stored })
    const captured = await provider.capturePayment({ data: auth.data })
    const partial = await provider.refundPayment({ amount: { value: "40.5", precision: 20 } as any, data: captured.data })
    expect(partial.data).toMatchObject({ amount_refunded: "40.50" })
    await expectMedusaError(
      provider.refundPayment({ amount: 59.51, data: partial.data }),
      MedusaError.Types.INVALID_DATA,
      /only 59\.50 of the captured 100\.00 is left to refund/
    )
    const full = await provider.refundPayment({ amount: "59.5", data: partial.data })
    expect(full.data).toMatchObject({ amount_refunded: "100.00" })
    expect(full.data?.refunds).toHaveLength(2)
    await expectMedusaError(provider.refundPayment({ amount: 1, data: auth.data }), MedusaError.Types.NOT_ALLOWED)
  })

  it("cancels an authorized payment; deletePayment cancels or redacts and never fails", async () => {
    const provider = makeProvider()
    const { stored } = await createSession(provider, CARD("4242424242424242"))
    const auth = await provider.authorizePayment({ data: stored })
    const canceled = await provider.cancelPayment({ data: auth.data })
    expect(canceled.data).toMatchObject({ status: "canceled" })
    expect((await provider.getPaymentStatus({ data: canceled.data })).status).toBe("canceled")

    const deleted = await provider.deletePayment({ data: auth.data })
    expect(deleted.data).toMatchObject({ status: "canceled" })
    const pending = await provider.deletePayment({ data: stored })
    expect(pending.data).toMatchObject({ status: "pending" })
    // Medusa calls deletePayment with the caller's raw input when a session could not be created.
    const raw = await provider.deletePayment({ data: { ...CARD("4242424242424242"), session_id: "payses_x" } })
    expect(raw.data).toEqual({ payment_method_type: "card", payment_method_data: null, session_id: "payses_x" })
    expectNoNumbers([canceled, deleted, pending, raw])
  })

  it("refuses data from another provider", async () => {
    const provider = makeProvider()
    await expectMedusaError(provider.authorizePayment({ data: { id: "pi_123" } }), MedusaError.Types.INVALID_DATA, /not a billing sandbox payment/)
    await expectMedusaError(provider.capturePayment({ data: {} }), MedusaError.Types.INVALID_DATA)
  })
})

describe("ACH through the provider", () => {
  let fetchMock: jest.SpyInstance

  beforeEach(() => {
    jest.useFakeTimers({ now: T0 })
    fetchMock = jest.spyOn(globalThis, "fetch").mockImplementation(async () => new Response("OK", { status: 200 }))
  })

  afterEach(() => {
    jest.useRealTimers()
    fetchMock.mockRestore()
  })

  async function authorizedDebit(provider: SandboxPaymentProviderService, account: string) {
    const { stored } = await createSession(provider, BANK(account), 250)
    const auth = await provider.authorizePayment({ data: stored })
    const captured = await provider.capturePayment({ data: auth.data })
    return { stored, auth, captured }
  }

  function deliveredEvents() {
    return fetchMock.mock.calls.map(([url, init]) => ({
      url,
      body: init.body as string,
      headers: init.headers as Record<string, string>,
      event: JSON.parse(init.body as string),
    }))
  }

  it("authorizes and captures as processing, settles by time, and getPaymentStatus follows the clock", async () => {
    const provider = makeProvider({ achSettlementDelayMs: 20_000 })
    const { auth, captured } = await authorizedDebit(provider, "000123456789")
    expect(auth.status).toBe("authorized")
    expect(auth.data).toMatchObject({ ach_status: "processing", settles_at: new Date(T0 + 20_000).toISOString() })
    expect(captured.data).toMatchObject({ ach_status: "processing" })
    expect((await provider.getPaymentStatus({ data: captured.data })).status).toBe("authorized")

    jest.setSystemTime(T0 + 20_000)
    const settled = await provider.getPaymentStatus({ data: captured.data })
    expect(settled).toMatchObject({ status: "captured", data: { ach_status: "succeeded" } })

    // A fresh instance (a restart) reads the same from the stored data.
    const restarted = makeProvider({ achSettlementDelayMs: 20_000 })
    expect(await restarted.getPaymentStatus({ data: JSON.parse(JSON.stringify(captured.data)) })).toEqual(settled)
    expectNoNumbers([auth, captured, settled])
  })

  it.each([
    ["000123456789", ["ach.succeeded"], "captured", "succeeded"],
    ["000111111113", ["ach.failed"], "error", "failed"],
    ["000555555559", ["ach.succeeded", "ach.returned"], "captured", "returned"],
  ])(
    "%s: the timer POSTs signed %p to Medusa's hook, which maps them back",
    async (account, types, finalStatus, finalAch) => {
      const provider = makeProvider({ achSettlementDelayMs: 20_000, webhookSecret: SECRET, webhookUrl: "http://medusa.test/hooks/payment/billing-sandbox_sandbox" })
      const { captured } = await authorizedDebit(provider, account)

      await jest.advanceTimersByTimeAsync(19_999)
      expect(fetchMock).not.toHaveBeenCalled()
      await jest.advanceTimersByTimeAsync(1)
      expect(fetchMock).toHaveBeenCalledTimes(1)
      await jest.advanceTimersByTimeAsync(20_000)

      const delivered = deliveredEvents()
      expect(delivered.map((d) => d.event.type)).toEqual(types)
      for (const { url, body, headers, event } of delivered) {
        expect(url).toBe("http://medusa.test/hooks/payment/billing-sandbox_sandbox")
        expect(headers["content-type"]).toBe("application/json")
        expect(headers["sandbox-signature"]).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/)
        expect(event.data).toMatchObject({ session_id: "payses_01", amount: "250.00", currency_code: "usd" })
        expectNoNumbers(body)
        // What Medusa's /hooks/payment route and subscriber hand the provider.
        const action = await provider.getWebhookActionAndData({ data: event, rawData: Buffer.from(body), headers })
        const expected = { "ach.succeeded": "captured", "ach.failed": "failed", "ach.returned": "not_supported" }[
          event.type as string
        ]
        expect(action).toEqual({ action: expected, data: { session_id: "payses_01", amount: "250.00" } })
      }
      if (account === "000111111113") {
        expect(delivered[0].event.data).toMatchObject({ failure_reason: "insufficient_funds", return_code: "R01" })
      }
      if (account === "000555555559") {
        expect(delivered[1].event.data).toMatchObject({ failure_reason: "debit_not_authorized", return_code: "R10" })
      }
      expect(await provider.getPaymentStatus({ data: captured.data })).toMatchObject({
        status: finalStatus,
        data: { ach_status: finalAch },
      })
    }
  )

  it("posts to localhost:$PORT by default", async () => {
    const previous = process.env.PORT
    process.env.PORT = "9123"
    try {
      const provider = makeProvider({ achSettlementDelayMs: 1000 })
      await authorizedDebit(provider, "000123456789")
      await jest.advanceTimersByTimeAsync(1000)
      expect(fetchMock.mock.calls[0][0]).toBe("http://localhost:9123/hooks/payment/billing-sandbox_sandbox")
      // No secret: delivered unsigned.
      expect(fetchMock.mock.calls[0][1].headers).not.toHaveProperty("sandbox-signature")
    } finally {
      if (previous === undefined) delete process.env.PORT
      else process.env.PORT = previous
    }
  })

  it("schedules nothing with a zero delay, and cancel clears pending timers", async () => {
    const instant = makeProvider({ achSettlementDelayMs: 0 })
    const { captured } = await authorizedDebit(instant, "000123456789")
    await jest.advanceTimersByTimeAsync(60_000)
    expect(fetchMock).not.toHaveBeenCalled()
    expect((await instant.getPaymentStatus({ data: captured.data })).status).toBe("captured")

    const delayed = makeProvider({ achSettlementDelayMs: 20_000 })
    const { stored } = await createSession(delayed, BANK("000123456789"))
    const auth = await delayed.authorizePayment({ data: stored })
    // Authorizing again must not schedule a second delivery.
    await delayed.authorizePayment({ data: auth.data })
    const canceled = await delayed.cancelPayment({ data: auth.data })
    expect(canceled.data).toMatchObject({ status: "canceled", ach_status: "canceled" })
    await jest.advanceTimersByTimeAsync(60_000)
    expect(fetchMock).not.toHaveBeenCalled()
  })

  it("does not schedule twice when authorize is repeated", async () => {
    const provider = makeProvider({ achSettlementDelayMs: 5_000 })
    const { stored } = await createSession(provider, BANK("000123456789"))
    const auth = await provider.authorizePayment({ data: stored })
    await provider.authorizePayment({ data: auth.data })
    await jest.advanceTimersByTimeAsync(5_000)
    expect(fetchMock).toHaveBeenCalledTimes(1)
  })

  it("retries a failed delivery, then logs a warning without any number", async () => {
    fetchMock.mockImplementation(async () => {
      throw new Error("ECONNREFUSED")
    })
    const logger = makeLogger()
    const provider = makeProvider({ achSettlementDelayMs: 1_000 }, logger)
    await authorizedDebit(provider, "000111111113")
    await jest.advanceTimersByTimeAsync(1_000 + 1_000 + 2_000)
    expect(fetchMock).toHaveBeenCalledTimes(3)
    expect(logger.warn).toHaveBeenCalledTimes(1)
    expect(logger.warn.mock.calls[0][0]).toMatch(/could not deliver ach\.failed evt_sandbox_ach_failed_.*ECONNREFUSED/)
    expectNoNumbers(logger.warn.mock.calls)
  })

  it("retries on a non-2xx answer", async () => {
    fetchMock
      .mockImplementationOnce(async () => new Response("busy", { status: 503 }))
      .mockImplementationOnce(async () => new Response("OK", { status: 200 }))
    const logger = makeLogger()
    const provider = makeProvider({ achSettlementDelayMs: 1_000 }, logger)
    await authorizedDebit(provider, "000123456789")
    await jest.advanceTimersByTimeAsync(1_000 + 1_000)
    expect(fetchMock).toHaveBeenCalledTimes(2)
    expect(logger.warn).not.toHaveBeenCalled()
  })
})

describe("getWebhookActionAndData", () => {
  async function eventFor(account: string) {
    const provider = makeProvider()
    const { stored } = await createSession(provider, BANK(account), 250)
    const auth = await provider.authorizePayment({ data: stored })
    return buildSandboxEvent("ach.succeeded", auth.data)
  }

  it("accepts a signed event and rejects tampered, stale and unsigned ones", async () => {
    const provider = makeProvider({ achSettlementDelayMs: 0, webhookSecret: SECRET })
    const event = await eventFor("000123456789")
    const body = JSON.stringify(event)
    const nowSeconds = Math.floor(Date.now() / 1000)
    const headers = { "sandbox-signature": signSandboxPayload(body, SECRET, nowSeconds) }

    expect(await provider.getWebhookActionAndData({ data: event, rawData: body, headers })).toEqual({
      action: "captured",
      data: { session_id: "payses_01", amount: "250.00" },
    })
    await expectMedusaError(
      provider.getWebhookActionAndData({ data: event, rawData: body.replace("250.00", "999.00"), headers }),
      MedusaError.Types.UNAUTHORIZED,
      /does not match/
    )
    await expectMedusaError(
      provider.getWebhookActionAndData({
        data: event,
        rawData: body,
        headers: { "sandbox-signature": signSandboxPayload(body, SECRET, nowSeconds - 301) },
      }),
      MedusaError.Types.UNAUTHORIZED,
      /tolerance/
    )
    await expectMedusaError(
      provider.getWebhookActionAndData({ data: event, rawData: body, headers: {} }),
      MedusaError.Types.UNAUTHORIZED,
      /Missing sandbox-signature/
    )
  })

  it("accepts unsigned events when no secret is configured, and ignores unknown types", async () => {
    const provider = makeProvider()
    const event = await eventFor("000123456789")
    expect(await provider.getWebhookActionAndData({ data: event, rawData: JSON.stringify(event), headers: {} })).toMatchObject({
      action: "captured",
    })
    const unknown = { ...event, type: "charge.dispute.created" }
    expect(await provider.getWebhookActionAndData({ data: unknown, rawData: JSON.stringify(unknown), headers: {} })).toEqual({
      action: "not_supported",
    })
  })
})

describe("account holders and saved methods", () => {
  const customer = { id: "cus_01", email: "ada@example.com" }

  it("creates an account holder once and reuses it", async () => {
    const provider = makeProvider()
    const holder = await provider.createAccountHolder({ context: { customer } })
    expect(holder.id).toMatch(/^cus_sandbox_[0-9a-f]{16}$/)
    expect(holder.data).toEqual({ id: holder.id, object: "customer", payment_methods: [] })
    const again = await provider.createAccountHolder({ context: { customer, account_holder: { data: holder.data! } } })
    expect(again.id).toBe(holder.id)
    expect(await provider.retrieveAccountHolder({ id: holder.id })).toMatchObject({ id: holder.id })
  })

  it("saves, lists, pays with and deletes methods; a saved id behaves like its number", async () => {
    const provider = makeProvider()
    const holder = await provider.createAccountHolder({ context: { customer } })
    const context = { account_holder: { data: holder.data! } }

    const visa = await provider.savePaymentMethod({ context, data: CARD("4242424242424242") })
    expect(visa.id).toMatch(/^pm_sandbox_card_ok_4242_[0-9a-f]{16}$/)
    expect(visa.data).toEqual({ id: visa.id, type: "card", last4: "4242", brand: "visa", behaviour: "ok" })
    const declining = await provider.savePaymentMethod({ context, data: CARD("4000000000000002") })
    const bank = await provider.savePaymentMethod({ context, data: BANK("000123456789") })
    expect(bank.data).toEqual({
      id: bank.id,
      type: "us_bank_account",
      last4: "6789",
      bank_name: "SANDBOX TEST BANK",
      behaviour: "settles",
    })

    const listed = await provider.listPaymentMethods({ context })
    expect(listed.map((m) => m.id)).toEqual([visa.id, declining.id, bank.id])
    expect(await provider.listPaymentMethods({ context: { account_holder: { data: { id: "cus_other" } } } })).toEqual([])

    const pay = async (saved_method_id: string, type = "card", off_session = true) => {
      const { stored } = await createSession(provider, { payment_method_type: type, saved_method_id, off_session }, 10, context)
      expect(stored).toMatchObject({ customer: holder.id, saved_method_id })
      return provider.authorizePayment({ data: stored })
    }
    expect((await pay(visa.id)).status).toBe("authorized")
    expect((await pay(declining.id)).data).toMatchObject({ decline_code: "generic_decline" })
    expect((await pay(bank.id, "us_bank_account")).data).toMatchObject({ ach_status: "processing" })

    // A method only pays for its own account holder.
    await expectMedusaError(
      createSession(provider, { payment_method_type: "card", saved_method_id: visa.id }, 10, {
        account_holder: { data: { id: "cus_other", payment_methods: [] } },
      }),
      MedusaError.Types.INVALID_DATA,
      /not one of this customer's saved payment methods/
    )
    await expectMedusaError(
      createSession(provider, { payment_method_type: "card", saved_method_id: visa.id }),
      MedusaError.Types.INVALID_DATA,
      /needs the customer's account holder/
    )

    // Recorded on the account holder (what Medusa persists), the methods survive a restart.
    const { data: recorded } = await provider.updateAccountHolder({
      context: {
        account_holder: {
          data: { ...holder.data, payment_methods: [visa.data, { id: bank.id, number: "4242424242424242" }, "pm_123"] },
        } as any,
      },
    })
    expect(recorded).toEqual({ id: holder.id, object: "customer", payment_methods: [visa.data, bank.data] })
    const restarted = makeProvider()
    expect(await restarted.listPaymentMethods({ context })).toEqual([])
    const persisted = { account_holder: { data: recorded! } }
    expect((await restarted.listPaymentMethods({ context: persisted })).map((m) => m.id)).toEqual([visa.id, bank.id])
    const { stored } = await createSession(restarted, { payment_method_type: "card", saved_method_id: visa.id }, 10, persisted)
    expect((await restarted.authorizePayment({ data: stored })).status).toBe("authorized")
    await expectMedusaError(
      createSession(restarted, { payment_method_type: "card", saved_method_id: declining.id }, 10, persisted),
      MedusaError.Types.INVALID_DATA,
      /not one of this customer's saved payment methods/
    )
    await restarted.deletePaymentMethod({ data: { id: bank.id } })
    expect((await restarted.listPaymentMethods({ context: persisted })).map((m) => m.id)).toEqual([visa.id])

    await provider.deletePaymentMethod({ data: { id: declining.id } })
    expect((await provider.listPaymentMethods({ context })).map((m) => m.id)).toEqual([visa.id, bank.id])
    await provider.deleteAccountHolder({ context: { account_holder: { data: holder.data! } } })
    expect(await provider.listPaymentMethods({ context })).toEqual([])
    expectNoNumbers([visa, declining, bank, listed, recorded])
  })

  it("a saved 4000002500003155 pays off-session without action, on-session with it", async () => {
    const provider = makeProvider()
    const holder = await provider.createAccountHolder({ context: { customer } })
    const context = { account_holder: { data: holder.data! } }
    const method = await provider.savePaymentMethod({ context, data: CARD("4000002500003155") })
    const pay = async (off_session: boolean) => {
      const { stored } = await createSession(provider, { payment_method_type: "card", saved_method_id: method.id, off_session }, 10, context)
      return (await provider.authorizePayment({ data: stored })).status
    }
    expect(await pay(true)).toBe("authorized")
    expect(await pay(false)).toBe("requires_more")
  })

  it("a 3-D Secure payment asked to keep its card (setup_future_usage): once confirmed, its token is saved as it is", async () => {
    const provider = makeProvider()
    const holder = await provider.createAccountHolder({ context: { customer } })
    const context = { account_holder: { data: holder.data! } }
    const asked = sandboxAdapter.sessionData({ type: "card", save_for_autopay: true, data: { number: "4000002500003155" } }, { off_session: false })
    const { stored } = await createSession(provider, asked, 10, context)
    const first = await provider.authorizePayment({ data: stored })
    expect([first.status, first.data?.setup_future_usage]).toEqual(["requires_more", "off_session"])
    const confirmed = await provider.authorizePayment({ data: { ...first.data, confirmed: true } })
    expect(confirmed.status).toBe("authorized")
    const token = sandboxAdapter.keptMethodId(confirmed.data)
    expect(token).toMatch(/^pm_sandbox_card_action_3155_/)
    const saved = await provider.savePaymentMethod({ context, data: sandboxAdapter.keptMethodSaveData("card", token!)! })
    expect(saved).toMatchObject({ id: token, data: { id: token, type: "card", last4: "3155", brand: "visa" } })
    expectNoNumbers([stored, first, confirmed, saved])

    // a payment that did not ask, or with a saved method, keeps nothing; nor does a client's `data`
    const plain = await createSession(provider, sandboxAdapter.sessionData({ type: "card", data: { number: "4242424242424242" } }, { off_session: false }))
    expect(sandboxAdapter.keptMethodId((await provider.authorizePayment({ data: plain.stored })).data)).toBeNull()
    expect(sandboxAdapter.sessionData({ type: "card", saved_method_id: saved.id, save_for_autopay: true }, { off_session: false })).not.toHaveProperty("setup_future_usage")
    await expectMedusaError(
      provider.savePaymentMethod({ context, data: sandboxAdapter.savedMethodData("card", { saved_method_id: token }) }),
      MedusaError.Types.INVALID_DATA,
      /number/
    )
  })

  it("refuses to save without an account holder, an incorrect number, or bad details", async () => {
    const provider = makeProvider()
    const context = { account_holder: { data: { id: "cus_sandbox_1" } } }
    await expectMedusaError(provider.savePaymentMethod({ data: CARD("4242424242424242") }), MedusaError.Types.INVALID_DATA, /account holder/)
    await expectMedusaError(
      provider.savePaymentMethod({ context, data: CARD("4111111111111111") }),
      MedusaError.Types.INVALID_DATA,
      /card number is incorrect/
    )
    await expectMedusaError(
      provider.savePaymentMethod({ context, data: { payment_method_type: "us_bank_account", payment_method_data: { account_number: "000123456789" } } }),
      MedusaError.Types.INVALID_DATA,
      /routing_number/
    )
    await expectMedusaError(provider.deletePaymentMethod({ data: { id: "pm_123" } }), MedusaError.Types.INVALID_DATA)
  })
})
