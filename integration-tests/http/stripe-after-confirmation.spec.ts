import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { reconcileCustomerPaymentsWorkflow } from "../../src/workflows/payments/workflows/reconcile-customer-payments"
import { INVOICING_MODULE } from "../../src/modules/invoicing"
import type InvoicingModuleService from "../../src/modules/invoicing/service"
import { PORTAL_MODULE } from "../../src/modules/portal"
import type PortalModuleService from "../../src/modules/portal/service"
import { Modules } from "@medusajs/framework/utils"
import { createLoggedInCustomer, createPublishableKey, expectInvariants, setStoreCurrencies, settle } from "../helpers"

jest.setTimeout(120_000)

// Medusa's own Stripe provider and the real `stripe` SDK, Stripe's HTTP API
// answered in-process by nock (loaded after boot): nothing leaves the machine.
const STRIPE_WEBHOOK_SECRET = "whsec_stripe_save_test"
const savedEnv = { ...process.env }
process.env.STRIPE_API_KEY = "sk_test_offline_billing_portal"
process.env.STRIPE_WEBHOOK_SECRET = STRIPE_WEBHOOK_SECRET
process.env.BILLING_PORTAL_OPTIONS = JSON.stringify({
  paymentProviders: { card: "pp_stripe_stripe", us_bank_account: "pp_stripe_stripe" },
  stripe: { webhookSecret: STRIPE_WEBHOOK_SECRET },
})

let nock: typeof import("nock")

const VISA = (id: string) => ({
  id,
  object: "payment_method",
  type: "card",
  card: { brand: "visa", last4: "4242", exp_month: 8, exp_year: 2031 },
})

/**
 * Customers, PaymentIntents (kept as created, `setup_future_usage` included),
 * capture, and each customer's attached payment methods: what Stripe.js
 * confirming an intent with `setup_future_usage` leaves behind.
 */
function fakeStripe() {
  const intents = new Map<string, Record<string, any>>()
  const calls = { captures: [] as string[], cancels: [] as string[], captureRequests: 0, slowCaptures: 0, holdReads: 0, held: [] as Array<() => void> }
  const unexpectedState = (intent: Record<string, any>, verb: string) => ({
    error: {
      type: "invalid_request_error",
      code: "payment_intent_unexpected_state",
      message: `This PaymentIntent could not be ${verb} because it has a status of ${intent.status}.`,
    },
  })
  const attached = new Map<string, Record<string, any>[]>()
  let counter = 0
  const form = (body: unknown) => Object.fromEntries(new URLSearchParams(String(body ?? "")))
  nock("https://api.stripe.com")
    .persist()
    .post("/v1/customers")
    .reply(200, (_uri, body) => ({ id: `cus_fake_${++counter}`, object: "customer", email: form(body).email }))
    .get(/\/v1\/customers\/cus_fake_\d+\/payment_methods/)
    .reply(200, (uri) => ({ object: "list", data: attached.get(uri.split("/")[3]) ?? [], has_more: false, url: uri }))
    .post("/v1/payment_intents")
    .reply(200, (_uri, body) => {
      const f = form(body)
      const id = `pi_fake_${++counter}`
      const intent = {
        id,
        object: "payment_intent",
        amount: Number(f.amount),
        currency: f.currency,
        customer: f.customer ?? null,
        setup_future_usage: f.setup_future_usage ?? null,
        capture_method: f.capture_method,
        payment_method_types: [f["payment_method_types[0]"]],
        payment_method: null,
        status: "requires_payment_method",
        client_secret: `${id}_secret_x`,
        metadata: { session_id: f["metadata[session_id]"] },
      }
      intents.set(id, intent)
      return intent
    })
    .get(/\/v1\/payment_intents\/pi_fake_\d+(\?.*)?$/)
    .reply((uri, _body, answer) => {
      const read = () => answer(null, [200, intents.get(uri.split("/").pop()!.split("?")[0]) ?? {}])
      // the next `holdReads` reads reach Stripe only when the test releases them (a slow network)
      if (calls.holdReads > 0) {
        calls.holdReads--
        calls.held.push(read)
      } else read()
    })
    // as Stripe: only an authorized intent is captured, only one not yet captured is canceled
    .post(/\/v1\/payment_intents\/pi_fake_\d+\/capture$/)
    .reply((uri, _body, answer) => {
      const intent = intents.get(uri.split("/")[3])!
      calls.captureRequests++
      // the next `slowCaptures` captures reach Stripe 1.5 s later (a slow network)
      setTimeout(() => {
        if (intent.status !== "requires_capture") return answer(null, [400, unexpectedState(intent, "captured")])
        calls.captures.push(intent.id)
        answer(null, [200, Object.assign(intent, { status: "succeeded" })])
      }, calls.slowCaptures-- > 0 ? 1_500 : 0)
    })
    .post(/\/v1\/payment_intents\/pi_fake_\d+\/cancel$/)
    .reply((uri) => {
      const intent = intents.get(uri.split("/")[3])!
      if (intent.status === "succeeded" || intent.status === "canceled") return [400, unexpectedState(intent, "canceled")]
      calls.cancels.push(intent.id)
      return [200, Object.assign(intent, { status: "canceled", next_action: null })]
    })
  /** Stripe.js confirming the intent in the browser: authorized, and its method attached when setup_future_usage asks. */
  const confirm = (intentId: string, method: Record<string, any>, { attach = !!intents.get(intentId)!.setup_future_usage } = {}) => {
    const intent = intents.get(intentId)!
    Object.assign(intent, { status: "requires_capture", payment_method: method.id })
    if (attach && intent.customer) attached.set(intent.customer, [...(attached.get(intent.customer) ?? []), { ...method, customer: intent.customer }])
  }
  return { intents, attached, confirm, calls }
}

/** Waits until `check()` holds, at most `ms`. */
const until = async (check: () => boolean, ms = 20_000) => {
  for (const end = Date.now() + ms; !check(); await new Promise((r) => setTimeout(r, 10))) {
    if (Date.now() > end) throw new Error("until: timed out")
  }
}

/**
 * What a Stripe payment answers once the client confirmed it with Stripe.js
 * (issue 11). "Save for autopay": the card is entered in the
 * Payment Element and confirmed by Stripe.js, so the server learns which
 * method was kept only at `…/complete`, from the PaymentIntent it re-reads
 * and verifies. The answer then carries `saved_payment_method`, as the
 * sandbox's create answer does, and the customer can enroll with it. An ACH
 * debit Stripe verifies by micro-deposits waits on the customer for days:
 * its receipt offers Stripe's hosted verification page, and nothing else of
 * the provider's data.
 */
medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    type Who = { id: string; headers: Record<string, string> }
    let jane: Who
    let other: Who
    let invoicing: InvoicingModuleService
    let stripe: ReturnType<typeof fakeStripe>
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

    afterEach(() => {
      // a test that failed half-way leaves no request of the app waiting on Stripe
      stripe.calls.held.splice(0).forEach((release) => release())
    })

    beforeEach(async () => {
      nock.cleanAll()
      stripe = fakeStripe()
      const container = getContainer()
      invoicing = container.resolve(INVOICING_MODULE)
      await setStoreCurrencies(container, ["usd"])
      const key = await createPublishableKey(container)
      jane = await createLoggedInCustomer(api, key, "jane@test.dev", "Jane")
      other = await createLoggedInCustomer(api, key, "other@test.dev", "Other")
      await container.resolve<PortalModuleService>(PORTAL_MODULE).updateSettings({ autopay: { allowed: true } })
    })

    const issue = async (who: Who, price: string) => {
      const draft = await invoicing.createDraftInvoice({
        customer_id: who.id,
        currency_code: "usd",
        due_at: new Date(),
        lines: [{ title: "Service", quantity: "1", unit_price: price }],
      })
      return (await invoicing.issueInvoice(draft.id, { now: new Date() })).id
    }
    const pay = (who: Who, invoiceId: string, saveForAutopay: boolean) =>
      settle(
        api.post(
          "/store/billing/payments",
          {
            mode: "selected_invoices",
            currency_code: "usd",
            invoice_ids: [invoiceId],
            payment_method: { type: "card", ...(saveForAutopay ? { save_for_autopay: true } : {}) },
          },
          { headers: { ...who.headers, "idempotency-key": `save-${++keyCounter}` } }
        )
      )
    const payBank = (who: Who, invoiceId: string) =>
      settle(
        api.post(
          "/store/billing/payments",
          { mode: "selected_invoices", currency_code: "usd", invoice_ids: [invoiceId], payment_method: { type: "us_bank_account" } },
          { headers: { ...who.headers, "idempotency-key": `bank-${++keyCounter}` } }
        )
      )
    const complete = (who: Who, paymentId: string) =>
      settle(api.post(`/store/billing/payments/${paymentId}/complete`, {}, { headers: who.headers }))

    it("complete answers the method the PaymentIntent kept; the customer enrolls in autopay with it", async () => {
      const started = await pay(jane, await issue(jane, "75.25"), true)
      expect(started.status).toBe(201)
      expect(started.data.saved_payment_method).toBeUndefined()
      const intent = stripe.intents.get(started.data.payment.transaction_id)!
      expect(intent).toMatchObject({ setup_future_usage: "off_session", customer: expect.stringMatching(/^cus_fake_/) })

      stripe.confirm(intent.id, VISA("pm_fake_visa"))
      const done = await complete(jane, started.data.payment.id)
      expect(done.status).toBe(200)
      expect(done.data.payment).toMatchObject({ status: "succeeded", transaction_id: intent.id })
      expect(done.data.saved_payment_method).toEqual({
        id: "pm_fake_visa",
        type: "card",
        last4: "4242",
        brand: "visa",
        expires: "08/2031",
        provider_id: "pp_stripe_stripe",
      })

      const enrolled = await settle(
        api.put("/store/billing/autopay", { payment_method_id: "pm_fake_visa", consent: true }, { headers: jane.headers })
      )
      expect(enrolled.status).toBe(201)
      expect(enrolled.data.autopay).toMatchObject({ status: "active", payment_method_id: "pm_fake_visa" })

      // completing again answers the same, and another customer cannot complete it at all
      expect((await complete(jane, started.data.payment.id)).data.saved_payment_method).toMatchObject({ id: "pm_fake_visa" })
      expect((await complete(other, started.data.payment.id)).status).toBe(404)
    })

    it("complete sent three times at once (a double click, a retry): one authorization kept, captured once, never canceled; every answer the succeeded payment", async () => {
      const invoiceId = await issue(jane, "64.10")
      const started = await pay(jane, invoiceId, false)
      const intent = stripe.intents.get(started.data.payment.transaction_id)!
      stripe.confirm(intent.id, VISA("pm_fake_twice"))

      const answers = await Promise.all([1, 2, 3].map(() => complete(jane, started.data.payment.id)))
      expect(answers.map((a) => [a.status, a.data.payment?.status])).toEqual([
        [200, "succeeded"],
        [200, "succeeded"],
        [200, "succeeded"],
      ])
      expect(intent.status).toBe("succeeded")
      expect({ captures: stripe.calls.captures, cancels: stripe.calls.cancels }).toEqual({ captures: [intent.id], cancels: [] })
      const payment = await invoicing.retrieveCustomerPayment(started.data.payment.id)
      expect(payment.status).toBe("succeeded")
      const pm = getContainer().resolve(Modules.PAYMENT)
      const [collection] = await pm.listPaymentCollections({ id: payment.payment_collection_id! }, { relations: ["payments", "payments.captures"] })
      expect(collection.payments!.map((p: any) => p.captures.length)).toEqual([1])
      expect((await api.get(`/store/billing/invoices/${invoiceId}`, { headers: jane.headers })).data.invoice).toMatchObject({ status: "paid" })
      await expectInvariants(getContainer())
    })

    it("the customer's complete while the reconciler is capturing the payment: it waits, then answers the payment succeeded; captured once", async () => {
      const started = await pay(jane, await issue(jane, "51.00"), false)
      const intent = stripe.intents.get(started.data.payment.transaction_id)!
      stripe.confirm(intent.id, VISA("pm_fake_slow"))

      // two hours later by its clock the payment looks abandoned, and held at Stripe: the reconciler
      // completes it, and Stripe answers its capture late; the customer's complete arrives meanwhile
      stripe.calls.slowCaptures = 1
      const reconciling = reconcileCustomerPaymentsWorkflow(getContainer()).run({
        input: { now: new Date(Date.now() + 120 * 60_000), stale_after_minutes: 5, abandon_after_minutes: 60, customer_id: jane.id },
      })
      await Promise.race([until(() => stripe.calls.captureRequests === 1), reconciling])
      const done = await complete(jane, started.data.payment.id)
      const { result } = await reconciling

      expect([done.status, done.data.payment?.status ?? done.data.message]).toEqual([200, "succeeded"])
      expect(result).toMatchObject({ succeeded: 1 })
      expect(intent.status).toBe("succeeded")
      expect({ captures: stripe.calls.captures, cancels: stripe.calls.cancels }).toEqual({ captures: [intent.id], cancels: [] })
      const payment = await invoicing.retrieveCustomerPayment(started.data.payment.id)
      expect(payment).toMatchObject({ status: "succeeded", attention: null })
      await expectInvariants(getContainer())
    })

    it("a create slow at Stripe, retried (same key: the client secret at once), confirmed and completed while the first still authorizes: one waits for the other; captured once, never canceled", async () => {
      const invoiceId = await issue(jane, "38.20")
      const body = { mode: "selected_invoices", currency_code: "usd", invoice_ids: [invoiceId], payment_method: { type: "card" } }
      const create = () => settle(api.post("/store/billing/payments", body, { headers: { ...jane.headers, "idempotency-key": "slow-create" } }))
      // the first request's read of the intent (its authorization) is slow to reach Stripe
      stripe.calls.holdReads = 1
      stripe.calls.slowCaptures = 1
      const first = create()
      await until(() => stripe.calls.held.length === 1)
      // the browser's retry of it: the same payment, still waiting on the customer's confirmation
      const retry = await create()
      expect([retry.status, retry.data.payment.status, retry.data.payment.next_action?.type]).toEqual([200, "pending", "confirm"])
      const [intent, ...others] = [...stripe.intents.values()]
      expect(others).toEqual([])
      stripe.confirm(intent.id, VISA("pm_fake_retry"))
      const completing = complete(jane, retry.data.payment.id)
      // the first request's read arrives while the completion captures (or, under the lock, waits its turn)
      await until(() => stripe.calls.captureRequests === 1, 1_000).catch(() => undefined)
      stripe.calls.held.splice(0).forEach((release) => release())
      const [done, created] = await Promise.all([completing, first])

      expect({ captures: stripe.calls.captures, cancels: stripe.calls.cancels }).toEqual({ captures: [intent.id], cancels: [] })
      expect([done.status, done.data.payment?.status]).toEqual([200, "succeeded"])
      expect([created.status, created.data.payment?.status]).toEqual([201, "succeeded"])
      expect(intent.status).toBe("succeeded")
      const payment = await invoicing.retrieveCustomerPayment(retry.data.payment.id)
      expect(payment.status).toBe("succeeded")
      const [collection] = await getContainer()
        .resolve(Modules.PAYMENT)
        .listPaymentCollections({ id: payment.payment_collection_id! }, { relations: ["payments", "payments.captures"] })
      expect(collection.payments!.map((p: any) => [p.captures.length, p.canceled_at])).toEqual([[1, null]])
      await expectInvariants(getContainer())
    })

    it("no saved method without save_for_autopay, nor when Stripe kept none of the customer's", async () => {
      // the customer did not ask: no setup_future_usage, nothing answered even if a method is on file
      const plain = await pay(jane, await issue(jane, "20.00"), false)
      const plainIntent = stripe.intents.get(plain.data.payment.transaction_id)!
      expect(plainIntent.setup_future_usage).toBeNull()
      stripe.confirm(plainIntent.id, VISA("pm_fake_plain"), { attach: true })
      const plainDone = await complete(jane, plain.data.payment.id)
      expect(plainDone.data.payment.status).toBe("succeeded")
      expect(plainDone.data.saved_payment_method).toBeUndefined()

      // asked, but the method on the intent is not attached to this customer at Stripe: nothing is claimed
      const asked = await pay(jane, await issue(jane, "30.00"), true)
      const askedIntent = stripe.intents.get(asked.data.payment.transaction_id)!
      stripe.confirm(askedIntent.id, VISA("pm_fake_elsewhere"), { attach: false })
      const askedDone = await complete(jane, asked.data.payment.id)
      expect(askedDone.data.payment.status).toBe("succeeded")
      expect(askedDone.data.saved_payment_method).toBeUndefined()
    })

    it("ACH by micro-deposits: complete and the receipt offer Stripe's hosted verification page, only that; the receipt follows the payment", async () => {
      const invoiceId = await issue(jane, "410.00")
      const started = await payBank(jane, invoiceId)
      expect(started.status).toBe(201)
      const intent = stripe.intents.get(started.data.payment.transaction_id)!
      expect(intent.payment_method_types).toEqual(["us_bank_account"])
      const url = "https://payments.stripe.com/microdeposit/pacs_test_YWNjdF8x"
      // Stripe.js collected the account; Stripe sends two small deposits to verify it
      Object.assign(intent, {
        status: "requires_action",
        payment_method: "pm_fake_bank",
        next_action: {
          type: "verify_with_microdeposits",
          verify_with_microdeposits: { arrival_date: 1767225600, hosted_verification_url: url, microdeposit_type: "descriptor_code" },
        },
      })
      const expected = { type: "verify_with_microdeposits", hosted_verification_url: url }
      const done = await complete(jane, started.data.payment.id)
      expect(done.status).toBe(200)
      expect(done.data.payment).toMatchObject({ status: "pending", next_action: expected })
      expect(done.data.payment.next_action).toEqual(expected)

      const receipt = await settle(api.get(`/store/billing/payments/${started.data.payment.id}`, { headers: jane.headers }))
      expect(receipt.data.payment).toMatchObject({ status: "pending", amount: 410 })
      expect(receipt.data.payment.next_action).toEqual(expected)
      for (const leak of ["client_secret", "pm_fake_bank", "arrival_date", "descriptor_code", intent.client_secret]) {
        expect(JSON.stringify(receipt.data)).not.toContain(leak)
      }
      expect((await settle(api.get(`/store/billing/payments/${started.data.payment.id}`, { headers: other.headers }))).status).toBe(404)
      // the list stays plain
      const list = await api.get("/store/billing/payments", { headers: jane.headers })
      expect(list.data.payments[0].next_action).toBeUndefined()

      // a page Stripe would never send (another origin) is not offered
      intent.next_action.verify_with_microdeposits.hosted_verification_url = "https://payments.stripe.com.evil.example/x"
      await complete(jane, started.data.payment.id)
      const spoofed = await api.get(`/store/billing/payments/${started.data.payment.id}`, { headers: jane.headers })
      expect(spoofed.data.payment.next_action).toBeUndefined()

      // verified: the debit is under way, and the receipt says so with no action left
      intent.next_action.verify_with_microdeposits.hosted_verification_url = url
      Object.assign(intent, { status: "processing", next_action: null })
      const processing = await complete(jane, started.data.payment.id)
      expect(processing.data.payment.status).toBe("processing")
      const after = await api.get(`/store/billing/payments/${started.data.payment.id}`, { headers: jane.headers })
      expect(after.data.payment.status).toBe("processing")
      expect(after.data.payment.next_action).toBeUndefined()
    })

    it("a debit waiting on the customer's micro-deposit verification is not expired as abandoned after an hour; it is after the verification window", async () => {
      const invoiceId = await issue(jane, "88.00")
      const started = await payBank(jane, invoiceId)
      const paymentId = started.data.payment.id
      const intent = stripe.intents.get(started.data.payment.transaction_id)!
      Object.assign(intent, {
        status: "requires_action",
        payment_method: "pm_fake_bank_2",
        next_action: {
          type: "verify_with_microdeposits",
          verify_with_microdeposits: { hosted_verification_url: "https://payments.stripe.com/microdeposit/pacs_test_2" },
        },
      })
      expect((await complete(jane, paymentId)).data.payment.status).toBe("pending")
      const reconcile = (minutesLater: number) =>
        reconcileCustomerPaymentsWorkflow(getContainer()).run({
          input: { now: new Date(Date.now() + minutesLater * 60_000), stale_after_minutes: 5, abandon_after_minutes: 60, customer_id: jane.id },
        })
      const status = async () => (await invoicing.listCustomerPayments({ id: paymentId }, { select: ["status", "failure_reason"] }))[0]

      // two days later the deposits have barely arrived: still pending, the intent untouched, the invoice held
      await reconcile(2 * 24 * 60)
      expect(await status()).toMatchObject({ status: "pending" })
      expect(intent.status).toBe("requires_action")
      expect((await invoicing.retrieveInvoice(invoiceId)).amount_pending).toBe(88)

      // past the verification window the customer never verified: canceled at Stripe, expired here, payable again
      await reconcile(11 * 24 * 60)
      expect(await status()).toMatchObject({ status: "canceled", failure_reason: "expired" })
      expect(intent.status).toBe("canceled")
      expect((await invoicing.retrieveInvoice(invoiceId)).amount_pending).toBe(0)
    })
  },
})
