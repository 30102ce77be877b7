/**
 * The client over a real js-sdk Client with `fetch` replaced: what goes out
 * (path, query, headers, body, Idempotency-Key) and how answers and failures
 * come back. The same functions against the real routes:
 * integration-tests/http/store-client.spec.ts.
 */
import { Client } from "@medusajs/js-sdk"
import { BillingApiError, createBillingClient, microdepositsAction, newIdempotencyKey } from ".."

const BASE = "http://billing.test"
const PK = "pk_test_123"
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

type Sent = { url: URL; method: string; headers: Headers; body: unknown }

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } })

let sent: Sent[]
let answers: Array<Response | Error | DOMException | ((request: Sent) => Response)>
const realFetch = globalThis.fetch

beforeEach(() => {
  sent = []
  answers = []
  globalThis.fetch = jest.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request: Sent = {
      url: new URL(String(input)),
      method: init?.method ?? "GET",
      headers: new Headers(init?.headers),
      body: typeof init?.body === "string" ? JSON.parse(init.body) : init?.body,
    }
    sent.push(request)
    const answer = answers.shift() ?? json(200, {})
    if (answer instanceof Response) return answer
    if (typeof answer === "function") return answer(request)
    throw answer
  }) as typeof fetch
})
afterAll(() => {
  globalThis.fetch = realFetch
})

/** A client on a real js-sdk Client holding a customer JWT in memory, as a storefront's sdk would. */
async function clientWithToken(token = "jwt-of-jane") {
  const sdk = { client: new Client({ baseUrl: BASE, publishableKey: PK, auth: { type: "jwt", jwtTokenStorageMethod: "memory" } }) }
  await sdk.client.setToken(token)
  return createBillingClient({ sdk })
}

const paymentBody = {
  mode: "selected_invoices" as const,
  currency_code: "usd",
  invoice_ids: ["inv_1", "inv_2"],
  payment_method: { type: "card" as const, data: { number: "4242424242424242" } },
}
const paymentAnswer = (id = "cpay_1") => json(201, { payment: { id, status: "succeeded" } })

describe("requests go out through the sdk", () => {
  it("carries the sdk's publishable key and bearer token, and unwraps single resources", async () => {
    const billing = await clientWithToken()
    answers.push(json(200, { account: { customer_id: "cus_1", balances: [] } }))
    await expect(billing.getAccount()).resolves.toEqual({ customer_id: "cus_1", balances: [] })
    expect(sent[0].url.href).toBe(`${BASE}/store/billing/account`)
    expect(sent[0].headers.get("x-publishable-api-key")).toBe(PK)
    expect(sent[0].headers.get("authorization")).toBe("Bearer jwt-of-jane")
  })

  it("encodes list filters the way Medusa's query parser reads them", async () => {
    const billing = await clientWithToken()
    await billing.listInvoices({
      status: ["open", "partially_paid"],
      due_at: { lte: new Date("2026-01-31T00:00:00.000Z"), gte: "2025-12-01" },
      order: "-due_at",
      limit: 50,
    })
    const params = sent[0].url.searchParams
    expect(sent[0].url.pathname).toBe("/store/billing/invoices")
    expect([params.get("status[0]"), params.get("status[1]")]).toEqual(["open", "partially_paid"])
    expect(params.get("due_at[lte]")).toBe("2026-01-31T00:00:00.000Z")
    expect(params.get("due_at[gte]")).toBe("2025-12-01")
    expect([params.get("order"), params.get("limit")]).toEqual(["-due_at", "50"])
  })

  it("escapes ids in paths, so an id cannot reach another route", async () => {
    const billing = await clientWithToken()
    answers.push(json(200, { invoice: { id: "x" } }))
    await billing.getInvoice("../payments?x=1")
    expect(sent[0].url.pathname).toBe("/store/billing/invoices/..%2Fpayments%3Fx%3D1")
  })

  it("sends JSON bodies with the right methods", async () => {
    const billing = await clientWithToken()
    answers.push(json(200, { autopay: { status: "active" } }), json(200, { autopay: { status: "canceled" }, deleted: true }))
    await billing.updateAutopay({ payment_method_id: "pm_1", consent: true, max_amount: "250.00", max_amount_currency_code: "usd" })
    await billing.cancelAutopay()
    expect(sent.map((s) => [s.method, s.url.pathname])).toEqual([
      ["PUT", "/store/billing/autopay"],
      ["DELETE", "/store/billing/autopay"],
    ])
    expect(sent[0].body).toEqual({ payment_method_id: "pm_1", consent: true, max_amount: "250.00", max_amount_currency_code: "usd" })
    expect(sent[0].headers.get("content-type")).toBe("application/json")
  })

  it("{ baseUrl, publishableKey, getToken } asks for the token before every request", async () => {
    let token = "first"
    const getToken = jest.fn(async () => token)
    const billing = createBillingClient({ baseUrl: BASE, publishableKey: PK, getToken })
    await billing.listPayments()
    token = "second"
    await billing.getHistory({ type: ["payment"] })
    expect(sent.map((s) => s.headers.get("authorization"))).toEqual(["Bearer first", "Bearer second"])
    expect(sent.map((s) => s.headers.get("x-publishable-api-key"))).toEqual([PK, PK])
    expect(getToken).toHaveBeenCalledTimes(2)
  })

  it("{ baseUrl, publishableKey } without getToken sends no authorization (invitations need none)", async () => {
    const billing = createBillingClient({ baseUrl: `${BASE}/`, publishableKey: PK })
    answers.push(json(200, { token: "new-jwt" }))
    await expect(billing.acceptInvitation("tok/en", "a-password-1")).resolves.toBe("new-jwt")
    // the token in its header, never in the URL (access logs keep URLs)
    expect(sent[0].url.href).toBe(`${BASE}/store/billing/invitation/accept`)
    expect(sent[0].headers.get("x-invitation-token")).toBe("tok/en")
    expect(sent[0].headers.has("authorization")).toBe(false)
    expect(sent[0].body).toEqual({ password: "a-password-1" })
  })
})

describe("Idempotency-Key: one per attempt, reused on retry", () => {
  it("makes a UUID v4 key when none is given, sends it and returns it with the payment", async () => {
    const billing = await clientWithToken()
    answers.push(paymentAnswer())
    const result = await billing.createPayment(paymentBody)
    expect(result.idempotency_key).toMatch(UUID_V4)
    expect(sent[0].headers.get("idempotency-key")).toBe(result.idempotency_key)
    expect(result.payment).toEqual({ id: "cpay_1", status: "succeeded" })
    expect(sent[0].body).toEqual(paymentBody)
  })

  it("makes a new key for every attempt that brings none", async () => {
    const billing = await clientWithToken()
    answers.push(paymentAnswer(), paymentAnswer())
    const keys = [(await billing.createPayment(paymentBody)).idempotency_key, (await billing.createPayment(paymentBody)).idempotency_key]
    expect(new Set(keys).size).toBe(2)
    expect(sent.map((s) => s.headers.get("idempotency-key"))).toEqual(keys)
  })

  it("sends a given key unchanged, and the same key again on a retry", async () => {
    const billing = await clientWithToken()
    const key = newIdempotencyKey()
    answers.push(paymentAnswer(), paymentAnswer())
    const first = await billing.createPayment(paymentBody, { idempotencyKey: key })
    const retry = await billing.createPayment(paymentBody, { idempotencyKey: first.idempotency_key })
    expect([first.idempotency_key, retry.idempotency_key]).toEqual([key, key])
    expect(sent.map((s) => s.headers.get("idempotency-key"))).toEqual([key, key])
  })

  it("a request that got no answer fails with its key, and the retry reuses it", async () => {
    const billing = await clientWithToken()
    answers.push(new TypeError("fetch failed"), paymentAnswer())
    const failure = await billing.createPayment(paymentBody).catch((e) => e)
    expect(failure).toBeInstanceOf(BillingApiError)
    expect(failure).toMatchObject({ status: 0, type: "network_error", idempotencyKey: expect.stringMatching(UUID_V4) })
    const retry = await billing.createPayment(paymentBody, { idempotencyKey: failure.idempotencyKey })
    expect(retry.idempotency_key).toBe(failure.idempotencyKey)
    expect(sent[1].headers.get("idempotency-key")).toBe(sent[0].headers.get("idempotency-key"))
  })

  it("an API error on a payment carries the key too", async () => {
    const billing = await clientWithToken()
    answers.push(json(500, { type: "unexpected_state", message: "The provider did not answer" }))
    const failure = await billing.createPayment(paymentBody, { idempotencyKey: "attempt-1" }).catch((e) => e)
    expect(failure).toMatchObject({ status: 500, idempotencyKey: "attempt-1", message: "The provider did not answer" })
  })

  it("saving a payment method is keyed the same way", async () => {
    const billing = await clientWithToken()
    answers.push(json(201, { payment_method: { id: "pm_1", type: "card" } }))
    const saved = await billing.createPaymentMethod({ type: "card", data: { number: "4242424242424242" } })
    expect(saved.idempotency_key).toMatch(UUID_V4)
    expect(sent[0].headers.get("idempotency-key")).toBe(saved.idempotency_key)
  })

  it("newIdempotencyKey falls back to getRandomValues where randomUUID is missing (http:// pages)", () => {
    const real = Object.getOwnPropertyDescriptor(globalThis, "crypto")!
    const getRandomValues = <T extends ArrayBufferView | null>(array: T) => require("crypto").webcrypto.getRandomValues(array)
    Object.defineProperty(globalThis, "crypto", { value: { getRandomValues }, configurable: true })
    try {
      const keys = Array.from({ length: 50 }, () => newIdempotencyKey())
      for (const key of keys) expect(key).toMatch(UUID_V4)
      expect(new Set(keys).size).toBe(50)
    } finally {
      Object.defineProperty(globalThis, "crypto", real)
    }
  })
})

describe("errors are BillingApiErrors with the server's status and message", () => {
  it.each([
    [400, "invalid_data", "mode must be one of: selected_invoices, total_balance, current_charges, fixed_amount"],
    [401, "unauthorized", "Unauthorized"],
    [403, "not_allowed", "The History section of the billing portal is disabled"],
    [404, "not_found", "Invoice with id: inv_x was not found"],
    [409, "conflict", "This Idempotency-Key was used for another payment"],
    [429, "too_many_requests", "Too many payment attempts for this account; try again in 60 seconds"],
  ])("%i → type %s", async (status, type, message) => {
    const billing = await clientWithToken()
    answers.push(json(status, { type, message }))
    const error = await billing.getInvoice("inv_x").catch((e) => e)
    expect(error).toBeInstanceOf(BillingApiError)
    expect(error).toBeInstanceOf(Error)
    expect({ name: error.name, status: error.status, type: error.type, message: error.message }).toEqual({
      name: "BillingApiError",
      status,
      type,
      message,
    })
  })

  it("an answer without a JSON body gets the status text", async () => {
    const billing = await clientWithToken()
    answers.push(new Response("<html>Bad gateway</html>", { status: 502, statusText: "Bad Gateway" }))
    await expect(billing.listInvoices()).rejects.toMatchObject({ status: 502, type: "unexpected_state", message: "Bad Gateway" })
  })

  it("a cancelled request is thrown back as the abort it is", async () => {
    const billing = await clientWithToken()
    const abort = new DOMException("This operation was aborted", "AbortError")
    answers.push(abort)
    await expect(billing.getAccount({ signal: new AbortController().signal })).rejects.toBe(abort)
  })

  it("a document route's error is a BillingApiError as well", async () => {
    const billing = await clientWithToken()
    answers.push(json(404, { type: "not_found", message: "Payment with id: cpay_x was not found" }))
    await expect(billing.downloadReceipt("cpay_x")).rejects.toMatchObject({
      status: 404,
      type: "not_found",
      message: "Payment with id: cpay_x was not found",
    })
  })
})

describe("documents come back as Blobs", () => {
  it("asks for application/pdf and hands back the bytes", async () => {
    const billing = await clientWithToken()
    const bytes = new TextEncoder().encode("%PDF-1.3 fake")
    answers.push(new Response(bytes, { status: 200, headers: { "content-type": "application/pdf" } }))
    const blob = await billing.downloadStatement({ from: "2026-01-01", to: new Date("2026-01-31T23:59:59.999Z"), currency_code: "usd" })
    expect(blob).toBeInstanceOf(Blob)
    expect(blob.type).toBe("application/pdf")
    expect(new TextDecoder().decode(await blob.arrayBuffer())).toBe("%PDF-1.3 fake")
    expect(sent[0].headers.get("accept")).toBe("application/pdf")
    expect(sent[0].headers.get("authorization")).toBe("Bearer jwt-of-jane")
    expect(Object.fromEntries(sent[0].url.searchParams)).toEqual({
      from: "2026-01-01",
      to: "2026-01-31T23:59:59.999Z",
      currency_code: "usd",
    })
  })
})

describe("pay links: the token in X-Pay-Link-Token, never in the URL", () => {
  const TOKEN = "Zx9_-tokenOfFortyThreeCharactersAAAAAAAAAAA"
  const linkBody = {
    mode: "selected_invoices" as const,
    currency_code: "usd",
    invoice_ids: ["inv_1"],
    payment_method: { type: "card" as const, data: { number: "4242424242424242" } },
  }
  const expectNoTokenInUrl = () => {
    for (const request of sent) expect(request.url.href).not.toContain(TOKEN)
  }

  it("getPayLink sends the token as a header on a GET to the fixed path, with no login needed", async () => {
    const billing = createBillingClient({ baseUrl: BASE, publishableKey: PK })
    answers.push(json(200, { pay_link: { currency_code: "usd", invoices: [] } }))
    await expect(billing.getPayLink(TOKEN)).resolves.toEqual({ currency_code: "usd", invoices: [] })
    expect([sent[0].method, sent[0].url.href]).toEqual(["GET", `${BASE}/store/billing/pay-link`])
    expect(sent[0].headers.get("x-pay-link-token")).toBe(TOKEN)
    expect(sent[0].headers.get("x-publishable-api-key")).toBe(PK)
    expect(sent[0].headers.has("authorization")).toBe(false)
    expectNoTokenInUrl()
  })

  it("previewPayLink posts the body and unwraps the preview", async () => {
    const billing = createBillingClient({ baseUrl: BASE, publishableKey: PK })
    answers.push(json(200, { preview: { amount: 12.5, allocations: [] } }))
    const body = { mode: "selected_invoices" as const, currency_code: "usd", invoice_ids: ["inv_1"], amounts: { inv_1: "12.50" } }
    await expect(billing.previewPayLink(TOKEN, body)).resolves.toEqual({ amount: 12.5, allocations: [] })
    expect([sent[0].method, sent[0].url.pathname]).toEqual(["POST", "/store/billing/pay-link/preview"])
    expect(sent[0].body).toEqual(body)
    expect(sent[0].headers.get("x-pay-link-token")).toBe(TOKEN)
    expectNoTokenInUrl()
  })

  it("payPayLink makes a UUID v4 Idempotency-Key when none is given and returns it; a given one goes out unchanged", async () => {
    const billing = createBillingClient({ baseUrl: BASE, publishableKey: PK })
    answers.push(paymentAnswer("cpay_1"), paymentAnswer("cpay_1"))
    const first = await billing.payPayLink(TOKEN, linkBody)
    expect(first).toEqual({ payment: { id: "cpay_1", status: "succeeded" }, idempotency_key: expect.stringMatching(UUID_V4) })
    const retry = await billing.payPayLink(TOKEN, linkBody, { idempotencyKey: first.idempotency_key })
    expect(retry.idempotency_key).toBe(first.idempotency_key)
    expect(sent.map((s) => [s.method, s.url.pathname, s.headers.get("idempotency-key"), s.headers.get("x-pay-link-token")])).toEqual([
      ["POST", "/store/billing/pay-link/pay", first.idempotency_key, TOKEN],
      ["POST", "/store/billing/pay-link/pay", first.idempotency_key, TOKEN],
    ])
    expect(sent[0].body).toEqual(linkBody)
    expectNoTokenInUrl()
  })

  it("a failed payPayLink carries its key, for the retry of the same attempt", async () => {
    const billing = createBillingClient({ baseUrl: BASE, publishableKey: PK })
    answers.push(new TypeError("fetch failed"), json(400, { type: "invalid_data", message: "payment_method is required" }))
    const lost = await billing.payPayLink(TOKEN, linkBody).catch((e) => e)
    expect(lost).toMatchObject({ status: 0, type: "network_error", idempotencyKey: expect.stringMatching(UUID_V4) })
    const refused = await billing.payPayLink(TOKEN, linkBody, { idempotencyKey: "attempt-2" }).catch((e) => e)
    expect(refused).toBeInstanceOf(BillingApiError)
    expect(refused).toMatchObject({ status: 400, message: "payment_method is required", idempotencyKey: "attempt-2" })
  })

  it("completePayLinkPayment escapes the payment id and sends the token", async () => {
    const billing = createBillingClient({ baseUrl: BASE, publishableKey: PK })
    answers.push(json(200, { payment: { id: "cpay_1", status: "succeeded" } }))
    await expect(billing.completePayLinkPayment(TOKEN, "cpay/1", { provider_data: { confirmed: true } })).resolves.toEqual({
      id: "cpay_1",
      status: "succeeded",
    })
    expect([sent[0].method, sent[0].url.pathname]).toEqual(["POST", "/store/billing/pay-link/payments/cpay%2F1/complete"])
    expect(sent[0].body).toEqual({ provider_data: { confirmed: true } })
    expect(sent[0].headers.get("x-pay-link-token")).toBe(TOKEN)
  })

  it("resendPayLink posts {} and resolves on the 202; the unknown link's 404 stays a BillingApiError", async () => {
    const billing = createBillingClient({ baseUrl: BASE, publishableKey: PK })
    answers.push(json(202, {}), json(404, { type: "not_found", message: "This payment link is no longer valid" }))
    await expect(billing.resendPayLink(TOKEN)).resolves.toBeUndefined()
    expect([sent[0].method, sent[0].url.pathname, sent[0].body]).toEqual(["POST", "/store/billing/pay-link/resend", {}])
    expect(sent[0].headers.get("x-pay-link-token")).toBe(TOKEN)
    await expect(billing.getPayLink(TOKEN)).rejects.toMatchObject({
      name: "BillingApiError",
      status: 404,
      type: "not_found",
      message: "This payment link is no longer valid",
    })
    expectNoTokenInUrl()
  })
})

describe("microdepositsAction", () => {
  it("reads Stripe's hosted verification page from a next action, and nothing else", () => {
    const url = "https://payments.stripe.com/microdeposit/pacs_test_1"
    expect(microdepositsAction({ type: "verify_with_microdeposits", hosted_verification_url: url, extra: "x" })).toEqual({
      type: "verify_with_microdeposits",
      hosted_verification_url: url,
    })
    expect(microdepositsAction({ type: "confirm", client_secret: "pi_secret" })).toBeNull()
    expect(microdepositsAction({ type: "verify_with_microdeposits" })).toBeNull()
    expect(microdepositsAction(undefined)).toBeNull()
  })
})
