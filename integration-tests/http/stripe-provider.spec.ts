import Stripe from "stripe"
import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { INVOICING_MODULE } from "../../src/modules/invoicing"
import type InvoicingModuleService from "../../src/modules/invoicing/service"
import { createLoggedInCustomer, deliverPaymentWebhooksPromptly, createPublishableKey, setStoreCurrencies, settle, eventually, expectInvariants as expectAllInvariants } from "../helpers"

jest.setTimeout(120_000)

// Medusa's own Stripe provider and the real `stripe` SDK, with Stripe's HTTP
// API answered in-process by nock: nothing leaves the machine.
const STRIPE_WEBHOOK_SECRET = "whsec_stripe_provider_test"
const savedEnv = { ...process.env }
process.env.STRIPE_API_KEY = "sk_test_offline_billing_portal"
process.env.STRIPE_WEBHOOK_SECRET = STRIPE_WEBHOOK_SECRET
process.env.BILLING_PORTAL_OPTIONS = JSON.stringify({
  paymentProviders: { card: "pp_stripe_stripe", us_bank_account: "pp_stripe_stripe" },
  stripe: { webhookSecret: STRIPE_WEBHOOK_SECRET },
})

type FakeIntent = Record<string, any>

// nock patches Node's HTTP stack when it is loaded; loading it only after the
// app has booted keeps the boot itself untouched.
let nock: typeof import("nock")

/** Just enough of Stripe's API for the payment flow, kept in memory. */
function fakeStripe() {
  const intents = new Map<string, FakeIntent>()
  const requests: string[] = []
  let counter = 0
  const form = (body: string) => Object.fromEntries(new URLSearchParams(body))
  const scope = nock("https://api.stripe.com")
    .persist()
    .post("/v1/customers")
    .reply(200, (_, body) => {
      requests.push("POST /v1/customers")
      return { id: `cus_fake_${++counter}`, object: "customer", email: form(body as string).email }
    })
    .post("/v1/payment_intents")
    .reply(200, (_, body) => {
      requests.push("POST /v1/payment_intents")
      const f = form(body as string)
      const id = `pi_fake_${++counter}`
      const intent = {
        id,
        object: "payment_intent",
        amount: Number(f.amount),
        amount_received: 0,
        currency: f.currency,
        status: "requires_payment_method",
        client_secret: `${id}_secret_x`,
        capture_method: f.capture_method,
        payment_method_types: [f["payment_method_types[0]"]],
        payment_method: null,
        metadata: { session_id: f["metadata[session_id]"] },
      }
      intents.set(id, intent)
      return intent
    })
    .get(/\/v1\/payment_intents\/pi_fake_\d+(\?.*)?$/)
    .reply(200, (uri) => {
      const id = uri.split("/").pop()!.split("?")[0]
      requests.push(`GET ${id}`)
      return intents.get(id)
    })
    .post(/\/v1\/payment_intents\/pi_fake_\d+\/capture$/)
    .reply(200, (uri) => {
      const id = uri.split("/")[3]
      requests.push(`POST ${id}/capture`)
      const intent = intents.get(id)!
      Object.assign(intent, { status: "succeeded", amount_received: intent.amount })
      return intent
    })
    .post(/\/v1\/payment_intents\/pi_fake_\d+\/cancel$/)
    .reply(200, (uri) => {
      const id = uri.split("/")[3]
      requests.push(`POST ${id}/cancel`)
      return Object.assign(intents.get(id)!, { status: "canceled" })
    })
  return { intents, requests, scope }
}


medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let jane: { id: string; headers: Record<string, string> }
    let invoicing: InvoicingModuleService
    let stripeApi: ReturnType<typeof fakeStripe>
    let invoiceId: string
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

    beforeEach(async () => {
      nock.cleanAll()
      stripeApi = fakeStripe()
      const container = getContainer()
      invoicing = container.resolve(INVOICING_MODULE)
      deliverPaymentWebhooksPromptly(container)
      await setStoreCurrencies(container, ["usd"])
      const key = await createPublishableKey(container)
      jane = await createLoggedInCustomer(api, key, "jane@test.dev", "Jane")
      const draft = await invoicing.createDraftInvoice({
        customer_id: jane.id,
        currency_code: "usd",
        due_at: new Date(),
        lines: [{ title: "Service", quantity: "1", unit_price: "75.25" }],
      })
      invoiceId = (await invoicing.issueInvoice(draft.id, { now: new Date() })).id
    })

    const pay = (type: "card" | "us_bank_account") =>
      settle(
        api.post(
          "/store/billing/payments",
          { mode: "selected_invoices", currency_code: "usd", invoice_ids: [invoiceId], payment_method: { type } },
          { headers: { ...jane.headers, "idempotency-key": `stripe-${++keyCounter}` } }
        )
      )

    const expectInvariants = () => expectAllInvariants(getContainer())

    it("card: a PaymentIntent for the exact amount, the client confirms, complete captures it", async () => {
      const res = await pay("card")
      expect(res.status).toBe(201)
      const [intent] = [...stripeApi.intents.values()]
      expect(intent).toMatchObject({ amount: 7525, currency: "usd", capture_method: "manual", payment_method_types: ["card"] })
      expect(res.data.payment).toMatchObject({ status: "pending", transaction_id: intent.id })
      expect(res.data.payment.next_action).toMatchObject({ client_secret: intent.client_secret })

      // Stripe.js confirms on the client; Stripe then holds the authorization.
      Object.assign(intent, { status: "requires_capture", payment_method: { id: "pm_card", type: "card" } })
      const done = await api.post(`/store/billing/payments/${res.data.payment.id}/complete`, {}, { headers: jane.headers })
      expect(done.data.payment).toMatchObject({ status: "succeeded", transaction_id: intent.id })
      expect(stripeApi.requests.filter((r) => r.endsWith("/capture"))).toEqual([`POST ${intent.id}/capture`])
      const invoice = await invoicing.retrieveInvoice(invoiceId)
      expect(invoice.status).toBe("paid")

      // completing again is harmless: no second capture
      await api.post(`/store/billing/payments/${res.data.payment.id}/complete`, {}, { headers: jane.headers })
      expect(stripeApi.requests.filter((r) => r.endsWith("/capture"))).toHaveLength(1)
      await expectInvariants()
    })

    const issueInvoice = async (price: string) => {
      const draft = await invoicing.createDraftInvoice({
        customer_id: jane.id,
        currency_code: "usd",
        due_at: new Date(),
        lines: [{ title: "Service", quantity: "1", unit_price: price }],
      })
      return (await invoicing.issueInvoice(draft.id, { now: new Date() })).id
    }
    const payInvoice = (id: string) =>
      settle(
        api.post(
          "/store/billing/payments",
          { mode: "selected_invoices", currency_code: "usd", invoice_ids: [id], payment_method: { type: "card" } },
          { headers: { ...jane.headers, "idempotency-key": `stripe-${++keyCounter}` } }
        )
      )
    const intentOf = (payment: { transaction_id: string }) => stripeApi.intents.get(payment.transaction_id)!
    const deliverBillingEvent = async (event: Record<string, unknown>) => {
      const payload = JSON.stringify(event)
      const signature = new Stripe("sk_test_x").webhooks.generateTestHeaderString({ payload, secret: STRIPE_WEBHOOK_SECRET })
      const res = await api.post("/hooks/billing/stripe", payload, {
        headers: { "content-type": "application/json", "stripe-signature": signature },
      })
      expect(res.status).toBe(200)
      await eventually(
        async () => (await invoicing.listAndCountWebhookEvents({ processed_at: null }))[1],
        (pending) => pending === 0
      )
    }
    const chargeFailed = (id: string, charge: string, paymentIntent: string) => ({
      id,
      object: "event",
      type: "charge.failed",
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: charge, object: "charge", payment_intent: paymentIntent, failure_code: "card_declined" } },
    })

    it("an old, succeeded PaymentIntent cannot pay a new payment: complete takes no provider data", async () => {
      // $75.25 paid with intent A…
      const small = await pay("card")
      const intentA = intentOf(small.data.payment)
      Object.assign(intentA, { status: "requires_capture", payment_method: { id: "pm_card", type: "card" } })
      const paid = await api.post(`/store/billing/payments/${small.data.payment.id}/complete`, {}, { headers: jane.headers })
      expect(paid.data.payment).toMatchObject({ status: "succeeded", transaction_id: intentA.id })

      // …then a $5,000 payment that waits for 3-D Secure, completed naming intent A.
      const bigInvoice = await issueInvoice("5000.00")
      const big = await payInvoice(bigInvoice)
      expect(big.data.payment).toMatchObject({ status: "pending", amount: 5000 })
      const attack = await settle(
        api.post(
          `/store/billing/payments/${big.data.payment.id}/complete`,
          { provider_data: { id: intentA.id } },
          { headers: jane.headers }
        )
      )
      expect(attack.status).toBe(400)
      expect(attack.data.message).toBe(
        "provider_data is not accepted for this payment: confirm it with Stripe.js, then call complete without a body"
      )
      // and without provider data, the unconfirmed intent B is not paid either
      const plain = await api.post(`/store/billing/payments/${big.data.payment.id}/complete`, {}, { headers: jane.headers })
      expect(plain.data.payment).toMatchObject({ status: "pending", transaction_id: intentOf(big.data.payment).id })
      expect(await invoicing.retrieveInvoice(bigInvoice)).toMatchObject({ status: "open" })
      expect(stripeApi.requests.filter((r) => r.endsWith("/capture"))).toEqual([`POST ${intentA.id}/capture`])
      await expectInvariants()
    })

    it("a declined attempt's charge.failed arriving after the retry succeeded leaves the payment succeeded", async () => {
      const res = await pay("card")
      const intent = intentOf(res.data.payment)
      // attempt 1 declined (charge ch_first), the customer retries with another card: ch_second succeeds
      Object.assign(intent, {
        status: "requires_capture",
        latest_charge: "ch_second",
        payment_method: { id: "pm_card_2", type: "card" },
      })
      const done = await api.post(`/store/billing/payments/${res.data.payment.id}/complete`, {}, { headers: jane.headers })
      expect(done.data.payment.status).toBe("succeeded")

      await deliverBillingEvent(chargeFailed("evt_late_decline", "ch_first", intent.id))
      expect(await invoicing.retrieveCustomerPayment(res.data.payment.id)).toMatchObject({ status: "succeeded" })
      expect(await invoicing.retrieveInvoice(invoiceId)).toMatchObject({ status: "paid" })

      // the charge that did move the money failing afterwards (a return) does reverse it
      await deliverBillingEvent(chargeFailed("evt_return", "ch_second", intent.id))
      expect(await invoicing.retrieveCustomerPayment(res.data.payment.id)).toMatchObject({ status: "reversed" })
      expect(await invoicing.retrieveInvoice(invoiceId)).toMatchObject({ status: "open" })
      await expectInvariants()
    })

    it("ACH: processing after confirmation, settled by Stripe's signed payment_intent.succeeded webhook", async () => {
      const res = await pay("us_bank_account")
      const [intent] = [...stripeApi.intents.values()]
      expect(intent.payment_method_types).toEqual(["us_bank_account"])
      expect(res.data.payment.status).toBe("pending")

      Object.assign(intent, { status: "processing", payment_method: { id: "pm_bank", type: "us_bank_account" } })
      const confirmed = await api.post(`/store/billing/payments/${res.data.payment.id}/complete`, {}, { headers: jane.headers })
      expect(confirmed.data.payment.status).toBe("processing")
      expect(await invoicing.retrieveInvoice(invoiceId)).toMatchObject({ status: "open" })

      // Days later the debit settles; Stripe says so by webhook.
      Object.assign(intent, { status: "succeeded", amount_received: intent.amount })
      const payload = JSON.stringify({
        id: "evt_ach_settled",
        object: "event",
        type: "payment_intent.succeeded",
        created: Math.floor(Date.now() / 1000),
        data: { object: intent },
      })
      const signature = new Stripe("sk_test_x").webhooks.generateTestHeaderString({ payload, secret: STRIPE_WEBHOOK_SECRET })
      const hook = await api.post("/hooks/payment/stripe_stripe", payload, {
        headers: { "content-type": "application/json", "stripe-signature": signature },
      })
      expect(hook.status).toBe(200)
      const settled = await eventually(
        () => invoicing.retrieveCustomerPayment(res.data.payment.id),
        (p) => p.status === "succeeded"
      )
      expect(settled.status).toBe("succeeded")
      expect(await invoicing.retrieveInvoice(invoiceId)).toMatchObject({ status: "paid" })
      const paymentModule = getContainer().resolve(Modules.PAYMENT)
      const [collection] = await paymentModule.listPaymentCollections(
        { id: settled.payment_collection_id! },
        { relations: ["payments", "payments.captures"] }
      )
      expect(collection.payments).toHaveLength(1)
      await expectInvariants()
    })
  },
})
