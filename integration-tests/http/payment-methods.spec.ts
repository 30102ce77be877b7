import { AUTOPAY_METHOD_IN_USE } from "../../src/workflows/payment-methods/steps/refuse-autopay-method-removal"
import Stripe from "stripe"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { INVOICING_MODULE } from "../../src/modules/invoicing"
import type InvoicingModuleService from "../../src/modules/invoicing/service"
import { PORTAL_MODULE } from "../../src/modules/portal"
import { SANDBOX_PROVIDER_ID } from "../../src/utils/options"
import { AUTOPAY_MODULE } from "../../src/modules/autopay"
import { runAutopayWorkflow } from "../../src/workflows/autopay/workflows/run-autopay"
import { RECONCILE_LOCK_KEY, reconcileCustomerPaymentsWorkflow } from "../../src/workflows/payments/workflows/reconcile-customer-payments"
import { withPaymentLock, withSharedLock } from "../../src/workflows/payments/customer-lock"
import {
  createAdmin,
  createLoggedInCustomer,
  createPublishableKey,
  deliverPaymentWebhooksPromptly,
  eventually,
  expectInvariants,
  issueServiceInvoice,
  setStoreCurrencies,
  settle,
} from "../helpers"

jest.setTimeout(180_000)

// Both providers are registered: the sandbox serves every test, and one test
// switches the plugin's providers to Medusa's Stripe provider (the real SDK,
// Stripe's API answered in-process by nock) through BILLING_PORTAL_OPTIONS,
// which the plugin reads per request.
const savedEnv = { ...process.env }
process.env.STRIPE_API_KEY = "sk_test_offline_payment_methods"
const STRIPE_WEBHOOK_SECRET = "whsec_payment_methods_test"
process.env.STRIPE_WEBHOOK_SECRET = STRIPE_WEBHOOK_SECRET
delete process.env.BILLING_PORTAL_OPTIONS

let nock: typeof import("nock")

const DAY = 24 * 60 * 60 * 1000
const NUMBERS = ["4242424242424242", "4000000000000002", "4000002500003155", "000123456789", "000111111113"]
const CARD_OK = { type: "card", data: { number: "4242424242424242" } }
const CARD_DECLINES = { type: "card", data: { number: "4000000000000002" } }
const CARD_NEEDS_ACTION = { type: "card", data: { number: "4000002500003155" } }
const ACH_OK = { type: "us_bank_account", data: { account_number: "000123456789", routing_number: "110000000" } }

type Customer = { id: string; headers: Record<string, string> }

/**
 * Just enough of Stripe's API for saved methods, kept in memory: customers,
 * SetupIntents, a customer's payment methods (attached when the "client"
 * confirms a SetupIntent), detach, and PaymentIntents confirmed server-side
 * with a saved method.
 */
function fakeStripe() {
  const requests: { method: string; path: string; form: Record<string, string> }[] = []
  const setupIntents = new Map<string, Record<string, any>>()
  const attached = new Map<string, Record<string, any>[]>() // customer → payment methods
  const intents = new Map<string, Record<string, any>>()
  let counter = 0
  /**
   * Set by a test. Stripe answers the PaymentIntent's creation with a 500 (an
   * "api_error": the outcome is unknown to the caller) after creating it, after
   * creating it and the card being declined, or without creating it; or it
   * creates it and is never reached again (every answer lost on the way back);
   * or its list of intents answers 500.
   */
  const faults = {
    intentCreatedThen500: false,
    declinedThen500: false,
    noIntentThen500: false,
    intentCreatedThenUnreachable: false,
    listFails: false,
    refundFails: false,
    cancelFails: false,
    /** Stripe refuses the PaymentIntent outright (a 400: nothing is created) */
    refuseCreate: false,
    /** this many PaymentIntent creates are answered 429 (rate limited: not processed) */
    rateLimitCreates: 0,
  }
  const form = (body: unknown) => Object.fromEntries(new URLSearchParams(String(body ?? "")))
  const log = (method: string, path: string, body?: unknown) => {
    const f = form(body)
    requests.push({ method, path: path.split("?")[0], form: f })
    return f
  }
  const answered = new Map<string, [number, Record<string, any>]>()
  const refunds: Record<string, string>[] = []
  const refundKeys: string[] = []
  /** set by a test: runs when Stripe has made (or replayed) a PaymentIntent, before it answers */
  const hooks: { afterIntentCreated?: () => void } = {}
  const unreachable = () => Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })
  const stripeApi = nock("https://api.stripe.com").persist()
  stripeApi
    .post("/v1/customers")
    .reply(200, (uri, body) => {
      const f = log("POST", uri, body)
      return { id: `cus_fake_${++counter}`, object: "customer", email: f.email }
    })
    .post("/v1/setup_intents")
    .reply((uri, body) => {
      const f = log("POST", uri, body)
      if (f.payment_method?.startsWith("pm_missing")) {
        // a payment_method id Stripe does not have: refused, nothing made
        const error = { type: "invalid_request_error", code: "resource_missing", param: "payment_method", message: `No such PaymentMethod: '${f.payment_method}'` }
        return [400, { error }]
      }
      const id = `seti_fake_${++counter}`
      const intent = { id, object: "setup_intent", customer: f.customer, status: "requires_payment_method", client_secret: `${id}_secret_x`, usage: f.usage }
      setupIntents.set(id, intent)
      return [200, intent]
    })
    .get(/\/v1\/customers\/cus_fake_\d+\/payment_methods/)
    .reply(200, (uri) => {
      log("GET", uri)
      const customer = uri.split("/")[3]
      return { object: "list", data: attached.get(customer) ?? [], has_more: false, url: uri }
    })
    .post(/\/v1\/payment_methods\/pm_fake_\w+\/detach$/)
    .reply(200, (uri) => {
      log("POST", uri)
      const id = uri.split("/")[3]
      for (const [customer, methods] of attached) attached.set(customer, methods.filter((m) => m.id !== id))
      return { id, object: "payment_method", customer: null }
    })
    .post("/v1/payment_intents")
    .reply(function (uri, body, reply) {
      // Stripe answers a repeated idempotency key with its first answer, a 500 included
      const key = String(this.req.headers["idempotency-key"] ?? "")
      if (faults.rateLimitCreates > 0) {
        // rate limited before it runs: nothing is made, and no answer is kept for the key
        faults.rateLimitCreates--
        log("POST", uri, body)
        return reply(null, [429, { error: { type: "invalid_request_error", code: "rate_limit", message: "Too many requests hit the API too quickly." } }])
      }
      let answer = key ? answered.get(key) : undefined
      if (answer) log("POST", uri, body)
      else {
        answer = createIntent(uri, body)
        if (key) answered.set(key, answer)
      }
      hooks.afterIntentCreated?.()
      // created (or replayed), and the answer never arrives
      if (faults.intentCreatedThenUnreachable) return reply(unreachable(), undefined as never)
      // Stripe echoes the request's idempotency key in its answer
      reply(null, [answer[0], answer[1], key ? { "idempotency-key": key } : {}])
    })
  const createIntent = (uri: string, body: unknown): [number, Record<string, any>] => {
    const f = log("POST", uri, body)
    if (faults.noIntentThen500) return [500, { error: { type: "api_error", message: "An unknown error occurred" } }]
    if (faults.refuseCreate) {
      return [
        400,
        { error: { type: "invalid_request_error", code: "amount_too_large", param: "amount", message: "Amount must be no more than $999,999.99" } },
      ]
    }
    // Stripe refuses a method that is not (or no longer) attached to the customer named
    if (f.payment_method && f.customer && !(attached.get(f.customer) ?? []).some((m) => m.id === f.payment_method)) {
      return [
        400,
        {
          error: {
            type: "invalid_request_error",
            code: "resource_missing",
            param: "payment_method",
            message: `The customer does not have a payment method with the ID ${f.payment_method}. The payment method must be attached to the customer.`,
          },
        },
      ]
    }
    const id = `pi_fake_${++counter}`
    const intent = {
      id,
      object: "payment_intent",
      amount: Number(f.amount),
      currency: f.currency,
      customer: f.customer,
      payment_method: f.payment_method,
      capture_method: f.capture_method,
      // confirmed server-side with a saved card: Stripe holds the authorization; a bank debit is on its way
      status:
        f.confirm === "true" && f.payment_method && !faults.declinedThen500
          ? f["payment_method_types[0]"] === "us_bank_account"
            ? "processing"
            : "requires_capture"
          : "requires_payment_method",
      ...(faults.declinedThen500
        ? { last_payment_error: { type: "card_error", code: "card_declined", decline_code: "insufficient_funds" } }
        : {}),
      client_secret: `${id}_secret_x`,
      created: Math.floor(Date.now() / 1000),
      metadata: { session_id: f["metadata[session_id]"], billing_payment_id: f["metadata[billing_payment_id]"] },
    }
    intents.set(id, intent)
    if (faults.intentCreatedThen500 || faults.declinedThen500) {
      return [500, { error: { type: "api_error", message: "An unknown error occurred" } }]
    }
    return [200, intent]
  }
  stripeApi
    .get(/\/v1\/payment_intents(\?.*)?$/)
    .reply((uri) => {
      log("GET", uri)
      if (faults.listFails) return [500, { error: { type: "api_error", message: "An unknown error occurred" } }]
      const query = new URL(uri, "https://api.stripe.com").searchParams
      const since = Number(query.get("created[gte]") ?? 0)
      const data = [...intents.values()].filter((i) => i.customer === query.get("customer") && i.created >= since).reverse()
      return [200, { object: "list", data, has_more: false, url: "/v1/payment_intents" }]
    })
    .get(/\/v1\/payment_intents\/pi_fake_\d+(\?.*)?$/)
    .reply(200, (uri) => {
      log("GET", uri)
      return intents.get(uri.split("/").pop()!.split("?")[0])
    })
    .post(/\/v1\/payment_intents\/pi_fake_\d+\/cancel$/)
    .reply((uri) => {
      log("POST", uri)
      const intent = intents.get(uri.split("/")[3])!
      if (faults.cancelFails) return [500, { error: { type: "api_error", message: "An unknown error occurred" } }]
      if (intent.status === "succeeded" || intent.status === "processing") {
        return [400, { error: { type: "invalid_request_error", code: "payment_intent_unexpected_state", message: `cannot cancel a ${intent.status} intent` } }]
      }
      return [200, Object.assign(intent, { status: "canceled" })]
    })
    .post("/v1/refunds")
    .reply(function (uri, body) {
      const f = log("POST", uri, body)
      refundKeys.push(String(this.req.headers["idempotency-key"] ?? ""))
      if (faults.refundFails) return [500, { error: { type: "api_error", message: "An unknown error occurred" } }]
      refunds.push(f)
      const intent = intents.get(f.payment_intent)!
      intent.amount_refunded = (intent.amount_refunded ?? 0) + Number(f.amount)
      return [200, { id: `re_fake_${++counter}`, object: "refund", amount: Number(f.amount), payment_intent: f.payment_intent, status: "succeeded" }]
    })
    .post(/\/v1\/payment_intents\/pi_fake_\d+\/capture$/)
    .reply(200, (uri) => {
      log("POST", uri)
      const intent = intents.get(uri.split("/")[3])!
      return Object.assign(intent, { status: "succeeded", amount_received: intent.amount })
    })
  /** What Stripe.js does when the customer confirms a SetupIntent: the method is attached to the customer. */
  const confirmSetup = (setupIntentId: string, method: Record<string, any>) => {
    const intent = setupIntents.get(setupIntentId)!
    Object.assign(intent, { status: "succeeded", payment_method: method.id })
    attached.set(intent.customer, [...(attached.get(intent.customer) ?? []), { ...method, customer: intent.customer }])
  }
  /** Removed at Stripe directly (its dashboard, another app, the bank closing the card): the plugin never sees it go. */
  const detachAtStripe = (paymentMethodId: string) => {
    for (const [customer, methods] of attached) attached.set(customer, methods.filter((m) => m.id !== paymentMethodId))
  }
  return { requests, confirmSetup, detachAtStripe, faults, hooks, intents, refunds, refundKeys }
}

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let jane: Customer
    let other: Customer
    let admin: { headers: Record<string, string> }
    let invoicing: InvoicingModuleService
    let keyCounter = 0

    beforeAll(() => {
      nock = require("nock")
      nock.disableNetConnect()
      nock.enableNetConnect((host) => host.startsWith("127.0.0.1") || host.startsWith("localhost"))
    })

    afterAll(() => {
      nock.cleanAll()
      nock.enableNetConnect()
      process.env = savedEnv
    })

    const issue = async (customerId: string, price: string) => {
      const draft = await invoicing.createDraftInvoice({
        customer_id: customerId,
        currency_code: "usd",
        due_at: new Date(Date.now() + 10 * DAY),
        lines: [{ title: "Service", quantity: "1", unit_price: price }],
      })
      return invoicing.issueInvoice(draft.id, { now: new Date() })
    }

    beforeEach(async () => {
      const container = getContainer()
      invoicing = container.resolve(INVOICING_MODULE)
      await setStoreCurrencies(container, ["usd"])
      const key = await createPublishableKey(container)
      jane = await createLoggedInCustomer(api, key, "jane@test.dev", "Jane")
      other = await createLoggedInCustomer(api, key, "other@test.dev", "Other")
      admin = await createAdmin(container, api)
    })

    const save = (body: Record<string, unknown>, who: Customer = jane) =>
      settle(api.post("/store/billing/payment-methods", body, { headers: who.headers }))
    const list = async (who: Customer = jane) => {
      const res = await api.get("/store/billing/payment-methods", { headers: who.headers })
      expect(res.status).toBe(200)
      return res.data
    }
    const remove = (id: string, who: Customer = jane) =>
      settle(api.delete(`/store/billing/payment-methods/${id}`, { headers: who.headers }))
    const pay = (body: Record<string, unknown>, who: Customer = jane) =>
      settle(
        api.post("/store/billing/payments", body, { headers: { ...who.headers, "idempotency-key": `pm-key-${++keyCounter}` } })
      )
    /** Pays one invoice (USD) with the given method. */
    const payInvoice = (invoiceId: string, payment_method: Record<string, unknown>, who: Customer = jane) =>
      pay({ mode: "selected_invoices", currency_code: "usd", invoice_ids: [invoiceId], payment_method }, who)
    const invoiceOf = async (id: string, who: Customer = jane) =>
      (await api.get(`/store/billing/invoices/${id}`, { headers: who.headers })).data.invoice
    const sql = async (query: string, bindings: unknown[] = []) =>
      (await (getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION) as any).raw(query, bindings)).rows
    const holdersOf = async (customerId: string) =>
      sql(
        `SELECT ah.* FROM account_holder ah JOIN customer_account_holder l ON l.account_holder_id = ah.id
         WHERE l.customer_id = ? AND l.deleted_at IS NULL AND ah.deleted_at IS NULL`,
        [customerId]
      )
    /** The admin's "needs attention" list of payments. */
    const needingAttention = async () => {
      const res = await api.get("/admin/billing/payments?attention=true", admin)
      expect(res.data.count).toBe(res.data.payments.length)
      return res.data.payments
    }
    const expectNoNumbers = (value: unknown) => {
      const json = JSON.stringify(value)
      for (const number of NUMBERS) expect(json).not.toContain(number)
    }

    it("saves a card and a bank account on the customer's own account holder, lists them, and deletes one; nothing stores a number", async () => {
      const card = await save(CARD_OK)
      expect(card.status).toBe(201)
      expect(card.data.payment_method).toEqual({
        id: expect.stringMatching(/^pm_sandbox_card_ok_4242_/),
        type: "card",
        last4: "4242",
        brand: "visa",
        provider_id: SANDBOX_PROVIDER_ID,
      })
      const bank = await save(ACH_OK)
      expect(bank.status).toBe(201)
      expect(bank.data.payment_method).toEqual({
        id: expect.stringMatching(/^pm_sandbox_ach_settles_6789_/),
        type: "us_bank_account",
        last4: "6789",
        bank_name: "SANDBOX TEST BANK",
        provider_id: SANDBOX_PROVIDER_ID,
      })

      const listed = await list()
      expect(listed).toEqual({ payment_methods: [card.data.payment_method, bank.data.payment_method], count: 2 })
      expectNoNumbers([card.data, bank.data, listed])

      // One account holder, linked to Jane through Medusa's customer ↔ account holder link,
      // holding the saved methods (the sandbox's truth) — without any number.
      const holders = await holdersOf(jane.id)
      expect(holders).toHaveLength(1)
      expect(holders[0]).toMatchObject({ provider_id: SANDBOX_PROVIDER_ID, external_id: expect.stringMatching(/^cus_sandbox_/) })
      expect(holders[0].data.payment_methods.map((m: any) => m.id)).toEqual([
        card.data.payment_method.id,
        bank.data.payment_method.id,
      ])
      expect(holders[0].data.payment_methods[0]).toEqual({
        id: card.data.payment_method.id,
        type: "card",
        last4: "4242",
        brand: "visa",
        behaviour: "ok",
      })
      expectNoNumbers(await sql("SELECT data FROM account_holder"))

      // Another customer sees none of them and cannot delete them.
      expect(await list(other)).toEqual({ payment_methods: [], count: 0 })
      const foreign = await remove(card.data.payment_method.id, other)
      expect(foreign.status).toBe(404)
      expect(foreign.data.message).toBe(`Payment method with id: ${card.data.payment_method.id} was not found`)
      expect((await list()).count).toBe(2)

      const deleted = await remove(card.data.payment_method.id)
      expect(deleted.status).toBe(200)
      expect(deleted.data).toEqual({ id: card.data.payment_method.id, object: "payment_method", deleted: true })
      expect((await list()).payment_methods.map((m: any) => m.id)).toEqual([bank.data.payment_method.id])
      const again = await remove(card.data.payment_method.id)
      expect(again.status).toBe(404)
      expect((await holdersOf(jane.id))[0].data.payment_methods.map((m: any) => m.id)).toEqual([bank.data.payment_method.id])
    })

    it("autopay turned on with a method while it is removed in another tab: one of the two is refused, never autopay on a removed method", async () => {
      await getContainer().resolve<any>(PORTAL_MODULE).updateSettings({ autopay: { allowed: true } })
      const outcomes: Array<[number, number]> = []
      for (let round = 0; round < 4; round++) {
        const card = (await save(CARD_OK)).data.payment_method
        const [enrolled, removed] = await Promise.all([
          settle(api.put("/store/billing/autopay", { payment_method_id: card.id, consent: true }, { headers: jane.headers })),
          remove(card.id),
        ])
        outcomes.push([enrolled.status, removed.status])
        const autopay = (await api.get("/store/billing/autopay", { headers: jane.headers })).data.autopay
        const listed = (await list()).payment_methods.map((m: any) => m.id)
        if (enrolled.status === 201) {
          // enrolled first: the removal is refused in words, the method stays
          expect([removed.status, removed.data.message, autopay.status, listed]).toEqual([400, AUTOPAY_METHOD_IN_USE, "active", [card.id]])
          expect((await settle(api.delete("/store/billing/autopay", { headers: jane.headers }))).status).toBe(200)
          expect((await remove(card.id)).status).toBe(200)
        } else {
          // removed first: the enrollment names a method that is no longer saved
          expect([enrolled.status, enrolled.data.message, removed.status, autopay.status === "active", listed]).toEqual([
            400,
            "payment_method_id: no saved payment method with this id",
            200,
            false,
            [],
          ])
        }
      }
      expect(outcomes.every(([e, r]) => (e === 201) !== (r === 200))).toBe(true)
    })

    it("refuses to remove the method autopay charges (400 saying what to do), and removes it once autopay is off", async () => {
      await getContainer().resolve<any>(PORTAL_MODULE).updateSettings({ autopay: { allowed: true } })
      const card = (await save(CARD_OK)).data.payment_method
      const spare = (await save(CARD_OK)).data.payment_method
      const enrolled = await settle(
        api.put("/store/billing/autopay", { payment_method_id: card.id, consent: true }, { headers: jane.headers })
      )
      expect(enrolled.status).toBe(201)

      const refused = await remove(card.id)
      expect(refused.status).toBe(400)
      expect(refused.data.message).toBe(
        "This payment method pays your autopay. Choose another method for autopay, or turn autopay off, before removing it."
      )
      expect((await list()).payment_methods.map((m: any) => m.id)).toEqual([card.id, spare.id])
      // the other method is free to go
      expect((await remove(spare.id)).status).toBe(200)

      expect((await settle(api.delete("/store/billing/autopay", { headers: jane.headers }))).status).toBe(200)
      expect((await remove(card.id)).status).toBe(200)
      expect((await list()).payment_methods).toEqual([])
    })

    it("autopay is refused (400 naming the field) with a method saved with a provider that no longer takes its type; nothing recorded", async () => {
      await getContainer().resolve<any>(PORTAL_MODULE).updateSettings({ autopay: { allowed: true } })
      const invoice = await issue(jane.id, "40.00")
      const bank = (await save(ACH_OK)).data.payment_method
      expect(bank.provider_id).toBe(SANDBOX_PROVIDER_ID)
      // the business moves bank payments to Stripe; cards stay with the sandbox
      process.env.BILLING_PORTAL_OPTIONS = JSON.stringify({
        paymentProviders: { card: SANDBOX_PROVIDER_ID, us_bank_account: "pp_stripe_stripe" },
      })
      try {
        // the portal no longer pays with it ...
        const paid = await payInvoice(invoice.id, { type: "us_bank_account", saved_method_id: bank.id })
        expect([paid.status, paid.data.message]).toEqual([400, "payment_method.saved_method_id: no saved payment method with this id"])
        // ... so autopay must not be set up to charge it through the old provider
        const enrolled = await settle(api.put("/store/billing/autopay", { payment_method_id: bank.id, consent: true }, { headers: jane.headers }))
        expect([enrolled.status, enrolled.data.message]).toEqual([
          400,
          "payment_method_id: us_bank_account payments no longer go through this method's payment provider; save the method again",
        ])
        expect((await api.get("/store/billing/autopay", { headers: jane.headers })).data.autopay.status).toBe("none")
        expect(await getContainer().resolve<any>(AUTOPAY_MODULE).listAutopayEnrollments({ customer_id: jane.id })).toEqual([])
      } finally {
        delete process.env.BILLING_PORTAL_OPTIONS
      }
    })

    it("the list survives a restart of the provider: it is read from the account holder Medusa stores", async () => {
      const card = await save(CARD_OK)
      const provider = (getContainer().resolve(Modules.PAYMENT) as any).paymentProviderService_.retrieveProvider(
        SANDBOX_PROVIDER_ID
      )
      // What a restart loses: everything the provider keeps in memory.
      provider.savedMethods_.clear()
      expect((await list()).payment_methods.map((m: any) => m.id)).toEqual([card.data.payment_method.id])
    })

    it("rejects bad details with a 400 that names the field, and saves nothing", async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ type: "paypal" }, "Invalid request: type must be one of: card, us_bank_account"],
        [{ type: "card" }, "A card payment needs `data.number` (e.g. the test card 4242424242424242)."],
        [{ type: "card", data: { number: "12" } }, "`data.number` must be a card number of 4 to 19 digits."],
        [{ type: "card", data: { number: "4111111111111111" } }, "Your card number is incorrect: only the sandbox test cards can be saved."],
        [
          { type: "us_bank_account", data: { account_number: "000123456789", routing_number: "1" } },
          "`data.routing_number` must be exactly 9 digits.",
        ],
        [{ type: "card", data: CARD_OK.data, extra: true }, "Invalid request: Unrecognized fields: 'extra'"],
      ]
      for (const [body, message] of cases) {
        const res = await save(body)
        expect({ body, status: res.status, message: res.data.message }).toEqual({ body, status: 400, message })
        // (the hint for a missing number quotes the public test card; no message echoes what was sent)
        if (body.data) expectNoNumbers(res.data)
      }
      expect(await list()).toEqual({ payment_methods: [], count: 0 })
      // The holder created for the failed attempts is rolled back with them.
      expect(await holdersOf(jane.id)).toEqual([])

      await getContainer().resolve<any>(PORTAL_MODULE).updateSettings({ payment_methods: ["card"] })
      try {
        const ach = await save(ACH_OK)
        expect(ach.status).toBe(400)
        expect(ach.data.message).toBe("type: us_bank_account payment methods are not offered")
      } finally {
        await getContainer().resolve<any>(PORTAL_MODULE).updateSettings({ payment_methods: ["card", "us_bank_account"] })
      }
    })

    it("pays with a saved card (paid), a saved declining card (fails cleanly) and a saved bank account (processing)", async () => {
      const first = await issue(jane.id, "80.00")
      const okCard = (await save(CARD_OK)).data.payment_method
      const declining = (await save(CARD_DECLINES)).data.payment_method
      const bank = (await save(ACH_OK)).data.payment_method
      expect(declining.id).toMatch(/^pm_sandbox_card_generic_0002_/)

      const failed = await payInvoice(first.id, { type: "card", saved_method_id: declining.id })
      expect(failed.status).toBe(201)
      expect(failed.data.payment).toMatchObject({ status: "failed", failure_reason: "card_declined", method: "card" })
      expect(failed.data.payment.allocations.map((a: any) => a.status)).toEqual(["released"])
      expect(await invoiceOf(first.id)).toMatchObject({ status: "open", amount_pending: 0, amount_due: 80 })

      const paid = await payInvoice(first.id, { type: "card", saved_method_id: okCard.id })
      expect(paid.status).toBe(201)
      expect(paid.data.payment).toMatchObject({
        status: "succeeded",
        amount: 80,
        transaction_id: expect.stringMatching(/^pi_sandbox_/),
      })
      expect(await invoiceOf(first.id)).toMatchObject({ status: "paid", amount_due: 0 })

      const second = await issue(jane.id, "45.50")
      const ach = await payInvoice(second.id, { type: "us_bank_account", saved_method_id: bank.id })
      expect(ach.status).toBe(201)
      expect(ach.data.payment).toMatchObject({ status: "processing", method: "us_bank_account" })
      expect(await invoiceOf(second.id)).toMatchObject({ status: "open", amount_pending: 45.5 })

      // The provider charged the saved methods themselves, for Jane's account holder.
      const [holder] = await holdersOf(jane.id)
      const sessions = await sql(
        `SELECT ps.data FROM payment_session ps WHERE ps.deleted_at IS NULL ORDER BY ps.created_at`
      )
      expect(sessions.map((s: any) => [s.data.saved_method_id, s.data.customer])).toEqual([
        [declining.id, holder.external_id],
        [okCard.id, holder.external_id],
        [bank.id, holder.external_id],
      ])
      expectNoNumbers(sessions)
      expectNoNumbers(await sql("SELECT data FROM account_holder"))
      await expectInvariants(getContainer())
    })

    it("save_for_autopay keeps the details of a successful payment as a saved method, not those of a declined one", async () => {
      const invoice = await issue(jane.id, "60.00")
      const declined = await payInvoice(invoice.id, { ...CARD_DECLINES, save_for_autopay: true })
      expect(declined.data.payment.status).toBe("failed")
      expect(declined.data.saved_payment_method).toBeUndefined()
      const paid = await payInvoice(invoice.id, { ...CARD_OK, save_for_autopay: true })
      expect(paid.data.payment.status).toBe("succeeded")
      expect(paid.data.saved_payment_method).toEqual({
        id: expect.stringMatching(/^pm_sandbox_card_ok_4242_/),
        type: "card",
        last4: "4242",
        brand: "visa",
        provider_id: SANDBOX_PROVIDER_ID,
      })
      expect(await list()).toEqual({ payment_methods: [paid.data.saved_payment_method], count: 1 })
      expectNoNumbers(paid.data)
      expectNoNumbers(await sql("SELECT data FROM account_holder"))
    })

    it("save_for_autopay with a card that needs 3-D Secure keeps it once the customer confirmed, and only then", async () => {
      const invoice = await issue(jane.id, "35.00")
      const started = await payInvoice(invoice.id, { ...CARD_NEEDS_ACTION, save_for_autopay: true })
      expect([started.status, started.data.payment.status, started.data.saved_payment_method]).toEqual([201, "pending", undefined])
      expect(await list()).toEqual({ payment_methods: [], count: 0 })

      const complete = (confirmed?: boolean) =>
        settle(
          api.post(
            `/store/billing/payments/${started.data.payment.id}/complete`,
            confirmed === undefined ? {} : { provider_data: { confirmed } },
            { headers: jane.headers }
          )
        )
      const done = await complete(true)
      expect([done.status, done.data.payment.status]).toEqual([200, "succeeded"])
      const kept = {
        id: expect.stringMatching(/^pm_sandbox_card_action_3155_/),
        type: "card",
        last4: "3155",
        brand: "visa",
        provider_id: SANDBOX_PROVIDER_ID,
      }
      expect(done.data.saved_payment_method).toEqual(kept)
      expect(await list()).toEqual({ payment_methods: [done.data.saved_payment_method], count: 1 })
      // completing again answers the same method and saves nothing twice
      const again = await complete()
      expect([again.status, again.data.payment.status, again.data.saved_payment_method]).toEqual([200, "succeeded", done.data.saved_payment_method])
      expect((await list()).count).toBe(1)
      expectNoNumbers(done.data)
      expectNoNumbers(await sql("SELECT data FROM account_holder"))

      // a failed challenge keeps nothing; nor does a payment that did not ask to
      const second = await issue(jane.id, "12.00")
      const refused = await payInvoice(second.id, { ...CARD_NEEDS_ACTION, save_for_autopay: true })
      const failed = await settle(
        api.post(`/store/billing/payments/${refused.data.payment.id}/complete`, { provider_data: { confirmed: false } }, { headers: jane.headers })
      )
      expect([failed.data.payment.status, failed.data.saved_payment_method]).toEqual(["failed", undefined])
      const plain = await payInvoice(second.id, CARD_NEEDS_ACTION)
      const paid = await settle(
        api.post(`/store/billing/payments/${plain.data.payment.id}/complete`, { provider_data: { confirmed: true } }, { headers: jane.headers })
      )
      expect([paid.data.payment.status, paid.data.saved_payment_method]).toEqual(["succeeded", undefined])
      expect((await list()).count).toBe(1)
      await expectInvariants(getContainer())
    })

    it("details the provider would refuse: 400 naming the field before anything is reserved; nothing recorded, no email", async () => {
      const invoice = await issue(jane.id, "42.00")
      const refused = await payInvoice(invoice.id, { type: "card", data: { number: "12" } })
      expect([refused.status, refused.data.message]).toEqual([400, "`payment_method.data.number` must be a card number of 4 to 19 digits."])
      expect(await invoicing.listCustomerPayments({ customer_id: jane.id })).toEqual([])
      expect(await invoiceOf(invoice.id)).toMatchObject({ status: "open", amount_pending: 0, amount_due: 42 })
      const bank = await payInvoice(invoice.id, { type: "us_bank_account", data: { account_number: "000123456789", routing_number: "1" } })
      expect([bank.status, bank.data.message]).toEqual([400, expect.stringContaining("routing_number")])
      expect(await invoicing.listCustomerPayments({ customer_id: jane.id })).toEqual([])
      const paid = await payInvoice(invoice.id, CARD_OK)
      expect([paid.status, paid.data.payment?.status]).toEqual([201, "succeeded"])
      await expectInvariants(getContainer())
    })

    it("a saved method pays only for its customer, of its own type, without raw details (400 naming the field)", async () => {
      const mine = await issue(jane.id, "30.00")
      const theirs = await issue(other.id, "20.00")
      const card = (await save(CARD_OK)).data.payment_method
      // Other has an account holder and saved methods of their own, too.
      await save(CARD_OK, other)

      const cases: [Customer, string, Record<string, unknown>, string][] = [
        [other, theirs.id, { type: "card", saved_method_id: card.id }, "payment_method.saved_method_id: no saved payment method with this id"],
        [jane, mine.id, { type: "card", saved_method_id: "pm_sandbox_card_ok_4242_0000" }, "payment_method.saved_method_id: no saved payment method with this id"],
        [
          jane,
          mine.id,
          { type: "us_bank_account", saved_method_id: card.id },
          "payment_method.saved_method_id: the saved payment method is a card, not a us_bank_account",
        ],
        [
          jane,
          mine.id,
          { type: "card", saved_method_id: card.id, data: { number: "4242424242424242" } },
          "payment_method: pass either saved_method_id or data, not both",
        ],
      ]
      for (const [who, invoiceId, method, message] of cases) {
        const res = await payInvoice(invoiceId, method, who)
        expect({ method, status: res.status, message: res.data.message }).toEqual({ method, status: 400, message })
      }
      // Nothing was reserved or charged.
      expect(await invoicing.listCustomerPayments({ customer_id: [jane.id, other.id] })).toEqual([])
      expect(await invoiceOf(mine.id)).toMatchObject({ amount_pending: 0, amount_due: 30 })
    })

    it("Stripe: the customer's Stripe customer, a SetupIntent to confirm, the attached methods listed, paid with and detached", async () => {
      const stripe = fakeStripe()
      process.env.BILLING_PORTAL_OPTIONS = JSON.stringify({
        paymentProviders: { card: "pp_stripe_stripe", us_bank_account: "pp_stripe_stripe" },
      })
      try {
        const invoice = await issue(jane.id, "75.25")
        const setup = await save({ type: "card" })
        expect(setup.status).toBe(201)
        expect(setup.data.payment_method).toEqual({
          id: expect.stringMatching(/^seti_fake_/),
          type: "card",
          provider_id: "pp_stripe_stripe",
          status: "requires_confirmation",
          next_action: { type: "confirm_setup", client_secret: expect.stringMatching(/^seti_fake_\d+_secret_x$/) },
        })
        const [holder] = await holdersOf(jane.id)
        expect(holder).toMatchObject({ provider_id: "pp_stripe_stripe", external_id: expect.stringMatching(/^cus_fake_/) })
        const setupRequest = stripe.requests.find((r) => r.path === "/v1/setup_intents")!
        expect(setupRequest.form).toMatchObject({ customer: holder.external_id, "payment_method_types[0]": "card", usage: "off_session" })

        // Stripe.js confirms the SetupIntent on the client; the card is then on the Stripe customer.
        stripe.confirmSetup(setup.data.payment_method.id, {
          id: "pm_fake_visa",
          object: "payment_method",
          type: "card",
          card: { brand: "visa", last4: "4242", exp_month: 4, exp_year: 2031 },
        })
        expect(await list()).toEqual({
          payment_methods: [
            { id: "pm_fake_visa", type: "card", last4: "4242", brand: "visa", expires: "04/2031", provider_id: "pp_stripe_stripe" },
          ],
          count: 1,
        })
        expect(await list(other)).toEqual({ payment_methods: [], count: 0 })
        expect((await remove("pm_fake_visa", other)).status).toBe(404)

        const paid = await payInvoice(invoice.id, { type: "card", saved_method_id: "pm_fake_visa" })
        expect(paid.status).toBe(201)
        expect(paid.data.payment).toMatchObject({ status: "succeeded", transaction_id: expect.stringMatching(/^pi_fake_/) })
        const intentRequest = stripe.requests.find((r) => r.path === "/v1/payment_intents")!
        expect(intentRequest.form).toMatchObject({
          payment_method: "pm_fake_visa",
          customer: holder.external_id,
          confirm: "true",
          off_session: "false",
          amount: "7525",
        })
        expect(await invoiceOf(invoice.id)).toMatchObject({ status: "paid" })

        const deleted = await remove("pm_fake_visa")
        expect(deleted.data).toMatchObject({ id: "pm_fake_visa", deleted: true })
        expect(stripe.requests.filter((r) => r.path.endsWith("/detach")).map((r) => r.path)).toEqual([
          "/v1/payment_methods/pm_fake_visa/detach",
        ])
        expect(await list()).toEqual({ payment_methods: [], count: 0 })
        // still one Stripe customer for Jane
        expect(stripe.requests.filter((r) => r.path === "/v1/customers")).toHaveLength(1)
        await expectInvariants(getContainer())
      } finally {
        delete process.env.BILLING_PORTAL_OPTIONS
        nock.cleanAll()
      }
    })

    it("Stripe: a payment_method id Stripe does not have is a 400 naming data.payment_method, not a 500; nothing saved", async () => {
      const stripe = fakeStripe()
      process.env.BILLING_PORTAL_OPTIONS = JSON.stringify({
        paymentProviders: { card: "pp_stripe_stripe", us_bank_account: "pp_stripe_stripe" },
      })
      try {
        expect((await save({ type: "card" })).status).toBe(201)
        const [holder] = await holdersOf(jane.id)
        const refused = await save({ type: "card", data: { payment_method: "pm_missing_1" } })
        expect([refused.status, refused.data.message]).toEqual([400, "data.payment_method: Stripe has no payment method with this id"])
        expect(stripe.requests.filter((r) => r.path === "/v1/setup_intents").map((r) => r.form.payment_method)).toEqual([undefined, "pm_missing_1"])
        expect(await list()).toEqual({ payment_methods: [], count: 0 })
        expect(await holdersOf(jane.id)).toEqual([holder])
      } finally {
        delete process.env.BILLING_PORTAL_OPTIONS
        nock.cleanAll()
      }
    })

    it("Stripe: a card detached at Stripe behind the plugin's back: autopay charges nothing and pauses, the portal refuses it with a 400", async () => {
      const stripe = fakeStripe()
      process.env.BILLING_PORTAL_OPTIONS = JSON.stringify({
        paymentProviders: { card: "pp_stripe_stripe", us_bank_account: "pp_stripe_stripe" },
      })
      try {
        await getContainer().resolve<any>(PORTAL_MODULE).updateSettings({ autopay: { allowed: true } })
        const setup = await save({ type: "card" })
        stripe.confirmSetup(setup.data.payment_method.id, {
          id: "pm_fake_gone",
          object: "payment_method",
          type: "card",
          card: { brand: "visa", last4: "4242", exp_month: 4, exp_year: 2031 },
        })
        const enrolled = await settle(api.put("/store/billing/autopay", { payment_method_id: "pm_fake_gone", consent: true }, { headers: jane.headers }))
        expect([enrolled.status, enrolled.data?.message]).toEqual([201, undefined])
        const invoice = await issueServiceInvoice(getContainer(), jane.id, "42.00", -1)
        stripe.detachAtStripe("pm_fake_gone")
        const [holder] = await holdersOf(jane.id)
        const before = stripe.requests.length

        const { result } = await runAutopayWorkflow(getContainer()).run({ input: { trigger: "admin", customer_id: jane.id, now: new Date() } })
        expect(result.run).toMatchObject({ charged: 0, failed: 1 })
        expect(result.results[0]).toMatchObject({ result: "failed", reason: "payment_method_unavailable" })
        // the enrolled method is charged without listing first; Stripe refuses it;
        // then, and only then, the holder's methods are listed once to tell a gone method from a hiccup
        expect(stripe.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual([
          "POST /v1/payment_intents",
          `GET /v1/customers/${holder.external_id}/payment_methods`,
          // nothing for the payment at Stripe (its create could have been made before the method went)
          "GET /v1/payment_intents",
        ])
        expect(stripe.requests[before].form).toMatchObject({ payment_method: "pm_fake_gone", customer: holder.external_id, off_session: "true", confirm: "true" })
        const [failed] = await invoicing.listCustomerPayments({ customer_id: jane.id })
        expect(failed).toMatchObject({ status: "failed", failure_reason: "payment_method_unavailable", provider_id: "pp_stripe_stripe", source: "autopay" })
        // nothing is left at the Payment Module: no live session, no payment
        const sessions = await sql(
          `SELECT ps.status FROM payment_session ps JOIN payment_collection pc ON pc.id = ps.payment_collection_id
           WHERE pc.id = ? AND ps.deleted_at IS NULL`,
          [failed.payment_collection_id]
        )
        expect(sessions).toEqual([])
        expect(await sql(`SELECT id FROM payment WHERE payment_collection_id = ?`, [failed.payment_collection_id])).toEqual([])
        const autopay = getContainer().resolve<any>(AUTOPAY_MODULE)
        const [paused] = await autopay.listAutopayEnrollments({ customer_id: jane.id })
        expect(paused).toMatchObject({ status: "paused", pause_reason: "the saved payment method is no longer available" })
        const [attempt] = await autopay.listAutopayAttempts({ customer_id: jane.id })
        expect(attempt).toMatchObject({ status: "failed", failure_reason: "not_charged: payment_method_unavailable", next_retry_at: null })
        expect(await invoiceOf(invoice.id)).toMatchObject({ status: "open", amount_pending: 0, amount_due: 42 })

        // In the portal the card is gone from the list, and paying with it is a 400 naming the field.
        expect(await list()).toEqual({ payment_methods: [], count: 0 })
        const refused = await payInvoice(invoice.id, { type: "card", saved_method_id: "pm_fake_gone" })
        expect(refused.status).toBe(400)
        expect(refused.data.message).toMatch(/^payment_method\.saved_method_id: /)
        expect(await invoicing.listCustomerPayments({ customer_id: jane.id })).toHaveLength(1)
        await expectInvariants(getContainer())
      } finally {
        delete process.env.BILLING_PORTAL_OPTIONS
        nock.cleanAll()
      }
    })

    describe("Stripe answers 500 while creating the PaymentIntent of a saved card (an api_error: it may or may not exist)", () => {
      const reconcile = (minutesLater: number) =>
        reconcileCustomerPaymentsWorkflow(getContainer()).run({
          input: { now: new Date(Date.now() + minutesLater * 60_000), stale_after_minutes: 5, abandon_after_minutes: 60 },
        })
      const SAVED = {
        card: { id: "pm_fake_visa", object: "payment_method", type: "card", card: { brand: "visa", last4: "4242", exp_month: 4, exp_year: 2031 } },
        us_bank_account: {
          id: "pm_fake_bank",
          object: "payment_method",
          type: "us_bank_account",
          us_bank_account: { bank_name: "STRIPE TEST BANK", last4: "6789" },
        },
      }
      /**
       * Jane pays an invoice with a method saved at Stripe, and Stripe answers the
       * PaymentIntent's creation with a 500: after creating it (confirmed: a card's
       * authorization, a bank debit processing), or without creating anything.
       */
      const payThroughA500 = async (
        fault: "intentCreatedThen500" | "declinedThen500" | "noIntentThen500" = "intentCreatedThen500",
        type: keyof typeof SAVED = "card"
      ) => {
        const stripe = fakeStripe()
        const setup = await save({ type })
        stripe.confirmSetup(setup.data.payment_method.id, SAVED[type])
        const invoice = await issue(jane.id, "42.00")
        stripe.faults[fault] = true
        const paid = await payInvoice(invoice.id, { type, saved_method_id: SAVED[type].id })
        stripe.faults[fault] = false
        // Nothing is known: the payment waits, its invoice reserved, nothing recorded as paid.
        expect([paid.status, paid.data.payment?.status, paid.data.payment?.transaction_id]).toEqual([201, "pending", null])
        expect(await invoiceOf(invoice.id)).toMatchObject({ status: "open", amount_pending: 42 })
        return { stripe, invoice, payment_id: paid.data.payment.id as string }
      }
      beforeEach(() => {
        process.env.BILLING_PORTAL_OPTIONS = JSON.stringify({
          paymentProviders: { card: "pp_stripe_stripe", us_bank_account: "pp_stripe_stripe" },
        })
      })
      afterEach(() => {
        delete process.env.BILLING_PORTAL_OPTIONS
        nock.cleanAll()
      })

      it("the reconciler finds the intent at Stripe by the session it names, adopts it once it checks out, and completes it: charged once", async () => {
        const { stripe, invoice, payment_id } = await payThroughA500()
        // One intent holds the authorization (the SDK's retries got the same 500 back)
        const [intent, ...others] = [...stripe.intents.values()]
        expect([intent.status, others]).toEqual(["requires_capture", []])

        // Young pending payments are left to the client.
        expect((await reconcile(10)).result).toMatchObject({ succeeded: 0, expired: 0 })
        // What Stripe holds for the session must be this payment's: not adopted, and the payment waits.
        intent.amount = 1
        expect((await reconcile(61)).result).toMatchObject({ succeeded: 0, expired: 0 })
        expect(await invoicing.retrieveCustomerPayment(payment_id)).toMatchObject({ status: "pending", provider_reference: null })
        intent.amount = 4200

        const listed = stripe.requests.length
        expect((await reconcile(62)).result).toMatchObject({ succeeded: 1, expired: 0 })
        const list = stripe.requests.slice(listed).find((r) => r.method === "GET" && r.path === "/v1/payment_intents")
        expect(list).toBeDefined()
        expect(await invoicing.retrieveCustomerPayment(payment_id)).toMatchObject({
          status: "succeeded",
          transaction_id: intent.id,
          provider_reference: intent.id,
        })
        expect(await invoiceOf(invoice.id)).toMatchObject({ status: "paid", amount_pending: 0, amount_paid: 42 })
        expect(stripe.requests.filter((r) => r.path.endsWith("/capture")).map((r) => r.path)).toEqual([`/v1/payment_intents/${intent.id}/capture`])
        expect((await reconcile(120)).result).toMatchObject({ succeeded: 0, expired: 0, late_captures: 0 })
        await expectInvariants(getContainer())
      })

      it("a store that captures automatically: the intent Stripe already charged is recorded as paid, not captured again", async () => {
        const { stripe, invoice, payment_id } = await payThroughA500()
        const [intent] = [...stripe.intents.values()]
        Object.assign(intent, { status: "succeeded", amount_received: intent.amount })
        expect((await reconcile(61)).result).toMatchObject({ succeeded: 1, expired: 0 })
        expect(await invoicing.retrieveCustomerPayment(payment_id)).toMatchObject({ status: "succeeded", transaction_id: intent.id })
        expect(await invoiceOf(invoice.id)).toMatchObject({ status: "paid", amount_paid: 42 })
        expect(stripe.requests.filter((r) => r.path.endsWith("/capture"))).toEqual([])
        await expectInvariants(getContainer())
      })

      it("a saved bank account: Stripe's processing webhook names the session; the reconciler finds the debit at Stripe and records it once it settles", async () => {
        deliverPaymentWebhooksPromptly(getContainer())
        const { stripe, invoice, payment_id } = await payThroughA500("intentCreatedThen500", "us_bank_account")
        const [intent] = [...stripe.intents.values()]
        expect(intent.status).toBe("processing")

        // Stripe says the debit is on its way (to Medusa's webhook route, signed)
        const payload = JSON.stringify({
          id: "evt_lost_processing",
          object: "event",
          type: "payment_intent.processing",
          created: Math.floor(Date.now() / 1000),
          data: { object: { ...intent, payment_method: { id: "pm_fake_bank", type: "us_bank_account" } } },
        })
        const signature = new Stripe("sk_test_x").webhooks.generateTestHeaderString({ payload, secret: STRIPE_WEBHOOK_SECRET })
        const hook = await api.post("/hooks/payment/stripe_stripe", payload, {
          headers: { "content-type": "application/json", "stripe-signature": signature },
        })
        expect(hook.status).toBe(200)
        const processing = await eventually(
          () => invoicing.retrieveCustomerPayment(payment_id),
          (p: any) => p.status === "processing"
        )
        expect(processing.status).toBe("processing")
        // its settlement is normally on its way: the admin cannot check it with Stripe for an hour
        const early = await api.post(`/admin/billing/payments/${payment_id}/reconcile`, {}, admin).catch((e) => e.response)
        expect([early.status, early.data.message]).toEqual([
          400,
          expect.stringMatching(/^This bank payment has been processing for less than 60 minutes and its settlement is normally on its way; it can be checked with the provider from /),
        ])

        // Not found at Stripe yet (it may still report it): the payment waits, and the admin is told why
        stripe.intents.delete(intent.id)
        expect((await reconcile(61)).result).toMatchObject({ succeeded: 0, failed: 0 })
        expect((await needingAttention()).map((p: any) => [p.id, p.status, p.attention])).toEqual([
          [payment_id, "processing", expect.stringMatching(/^The provider reported this bank payment processing, but .* is not found at the provider yet; /)],
        ])
        stripe.intents.set(intent.id, intent)
        // Still on its way: found and adopted, nothing recorded yet, nothing left to explain
        expect((await reconcile(62)).result).toMatchObject({ succeeded: 0, failed: 0 })
        expect(await needingAttention()).toEqual([])
        expect(await invoicing.retrieveCustomerPayment(payment_id)).toMatchObject({ status: "processing", provider_reference: intent.id })
        // Settled days later, its webhook lost: the reconciler reads it from Stripe
        Object.assign(intent, { status: "succeeded", amount_received: intent.amount })
        expect((await reconcile(3 * 24 * 60)).result).toMatchObject({ succeeded: 1 })
        expect(await invoicing.retrieveCustomerPayment(payment_id)).toMatchObject({ status: "succeeded", transaction_id: intent.id })
        expect(await invoiceOf(invoice.id)).toMatchObject({ status: "paid", amount_paid: 42 })
        await expectInvariants(getContainer())
      })

      it("a declined card: the intent found at Stripe is canceled there and the payment fails with the bank's reason, not expired", async () => {
        const { stripe, invoice, payment_id } = await payThroughA500("declinedThen500")
        const [intent] = [...stripe.intents.values()]
        expect([intent.status, intent.metadata.billing_payment_id]).toEqual(["requires_payment_method", payment_id])
        expect((await reconcile(61)).result).toMatchObject({ succeeded: 0, failed: 1, expired: 0 })
        expect(await invoicing.retrieveCustomerPayment(payment_id)).toMatchObject({
          status: "failed",
          failure_reason: "insufficient_funds",
          provider_reference: intent.id,
        })
        expect(stripe.requests.filter((r) => r.path.endsWith("/cancel")).map((r) => r.path)).toEqual([`/v1/payment_intents/${intent.id}/cancel`])
        expect(await invoiceOf(invoice.id)).toMatchObject({ status: "open", amount_pending: 0, amount_due: 42 })
        await expectInvariants(getContainer())
      })

      it("a declined card whose cancel fails once: the run that adopted the intent waits, and the next still fails the payment with the bank's reason", async () => {
        const { stripe, invoice, payment_id } = await payThroughA500("declinedThen500")
        const [intent] = [...stripe.intents.values()]
        stripe.faults.cancelFails = true
        expect((await reconcile(61)).result).toMatchObject({ succeeded: 0, failed: 0, expired: 0 })
        expect(await invoicing.retrieveCustomerPayment(payment_id)).toMatchObject({ status: "pending", provider_reference: intent.id })
        expect((await needingAttention()).map((p: any) => p.attention)).toEqual([expect.stringMatching(/^This abandoned payment could not be completed or canceled at the provider: /)])
        stripe.faults.cancelFails = false
        // the session now knows the intent (adopted by the run before): its decline still counts
        expect((await reconcile(66)).result).toMatchObject({ succeeded: 0, failed: 1, expired: 0 })
        expect(await invoicing.retrieveCustomerPayment(payment_id)).toMatchObject({ status: "failed", failure_reason: "insufficient_funds" })
        expect(intent.status).toBe("canceled")
        expect(await needingAttention()).toEqual([])
        expect(await invoiceOf(invoice.id)).toMatchObject({ status: "open", amount_pending: 0, amount_due: 42 })
        await expectInvariants(getContainer())
      })

      /** Jane's card saved at Stripe, and an invoice of 42.00 to pay with it. */
      const janeWithSavedCard = async () => {
        const stripe = fakeStripe()
        const setup = await save({ type: "card" })
        stripe.confirmSetup(setup.data.payment_method.id, SAVED.card)
        return { stripe, invoice: await issue(jane.id, "42.00") }
      }

      /**
       * Jane pays with her saved card; Stripe creates and authorizes the intent,
       * and none of its answers arrive (every retry of the SDK and of Medusa's
       * provider, with the same idempotency key, is lost): Medusa's provider
       * throws and the Payment Module deletes the session it had started.
       */
      const payWhileStripeUnreachable = async () => {
        const { stripe, invoice } = await janeWithSavedCard()
        stripe.faults.intentCreatedThenUnreachable = true
        const paid = await payInvoice(invoice.id, { type: "card", saved_method_id: SAVED.card.id })
        stripe.faults.intentCreatedThenUnreachable = false
        const [payment, ...more] = await sql(
          `SELECT id, status, payment_collection_id FROM customer_payment WHERE customer_id = ? AND deleted_at IS NULL`,
          [jane.id]
        )
        expect(more).toEqual([])
        // Not known: the customer is told it is pending, the invoice stays reserved, the session is gone.
        expect([paid.status, paid.data.payment?.id, paid.data.payment?.status, payment.status]).toEqual([201, payment.id, "pending", "pending"])
        expect(await invoiceOf(invoice.id)).toMatchObject({ status: "open", amount_pending: 42 })
        const sessions = await sql(`SELECT id FROM payment_session WHERE payment_collection_id = ? AND deleted_at IS NULL`, [
          payment.payment_collection_id,
        ])
        expect(sessions).toEqual([])
        // Stripe created one intent, naming the payment, and holds the authorization
        const [intent, ...others] = [...stripe.intents.values()]
        expect([intent.status, intent.metadata.billing_payment_id, others]).toEqual(["requires_capture", payment.id, []])
        return { stripe, invoice, intent, payment_id: payment.id as string }
      }

      it("Stripe unreachable after authorizing: the reconciler finds the intent by the payment it names and releases the authorization; the invoice is payable again", async () => {
        const { stripe, invoice, intent, payment_id } = await payWhileStripeUnreachable()
        // Stripe cannot be asked: the payment waits
        stripe.faults.listFails = true
        expect((await reconcile(61)).result).toMatchObject({ succeeded: 0, expired: 0 })
        expect(await invoicing.retrieveCustomerPayment(payment_id)).toMatchObject({ status: "pending" })
        stripe.faults.listFails = false

        expect((await reconcile(62)).result).toMatchObject({ succeeded: 0, failed: 0, expired: 1 })
        expect(intent.status).toBe("canceled")
        expect(stripe.requests.filter((r) => r.path.endsWith("/capture"))).toEqual([])
        expect(await invoicing.retrieveCustomerPayment(payment_id)).toMatchObject({
          status: "canceled",
          failure_reason: "expired",
          provider_reference: intent.id,
        })
        expect(await invoiceOf(invoice.id)).toMatchObject({ status: "open", amount_pending: 0, amount_due: 42 })
        const again = await payInvoice(invoice.id, { type: "card", saved_method_id: SAVED.card.id })
        expect([again.status, again.data.payment?.status]).toEqual([201, "succeeded"])
        expect(await invoiceOf(invoice.id)).toMatchObject({ status: "paid", amount_paid: 42 })
        await expectInvariants(getContainer())
      })

      it("Stripe unreachable while the card is removed at Stripe: the authorization Stripe made before it went is canceled, then the payment fails as the method is gone", async () => {
        const { stripe, invoice } = await janeWithSavedCard()
        stripe.faults.intentCreatedThenUnreachable = true
        stripe.hooks.afterIntentCreated = () => stripe.detachAtStripe(SAVED.card.id)
        const paid = await payInvoice(invoice.id, { type: "card", saved_method_id: SAVED.card.id })
        stripe.faults.intentCreatedThenUnreachable = false
        delete stripe.hooks.afterIntentCreated
        const [intent, ...others] = [...stripe.intents.values()]
        expect([paid.status, paid.data.payment?.status, paid.data.payment?.failure_reason]).toEqual([201, "failed", "payment_method_unavailable"])
        expect([intent.status, intent.metadata.billing_payment_id, others]).toEqual(["canceled", paid.data.payment.id, []])
        expect(stripe.requests.filter((r) => r.path.endsWith("/capture"))).toEqual([])
        expect(await invoiceOf(invoice.id)).toMatchObject({ status: "open", amount_pending: 0, amount_due: 42 })
        await expectInvariants(getContainer())
      })

      it("Stripe refuses a saved card's charge outright (a 400, the card still Jane's): the payment fails at once, nothing charged, the invoice payable again", async () => {
        const { stripe, invoice } = await janeWithSavedCard()
        stripe.faults.refuseCreate = true
        const paid = await payInvoice(invoice.id, { type: "card", saved_method_id: SAVED.card.id })
        stripe.faults.refuseCreate = false
        // not an hour pending with the invoice reserved: Stripe answered, and made nothing
        expect([paid.status, paid.data.payment?.status, paid.data.payment?.failure_reason]).toEqual([201, "failed", "provider_error"])
        expect([...stripe.intents.values()]).toEqual([])
        // an earlier request for the payment could have reached Stripe: it was looked for first
        expect(stripe.requests.filter((r) => r.method === "GET" && r.path === "/v1/payment_intents")).toHaveLength(1)
        expect(await invoiceOf(invoice.id)).toMatchObject({ status: "open", amount_pending: 0, amount_due: 42 })
        expect(await needingAttention()).toEqual([])
        // the card itself is fine: paid with it again
        const again = await payInvoice(invoice.id, { type: "card", saved_method_id: SAVED.card.id })
        expect([again.status, again.data.payment?.status]).toEqual([201, "succeeded"])
        await expectInvariants(getContainer())
      })

      it("Stripe rate-limits the PaymentIntent (429): the retry's answer counts, not the first; 429 to every retry is no refusal, the payment waits", async () => {
        const { stripe, invoice } = await janeWithSavedCard()
        const creates = () => stripe.requests.filter((r) => r.method === "POST" && r.path === "/v1/payment_intents").length
        // the first answer a 429, Medusa's provider tries again and Stripe makes the intent
        stripe.faults.rateLimitCreates = 1
        const paid = await payInvoice(invoice.id, { type: "card", saved_method_id: SAVED.card.id })
        expect([paid.status, paid.data.payment?.status, creates()]).toEqual([201, "succeeded", 2])
        expect([...stripe.intents.values()].map((i) => i.status)).toEqual(["succeeded"])
        // every try answered 429: Stripe processed none of them, but that is not the refusal the
        // payment fails on at once; it waits for the reconciler, its invoice held
        const second = await issue(jane.id, "17.00")
        stripe.faults.rateLimitCreates = 99
        const waiting = await payInvoice(second.id, { type: "card", saved_method_id: SAVED.card.id })
        stripe.faults.rateLimitCreates = 0
        expect([waiting.status, waiting.data.payment?.status, waiting.data.payment?.failure_reason, creates()]).toEqual([201, "pending", null, 6])
        expect(await invoiceOf(second.id)).toMatchObject({ status: "open", amount_pending: 17 })
        expect(stripe.intents.size).toBe(1)
        await expectInvariants(getContainer())
      })

      it("Stripe unreachable while the card is removed at Stripe, the intent not made yet: the payment waits, and the reconciler releases the authorization Stripe made after all", async () => {
        const { stripe, invoice } = await janeWithSavedCard()
        // Stripe is still making the intent when the answers are lost, and the card goes meanwhile
        let late: Record<string, any> | undefined
        stripe.faults.intentCreatedThenUnreachable = true
        stripe.hooks.afterIntentCreated = () => {
          late ??= [...stripe.intents.values()][0]
          stripe.intents.delete(late.id)
          stripe.detachAtStripe(SAVED.card.id)
        }
        const paid = await payInvoice(invoice.id, { type: "card", saved_method_id: SAVED.card.id })
        stripe.faults.intentCreatedThenUnreachable = false
        delete stripe.hooks.afterIntentCreated
        // nothing found at once, and nothing answered: it may still be on its way, so the payment is not failed
        expect([paid.status, paid.data.payment?.status]).toEqual([201, "pending"])
        expect(await invoiceOf(invoice.id)).toMatchObject({ status: "open", amount_pending: 42 })
        // Stripe finishes it: an authorization naming the payment
        stripe.intents.set(late!.id, late!)
        expect([late!.status, late!.metadata.billing_payment_id]).toEqual(["requires_capture", paid.data.payment.id])
        expect((await reconcile(61)).result).toMatchObject({ succeeded: 0, failed: 1 })
        expect(late!.status).toBe("canceled")
        expect(stripe.requests.filter((r) => r.path.endsWith("/capture"))).toEqual([])
        // ended as the charge would have ended it had Stripe answered: the method is gone (autopay pauses on this)
        expect(await invoicing.retrieveCustomerPayment(paid.data.payment.id)).toMatchObject({
          status: "failed",
          failure_reason: "payment_method_unavailable",
          provider_reference: late!.id,
        })
        expect(await invoiceOf(invoice.id)).toMatchObject({ status: "open", amount_pending: 0, amount_due: 42 })
        await expectInvariants(getContainer())
      })

      it("Stripe unreachable, and the card declined: the intent found by its payment is canceled and the payment fails with the bank's reason", async () => {
        const { stripe, invoice, intent, payment_id } = await payWhileStripeUnreachable()
        Object.assign(intent, {
          status: "requires_payment_method",
          last_payment_error: { type: "card_error", code: "card_declined", decline_code: "insufficient_funds" },
        })
        expect((await reconcile(61)).result).toMatchObject({ succeeded: 0, failed: 1, expired: 0 })
        expect([intent.status, stripe.refunds]).toEqual(["canceled", []])
        expect(await invoicing.retrieveCustomerPayment(payment_id)).toMatchObject({ status: "failed", failure_reason: "insufficient_funds" })
        expect(await invoiceOf(invoice.id)).toMatchObject({ status: "open", amount_pending: 0, amount_due: 42 })
        await expectInvariants(getContainer())
      })

      it("Stripe unreachable, and the store captures automatically: the money Stripe took without a record is refunded in full, once", async () => {
        const { stripe, invoice, intent, payment_id } = await payWhileStripeUnreachable()
        Object.assign(intent, { status: "succeeded", amount_received: intent.amount })
        // The refund fails: the payment waits, its invoice still reserved, and the admin is shown why
        stripe.faults.refundFails = true
        expect((await reconcile(61)).result).toMatchObject({ succeeded: 0, expired: 0 })
        expect(await invoicing.retrieveCustomerPayment(payment_id)).toMatchObject({ status: "pending" })
        expect(await invoiceOf(invoice.id)).toMatchObject({ amount_pending: 42 })
        const flagged = await needingAttention()
        expect(flagged.map((p: any) => [p.id, p.status])).toEqual([[payment_id, "pending"]])
        expect(flagged[0].attention).toMatch(/^What the provider may hold for this payment .* could not be read or undone: .*refundPayment/)
        // the other side of the filter leaves it out (it is the suite's only payment)
        expect((await api.get("/admin/billing/payments", admin)).data.payments.map((p: any) => p.id)).toEqual([payment_id])
        expect((await api.get("/admin/billing/payments?attention=false", admin)).data).toMatchObject({ payments: [], count: 0 })
        const detail = (await api.get(`/admin/billing/payments/${payment_id}`, admin)).data.payment
        expect([detail.attention, detail.attention_since]).toEqual([flagged[0].attention, expect.any(String)])
        // never in the customer's answer (it quotes the provider)
        expect((await api.get(`/store/billing/payments/${payment_id}`, { headers: jane.headers })).data.payment).not.toHaveProperty("attention")
        // the next failing run keeps when the problem began
        expect((await reconcile(66)).result).toMatchObject({ expired: 0 })
        expect((await needingAttention())[0].attention_since).toBe(flagged[0].attention_since)
        stripe.faults.refundFails = false
        expect((await reconcile(71)).result).toMatchObject({ succeeded: 0, expired: 1 })
        expect(await needingAttention()).toEqual([])
        expect(stripe.refunds.map((r) => [r.payment_intent, r.amount])).toEqual([[intent.id, "4200"]])
        // every try under the one key: Stripe would replay a refund already made, never make a second
        expect(new Set(stripe.refundKeys)).toEqual(new Set([`${payment_id}:refund`]))
        expect(await invoicing.retrieveCustomerPayment(payment_id)).toMatchObject({ status: "canceled", provider_reference: intent.id })
        expect(await invoiceOf(invoice.id)).toMatchObject({ status: "open", amount_pending: 0, amount_due: 42 })
        expect((await reconcile(120)).result).toMatchObject({ succeeded: 0, expired: 0, late_captures: 0 })
        expect(stripe.refunds).toHaveLength(1)
        await expectInvariants(getContainer())
      })

      it("the admin checks a stuck payment with the provider now: not while it may be in progress, the reason while Stripe refuses, never beside a run, settled once Stripe lets it", async () => {
        const { stripe, invoice, intent, payment_id } = await payWhileStripeUnreachable()
        Object.assign(intent, { status: "succeeded", amount_received: intent.amount })
        stripe.faults.refundFails = true
        const check = (id = payment_id) => api.post(`/admin/billing/payments/${id}/reconcile`, {}, admin).catch((e) => e.response)
        // the request that made it, or the customer's browser, may still be finishing it
        const young = await check()
        expect([young.status, young.data.message]).toEqual([
          400,
          expect.stringMatching(/^This payment started less than 5 minutes ago and may still be in progress; it can be checked with the provider from \d{4}-/),
        ])
        expect(stripe.requests.filter((r) => r.path.includes("/refunds"))).toEqual([])
        // a second payment of Jane's stuck the same way, to be left alone by every check of the first
        const second = await issue(jane.id, "17.00")
        stripe.faults.intentCreatedThenUnreachable = true
        const secondPaid = await payInvoice(second.id, { type: "card", saved_method_id: SAVED.card.id })
        stripe.faults.intentCreatedThenUnreachable = false
        const secondIntent = [...stripe.intents.values()].find((i) => i.metadata.billing_payment_id === secondPaid.data.payment.id)!
        expect(secondIntent.status).toBe("requires_capture")
        const touchingSecond = () => stripe.requests.filter((r) => r.path.includes(secondIntent.id) || r.form.payment_intent === secondIntent.id)
        // an hour later (abandoned): the check does what a run would, and Stripe refuses the refund
        await sql(`UPDATE customer_payment SET created_at = created_at - interval '61 minutes' WHERE customer_id = ?`, [jane.id])
        const refused = await check()
        expect([refused.status, refused.data.changed, refused.data.payment.status]).toEqual([200, false, "pending"])
        expect(refused.data.payment.attention).toMatch(/^What the provider may hold for this payment .* could not be read or undone: .*refundPayment/)
        expect((await needingAttention()).map((p: any) => p.id)).toEqual([payment_id])
        // a check while a lock is held: its answer
        const checkWhile = async (hold: (job: () => Promise<void>) => Promise<unknown>) => {
          let answer: any
          await hold(async () => {
            answer = await check()
          })
          return [answer.status, answer.data]
        }
        // a reconciler run that holds the lock longer than the check waits: 409, in words, and nothing done
        const refundTries = stripe.refundKeys.length
        process.env.BILLING_RECONCILE_CHECK_WAIT_SECONDS = "1"
        try {
          expect(await checkWhile((job) => withSharedLock(getContainer(), RECONCILE_LOCK_KEY, job))).toEqual([
            409,
            { type: "conflict", message: "Billing is checking payments with their providers right now; try again in a minute" },
          ])
        } finally {
          delete process.env.BILLING_RECONCILE_CHECK_WAIT_SECONDS
        }
        // the customer's completion holds the payment (its lock): 409, in words, and nothing done
        expect(await checkWhile((job) => withPaymentLock(getContainer(), payment_id, job))).toEqual([
          409,
          { type: "conflict", message: "This payment is being completed right now; check it again in a moment" },
        ])
        expect(stripe.refundKeys).toHaveLength(refundTries)
        // Stripe lets it now; a reconciler run holds the lock: the check waits for it, then settles the payment
        stripe.faults.refundFails = false
        const order: string[] = []
        let checked: Promise<any> = Promise.resolve()
        await withSharedLock(getContainer(), RECONCILE_LOCK_KEY, async () => {
          checked = check().then((res) => (order.push("check answered"), res))
          await new Promise((resolve) => setTimeout(resolve, 1_500))
          order.push("run done")
        })
        const settled = await checked
        // (the check once answered first, 400 "this one is canceled": the wall clock's scheduled reconciler run had
        // settled the payment; the http layer runs no scheduled reconciler since, and the answer stays in the message)
        expect({ order, answer: order[0] === "run done" ? "waited" : [settled.status, settled.data] }).toEqual({
          order: ["run done", "check answered"],
          answer: "waited",
        })
        expect([settled.status, settled.data.changed, settled.data.payment]).toEqual([
          200,
          true,
          expect.objectContaining({ id: payment_id, status: "canceled", failure_reason: "expired", attention: null, attention_since: null }),
        ])
        expect(stripe.refunds.map((r) => [r.payment_intent, r.amount])).toEqual([[intent.id, "4200"]])
        expect(await needingAttention()).toEqual([])
        expect(await invoiceOf(invoice.id)).toMatchObject({ status: "open", amount_pending: 0, amount_due: 42 })
        // the other stuck payment was not looked at: still pending, its invoice reserved, nothing asked of Stripe about it
        expect(await invoicing.retrieveCustomerPayment(secondPaid.data.payment.id)).toMatchObject({ status: "pending", attention: null })
        expect(await invoiceOf(second.id)).toMatchObject({ status: "open", amount_pending: 17 })
        expect([secondIntent.status, touchingSecond()]).toEqual(["requires_capture", []])
        // settled: nothing more to check; an unknown id is 404; a body is refused
        const again = await check()
        expect([again.status, again.data.message]).toEqual([400, "Only a pending or processing payment can be checked with the provider; this one is canceled"])
        expect((await check("cpay_unknown")).status).toBe(404)
        const body = await api.post(`/admin/billing/payments/${payment_id}/reconcile`, { force: true }, admin).catch((e) => e.response)
        expect(body.status).toBe(400)
        expect(stripe.refunds).toHaveLength(1)
        await expectInvariants(getContainer())
      })

      it("Stripe unreachable for a card the customer's browser confirms: nothing can take money, so the payment fails at once (no 500) and the invoice is payable again", async () => {
        const stripe = fakeStripe()
        const invoice = await issue(jane.id, "42.00")
        stripe.faults.intentCreatedThenUnreachable = true
        const paid = await payInvoice(invoice.id, { type: "card" })
        stripe.faults.intentCreatedThenUnreachable = false
        expect([paid.status, paid.data.payment?.status, paid.data.payment?.failure_reason, paid.data.payment?.next_action ?? null]).toEqual([
          201,
          "failed",
          "provider_error",
          null,
        ])
        // Stripe made an intent nobody can confirm: no client ever received its secret
        expect([...stripe.intents.values()].map((i) => [i.status, i.customer ?? null])).toEqual([["requires_payment_method", null]])
        expect(await invoiceOf(invoice.id)).toMatchObject({ status: "open", amount_pending: 0, amount_due: 42 })
        // a new bank account likewise; the page said so, and no "bank payment failed" email follows
        stripe.faults.intentCreatedThenUnreachable = true
        const bank = await payInvoice(invoice.id, { type: "us_bank_account" })
        stripe.faults.intentCreatedThenUnreachable = false
        expect([bank.status, bank.data.payment?.status, bank.data.payment?.failure_reason]).toEqual([201, "failed", "provider_error"])
        const again = await payInvoice(invoice.id, { type: "card" })
        expect([again.status, again.data.payment?.status, again.data.payment?.next_action?.type]).toEqual([201, "pending", "confirm"])
        await new Promise((resolve) => setTimeout(resolve, 1000)) // the failure events' subscribers
        const notifications = getContainer().resolve(Modules.NOTIFICATION)
        expect(await notifications.listNotifications({ to: "jane@test.dev", template: "billing.ach_failed" } as any)).toEqual([])
        await expectInvariants(getContainer())
      })

      it("Stripe created nothing: the payment waits while Stripe cannot be asked, is looked for again for a day, then expires and its invoice is payable again", async () => {
        const { stripe, invoice, payment_id } = await payThroughA500("noIntentThen500")
        expect(stripe.intents.size).toBe(0)

        stripe.faults.listFails = true
        expect((await reconcile(61)).result).toMatchObject({ succeeded: 0, expired: 0 })
        expect(await invoicing.retrieveCustomerPayment(payment_id)).toMatchObject({ status: "pending" })
        expect((await needingAttention()).map((p: any) => [p.id, p.attention])).toEqual([
          [payment_id, expect.stringMatching(/^The provider's object for this payment .* could not be found or checked: /)],
        ])
        stripe.faults.listFails = false

        // Not there: asked again every run for a day (Stripe may still report an intent its 500 made)
        const listings = () => stripe.requests.filter((r) => r.method === "GET" && r.path === "/v1/payment_intents").length
        const before = listings()
        expect((await reconcile(62)).result).toMatchObject({ succeeded: 0, expired: 0 })
        expect((await reconcile(23 * 60)).result).toMatchObject({ succeeded: 0, expired: 0 })
        expect(listings()).toBe(before + 2)
        // the admin is told it is looked for, and until when
        const { created_at } = await invoicing.retrieveCustomerPayment(payment_id)
        const until = new Date(new Date(created_at).getTime() + 24 * 60 * 60_000).toISOString()
        expect((await needingAttention()).map((p: any) => p.attention)).toEqual([expect.stringContaining(`looked for on every run until ${until}`)])
        expect((await reconcile(24 * 60 + 1)).result).toMatchObject({ succeeded: 0, expired: 1 })
        expect(await needingAttention()).toEqual([])
        expect(await invoicing.retrieveCustomerPayment(payment_id)).toMatchObject({ status: "canceled", failure_reason: "expired" })
        expect(await invoiceOf(invoice.id)).toMatchObject({ status: "open", amount_pending: 0, amount_due: 42 })
        // and it can be paid again
        const again = await payInvoice(invoice.id, { type: "card", saved_method_id: "pm_fake_visa" })
        expect([again.status, again.data.payment?.status]).toEqual([201, "succeeded"])
        expect(await invoiceOf(invoice.id)).toMatchObject({ status: "paid" })
        await expectInvariants(getContainer())
      })
    })

    it("answers 401 without a login and 403 when the payment methods tab is off", async () => {
      const key = jane.headers["x-publishable-api-key"]
      for (const res of [
        await settle(api.get("/store/billing/payment-methods", { headers: { "x-publishable-api-key": key } })),
        await settle(api.post("/store/billing/payment-methods", CARD_OK, { headers: { "x-publishable-api-key": key } })),
        await settle(api.delete("/store/billing/payment-methods/pm_x", { headers: { "x-publishable-api-key": key } })),
      ]) {
        expect(res.status).toBe(401)
      }
      const card = (await save(CARD_OK)).data.payment_method
      const portal = getContainer().resolve<any>(PORTAL_MODULE)
      await portal.updateSettings({ tabs: { payment_methods: false } })
      try {
        for (const res of [await settle(api.get("/store/billing/payment-methods", { headers: jane.headers })), await save(ACH_OK), await remove(card.id)]) {
          expect(res.status).toBe(403)
          expect(res.data).toEqual({ type: "not_allowed", message: "The Payment methods section of the billing portal is disabled" })
        }
      } finally {
        await portal.updateSettings({ tabs: { payment_methods: true } })
      }
      expect((await list()).payment_methods.map((m: any) => m.id)).toEqual([card.id])
    })
  },
})
