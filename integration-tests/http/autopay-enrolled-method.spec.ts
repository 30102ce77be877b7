import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { AUTOPAY_MODULE } from "../../src/modules/autopay"
import type AutopayModuleService from "../../src/modules/autopay/service"
import { INVOICING_MODULE } from "../../src/modules/invoicing"
import type InvoicingModuleService from "../../src/modules/invoicing/service"
import { SANDBOX_PROVIDER_ID as PROVIDER } from "../../src/utils/options"
import { customerWithAccountHolders, holderFor } from "../../src/workflows/payment-methods/payment-methods"
import { runAutopayWorkflow } from "../../src/workflows/autopay/workflows/run-autopay"
import { createCustomerPaymentWorkflow } from "../../src/workflows/payments/workflows/create-customer-payment"
import { createLoggedInCustomer, eventually, expectInvariants, issueServiceInvoice, settle, setUpAutopayStore } from "../helpers"

jest.setTimeout(300_000)

const CARD_OK = { type: "card", data: { number: "4242424242424242" } }

type Customer = { id: string; headers: Record<string, string> }

/**
 * An autopay charge pays with the enrollment's method: the one the customer
 * chose when enrolling, checked then to be theirs, and checked against the
 * enrollment in the database on every charge. The charge does not ask the
 * provider for the holder's saved methods again (one provider call fewer per
 * charge, the most frequent call of a large run); the provider itself still
 * refuses a method that is not the account holder's when the payment session
 * is created, and nothing is recorded as paid unless the provider object
 * checks out afterwards. A method gone at the provider fails the payment
 * `payment_method_unavailable` and pauses autopay until the customer chooses
 * another.
 */
medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let invoicing: InvoicingModuleService
    let autopay: AutopayModuleService
    let key: string

    beforeEach(async () => {
      invoicing = getContainer().resolve(INVOICING_MODULE)
      autopay = getContainer().resolve(AUTOPAY_MODULE)
      key = await setUpAutopayStore(getContainer())
    })
    afterEach(() => jest.restoreAllMocks())

    const issue = (customerId: string, price: string, dueInDays: number) => issueServiceInvoice(getContainer(), customerId, price, dueInDays)
    const enrolled = async (email: string, card = CARD_OK) => {
      const customer: Customer = await createLoggedInCustomer(api, key, email)
      const saved = await settle(api.post("/store/billing/payment-methods", card, { headers: customer.headers }))
      expect([saved.status, saved.data?.message]).toEqual([201, undefined])
      const res = await settle(api.put("/store/billing/autopay", { payment_method_id: saved.data.payment_method.id, consent: true }, { headers: customer.headers }))
      expect([res.status, res.data?.message]).toEqual([201, undefined])
      return { ...customer, method_id: saved.data.payment_method.id as string }
    }
    const run = async (customerId: string) =>
      (await runAutopayWorkflow(getContainer()).run({ input: { trigger: "admin", customer_id: customerId, now: new Date() } })).result
    const autopayPayments = (customerId: string) =>
      invoicing.listCustomerPayments({ customer_id: customerId, source: "autopay" } as any)
    /** Counts the Payment Module's listings of saved methods (the provider call), passing them through. */
    const countListings = () => {
      const payments = getContainer().resolve(Modules.PAYMENT)
      const list = payments.listPaymentMethods.bind(payments)
      const calls: unknown[] = []
      jest.spyOn(payments, "listPaymentMethods").mockImplementation((async (...args: any[]) => {
        calls.push(args[0])
        return (list as any)(...args)
      }) as any)
      return calls
    }
    /** Removed at the provider directly (Stripe's dashboard, another app): the plugin never sees it go. */
    const removeAtProvider = async (customerId: string) => {
      const [enrollment] = await autopay.listAutopayEnrollments({ customer_id: customerId })
      const { holders } = await customerWithAccountHolders(getContainer(), customerId)
      await getContainer()
        .resolve(Modules.PAYMENT)
        .deletePaymentMethods({
          id: enrollment.payment_method_id,
          provider_id: PROVIDER,
          context: { account_holder: holderFor(holders, PROVIDER) as any, idempotency_key: `removed-at-provider-${customerId}` },
        } as any)
    }
    const sql = async (text: string, params: string[]) =>
      getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION).raw(text, params)

    it("charges the enrolled method without listing the holder's methods at the provider; the receipt shows the card", async () => {
      const jane = await enrolled("jane@test.dev")
      const invoice = await issue(jane.id, "42.00", -1)
      const listings = countListings()
      const result = await run(jane.id)
      expect(result.run).toMatchObject({ charged: 1, skipped: 0, failed: 0 })
      expect(listings).toEqual([])
      const [payment] = await autopayPayments(jane.id)
      expect(payment).toMatchObject({ status: "succeeded", method: "card", method_details: { brand: "visa", last4: "4242" } })
      expect((await invoicing.retrieveInvoice(invoice.id)).status).toBe("paid")
      const receipt = await settle(api.get(`/store/billing/payments/${payment.id}`, { headers: jane.headers }))
      expect([receipt.status, receipt.data?.message]).toEqual([200, undefined])
      expect(receipt.data.payment.method_details).toEqual({ brand: "visa", last4: "4242" })
      await expectInvariants(getContainer())
    })

    it("the payment workflow checks the enrolled method against the enrollment, and no request can name one", async () => {
      const jane = await enrolled("jane@test.dev")
      const invoice = await issue(jane.id, "19.99", -1)
      const [enrollment] = await autopay.listAutopayEnrollments({ customer_id: jane.id })
      // another of Jane's own cards, not the one autopay charges (she switched after the charge was prepared)
      const other = await settle(api.post("/store/billing/payment-methods", CARD_OK, { headers: jane.headers }))
      const charge = (savedMethodId: string, enrollmentId = enrollment.id, customerId = jane.id) =>
        createCustomerPaymentWorkflow(getContainer()).run({
          input: {
            customer_id: customerId,
            mode: "selected_invoices",
            currency_code: "usd",
            invoice_ids: [invoice.id],
            method: "card",
            source: "autopay",
            provider_id: PROVIDER,
            idempotency_key: `enrolled-check-${savedMethodId}-${customerId}`,
            request_hash: "h",
            note: null,
            payment_method: { type: "card", saved_method_id: savedMethodId },
            enrolled_method: { enrollment_id: enrollmentId },
            off_session: true,
          } as any,
          throwOnError: false,
        })
      const switched = await charge(other.data.payment_method.id)
      expect(switched.errors[0].error.message).toBe("payment_method.saved_method_id: not the method this customer's autopay charges")
      // another customer's enrollment id with Jane's own enrolled method: the enrollment is looked up as Jane's
      const bob = await enrolled("bob@test.dev")
      const [bobs] = await autopay.listAutopayEnrollments({ customer_id: bob.id })
      expect((await charge(enrollment.payment_method_id, bobs.id)).errors[0].error.message).toBe(
        "payment_method.saved_method_id: not the method this customer's autopay charges"
      )
      expect(await invoicing.listCustomerPayments({ customer_id: jane.id })).toHaveLength(0)
      expect((await invoicing.retrieveInvoice(invoice.id)).status).toBe("open")

      // a store request cannot set it: the body's keys are checked
      const posted = await settle(
        api.post(
          "/store/billing/payments",
          {
            mode: "selected_invoices",
            currency_code: "usd",
            invoice_ids: [invoice.id],
            payment_method: { type: "card", saved_method_id: other.data.payment_method.id },
            enrolled_method: { enrollment_id: enrollment.id },
          },
          { headers: { ...jane.headers, "Idempotency-Key": "enrolled-from-a-client" } }
        )
      )
      expect(posted.status).toBe(400)
      expect(await invoicing.listCustomerPayments({ customer_id: jane.id })).toHaveLength(0)

      // the enrolled method itself pays, without a listing at the provider
      const listings = countListings()
      const paid = await charge(enrollment.payment_method_id)
      expect(paid.errors).toEqual([])
      expect(listings).toEqual([])
      expect((await invoicing.retrieveInvoice(invoice.id)).status).toBe("paid")
      await expectInvariants(getContainer())
    })

    it("a method removed at the provider: nothing charged, autopay paused with the reason, the customer told; a new method charges the same invoices", async () => {
      const jane = await enrolled("jane@test.dev")
      const invoice = await issue(jane.id, "42.00", -1)
      await removeAtProvider(jane.id)

      const result = await run(jane.id)
      expect(result.run).toMatchObject({ charged: 0, failed: 1 })
      expect(result.results[0]).toMatchObject({ result: "failed", reason: "payment_method_unavailable", amount: "42.00" })
      const [failed] = await autopayPayments(jane.id)
      expect(failed).toMatchObject({ status: "failed", failure_reason: "payment_method_unavailable" })
      // Nothing was charged: not a decline counted toward the retries, and
      // autopay waits for the customer instead of trying the same method again.
      const [attempt] = await autopay.listAutopayAttempts({ customer_id: jane.id })
      expect(attempt).toMatchObject({ status: "failed", failure_reason: "not_charged: payment_method_unavailable", customer_payment_id: failed.id })
      expect(attempt.next_retry_at).toBeNull()
      const [paused] = await autopay.listAutopayEnrollments({ customer_id: jane.id })
      expect(paused).toMatchObject({ status: "paused", pause_reason: "the saved payment method is no longer available" })
      expect((await invoicing.retrieveInvoice(invoice.id)).status).toBe("open")
      const notifications = getContainer().resolve(Modules.NOTIFICATION)
      const told = await eventually(
        () => notifications.listNotifications({ to: "jane@test.dev", template: "billing.autopay_failed" }),
        (list: any[]) => list.length > 0
      )
      expect(told).toHaveLength(1)
      expect(JSON.stringify(told[0].data)).toContain("the saved payment method is no longer available; choose another one in the portal")
      const pausedEmails = await notifications.listNotifications({ to: "jane@test.dev", template: "billing.autopay_changed" })
      expect(pausedEmails.filter((n: any) => JSON.stringify(n.data).includes("paused"))).toHaveLength(1)
      const status = await settle(api.get("/store/billing/autopay", { headers: jane.headers }))
      expect(status.data.autopay).toMatchObject({ status: "paused", pause_reason: "the saved payment method is no longer available" })

      // paused: the next run leaves it alone
      expect((await run(jane.id)).run).toMatchObject({ enrollments: 0, charged: 0 })
      expect(await autopayPayments(jane.id)).toHaveLength(1)

      // Jane chooses another card: autopay is on again and charges the same invoices, once.
      const card = await settle(api.post("/store/billing/payment-methods", CARD_OK, { headers: jane.headers }))
      const again = await settle(api.put("/store/billing/autopay", { payment_method_id: card.data.payment_method.id, consent: true }, { headers: jane.headers }))
      expect([again.status, again.data.autopay?.status]).toEqual([200, "active"])
      expect((await run(jane.id)).run).toMatchObject({ charged: 1, failed: 0 })
      expect((await invoicing.retrieveInvoice(invoice.id)).status).toBe("paid")
      const attempts = await autopay.listAutopayAttempts({ customer_id: jane.id }, { order: { attempt: "ASC" } })
      expect(attempts.map((a) => a.status)).toEqual(["failed", "succeeded"])
      await expectInvariants(getContainer())
    })

    it("an enrollment naming another customer's method charges nothing: the provider refuses a method that is not the holder's", async () => {
      const jane = await enrolled("jane@test.dev")
      const bob = await enrolled("bob@test.dev")
      const janes = await issue(jane.id, "42.00", -1)
      // written behind the plugin's back: Jane's enrollment now names Bob's card
      await sql(`UPDATE autopay_enrollment SET payment_method_id = ? WHERE customer_id = ?`, [bob.method_id, jane.id])

      const result = await run(jane.id)
      expect(result.run).toMatchObject({ charged: 0, failed: 1 })
      const made = await autopayPayments(jane.id)
      expect(made).toEqual([expect.objectContaining({ status: "failed", failure_reason: "payment_method_unavailable" })])
      expect((await invoicing.retrieveInvoice(janes.id)).status).toBe("open")
      expect((await autopay.listAutopayEnrollments({ customer_id: jane.id }))[0]).toMatchObject({ status: "paused" })
      expect((await autopay.listAutopayEnrollments({ customer_id: bob.id }))[0]).toMatchObject({ status: "active" })
      await expectInvariants(getContainer())
    })

    it("a settle step that fails after the payment: the run follows the payment to the same end (paused, not charged)", async () => {
      const jane = await enrolled("jane@test.dev")
      const invoice = await issue(jane.id, "42.00", -1)
      await removeAtProvider(jane.id)
      // the settle step's first read fails: the run step follows the payment by the attempt's key
      const read = invoicing.retrievePaymentWithAllocations.bind(invoicing)
      let forced = false
      jest.spyOn(invoicing, "retrievePaymentWithAllocations").mockImplementation((async (...args: any[]) => {
        if (!forced && String(new Error().stack).includes("settle-autopay-attempt")) {
          forced = true
          throw new Error("forced settle failure")
        }
        return (read as any)(...args)
      }) as any)
      const result = await run(jane.id)
      expect(forced).toBe(true)
      expect(result.run).toMatchObject({ charged: 0, failed: 1 })
      const [attempt] = await autopay.listAutopayAttempts({ customer_id: jane.id })
      expect(attempt).toMatchObject({ status: "failed", failure_reason: "not_charged: payment_method_unavailable", next_retry_at: null })
      expect((await autopay.listAutopayEnrollments({ customer_id: jane.id }))[0]).toMatchObject({ status: "paused" })
      expect((await invoicing.retrieveInvoice(invoice.id)).status).toBe("open")
      await expectInvariants(getContainer())
    })

    it("a customer who chose another method after the charge started is not paused for the old one", async () => {
      const jane = await enrolled("jane@test.dev")
      await issue(jane.id, "42.00", -1)
      await removeAtProvider(jane.id)
      // Jane confirms autopay with a new card while the charge with the old one is under way: after the provider
      // refused it, before its outcome is recorded (a consent waits for a provider call in progress: the lock)
      const card = await settle(api.post("/store/billing/payment-methods", CARD_OK, { headers: jane.headers }))
      const record = invoicing.recordPaymentOutcome.bind(invoicing)
      let consented = false
      jest.spyOn(invoicing, "recordPaymentOutcome").mockImplementation((async (...args: any[]) => {
        if (!consented) {
          consented = true
          const again = await settle(api.put("/store/billing/autopay", { payment_method_id: card.data.payment_method.id, consent: true }, { headers: jane.headers }))
          expect(again.status).toBe(200)
        }
        return (record as any)(...args)
      }) as any)
      const result = await run(jane.id)
      expect(result.run).toMatchObject({ charged: 0, failed: 1 })
      const [enrollment] = await autopay.listAutopayEnrollments({ customer_id: jane.id })
      expect(enrollment).toMatchObject({ status: "active", payment_method_id: card.data.payment_method.id })
      // the next run charges the new card
      expect((await run(jane.id)).run).toMatchObject({ charged: 1 })
      await expectInvariants(getContainer())
    })

    it("a refused session for a method the provider still lists stays pending for the reconciler (not failed, not paused)", async () => {
      const jane = await enrolled("jane@test.dev")
      const invoice = await issue(jane.id, "42.00", -1)
      const payments = getContainer().resolve(Modules.PAYMENT)
      jest.spyOn(payments, "createPaymentSession").mockRejectedValueOnce(new Error("provider unreachable"))
      const result = await run(jane.id)
      expect(result.run).toMatchObject({ charged: 0 })
      const [payment] = await autopayPayments(jane.id)
      expect(payment.status).toBe("pending")
      expect((await autopay.listAutopayEnrollments({ customer_id: jane.id }))[0]).toMatchObject({ status: "active" })
      expect((await invoicing.retrieveInvoice(invoice.id)).status).not.toBe("paid")
      await expectInvariants(getContainer())
    })
  },
})
