import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { AUTOPAY_MODULE } from "../../src/modules/autopay"
import type AutopayModuleService from "../../src/modules/autopay/service"
import { INVOICING_MODULE } from "../../src/modules/invoicing"
import type InvoicingModuleService from "../../src/modules/invoicing/service"
import { chargeAutopayEnrollmentWorkflow } from "../../src/workflows/autopay/workflows/charge-autopay-enrollment"
import { runAutopayWorkflow } from "../../src/workflows/autopay/workflows/run-autopay"
import { createLoggedInCustomer, expectInvariants, issueServiceInvoice, setUpAutopayStore } from "../helpers"

jest.setTimeout(300_000)

const CONCURRENCY = 3
// Every sandbox call takes a while, as Stripe's do: charges in flight overlap for real.
const savedLatency = process.env.SANDBOX_LATENCY_MS
const savedOptions = process.env.BILLING_PORTAL_OPTIONS
process.env.SANDBOX_LATENCY_MS = "40"
process.env.BILLING_PORTAL_OPTIONS = JSON.stringify({ autopay: { concurrency: CONCURRENCY } })

const CUSTOMERS = 7
const CARD_OK = { type: "card", data: { number: "4242424242424242" } }

type Customer = { id: string; headers: Record<string, string> }

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let invoicing: InvoicingModuleService
    let autopay: AutopayModuleService
    let key: string

    afterAll(() => {
      // suites share the process
      if (savedLatency === undefined) delete process.env.SANDBOX_LATENCY_MS
      else process.env.SANDBOX_LATENCY_MS = savedLatency
      if (savedOptions === undefined) delete process.env.BILLING_PORTAL_OPTIONS
      else process.env.BILLING_PORTAL_OPTIONS = savedOptions
    })

    beforeEach(async () => {
      invoicing = getContainer().resolve(INVOICING_MODULE)
      autopay = getContainer().resolve(AUTOPAY_MODULE)
      key = await setUpAutopayStore(getContainer())
    })
    afterEach(() => jest.restoreAllMocks())

    const issue = (customerId: string, price: string, dueInDays: number) => issueServiceInvoice(getContainer(), customerId, price, dueInDays)
    const enrolled = async (email: string) => {
      const customer: Customer = await createLoggedInCustomer(api, key, email)
      const saved = await api.post("/store/billing/payment-methods", CARD_OK, { headers: customer.headers })
      const res = await api.put("/store/billing/autopay", { payment_method_id: saved.data.payment_method.id, consent: true }, { headers: customer.headers })
      expect(res.status).toBe(201)
      return customer
    }
    const autopayPayments = (customerId: string) =>
      invoicing.listCustomerPayments({ customer_id: customerId, source: "autopay" } as any)
    const run = async (customerId?: string) =>
      (await runAutopayWorkflow(getContainer()).run({ input: { trigger: "admin", customer_id: customerId ?? null, now: new Date() } })).result

    it(`charges several customers ${CONCURRENCY} at a time, each exactly once; a second run charges nothing`, async () => {
      const customers = await Promise.all(Array.from({ length: CUSTOMERS }, (_, i) => enrolled(`conc${i}@test.dev`)))
      const due = new Map<string, string[]>()
      for (const [i, customer] of customers.entries()) {
        due.set(customer.id, [(await issue(customer.id, `${10 + i}.25`, -3)).id, (await issue(customer.id, "5.50", 0)).id])
      }
      // a customer without autopay is never charged
      const outsider = await createLoggedInCustomer(api, key, "outsider@test.dev")
      const outsiders = await issue(outsider.id, "70.00", -3)

      // Charges in flight: the provider authorizations running at the same moment.
      const payments = getContainer().resolve(Modules.PAYMENT)
      const authorize = payments.authorizePaymentSession.bind(payments)
      let inFlight = 0
      let maxInFlight = 0
      jest.spyOn(payments, "authorizePaymentSession").mockImplementation(async (...args: any[]) => {
        maxInFlight = Math.max(maxInFlight, ++inFlight)
        try {
          return await (authorize as any)(...args)
        } finally {
          inFlight--
        }
      })

      const first = await run()
      expect(first.run).toMatchObject({ enrollments: CUSTOMERS, charged: CUSTOMERS, skipped: 0, failed: 0 })
      expect(maxInFlight).toBeGreaterThan(1)
      expect(maxInFlight).toBeLessThanOrEqual(CONCURRENCY)
      expect(first.results).toHaveLength(CUSTOMERS)
      expect(new Set(first.payment_ids).size).toBe(CUSTOMERS)
      expect(first.truncated).toBe(false)

      for (const [i, customer] of customers.entries()) {
        const made = await autopayPayments(customer.id)
        expect(made).toHaveLength(1)
        expect(made[0]).toMatchObject({ status: "succeeded", source: "autopay" })
        expect(Number(made[0].amount)).toBe(10 + i + 0.25 + 5.5)
        expect(first.payment_ids).toContain(made[0].id)
        for (const id of due.get(customer.id)!) expect((await invoicing.retrieveInvoice(id)).status).toBe("paid")
        const attempts = await autopay.listAutopayAttempts({ customer_id: customer.id })
        expect(attempts).toEqual([expect.objectContaining({ status: "succeeded", attempt: 1, customer_payment_id: made[0].id })])
      }
      expect((await invoicing.retrieveInvoice(outsiders.id)).status).toBe("open")
      expect(await autopayPayments(outsider.id)).toHaveLength(0)

      const second = await run()
      expect(second.run).toMatchObject({ enrollments: CUSTOMERS, charged: 0, failed: 0 })
      expect(second.payment_ids).toEqual([])
      for (const customer of customers) expect(await autopayPayments(customer.id)).toHaveLength(1)
      await expectInvariants(getContainer())
    })

    it("a step after the claim that fails rolls the attempt back to retryable, with no payment; a failure after the payment follows the payment", async () => {
      const jane = await enrolled("jane@test.dev")
      const bob = await enrolled("bob@test.dev")
      const janes = await issue(jane.id, "42.00", -1)
      const bobs = await issue(bob.id, "17.00", -1)
      const [enrollment] = await autopay.listAutopayEnrollments({ customer_id: jane.id })

      // The payment workflow's reservation (after the claim) fails: the
      // workflow's compensation leaves the attempt failed `not_charged`.
      const reserve = jest.spyOn(invoicing, "reservePayment").mockRejectedValueOnce(new Error("forced failure after the claim"))
      const { errors } = await chargeAutopayEnrollmentWorkflow(getContainer()).run({
        input: {
          enrollment_id: enrollment.id,
          customer_id: jane.id,
          currency_code: "usd",
          run_id: null,
          now: new Date().toISOString(),
          settings: { charge_on: "due_date", pre_debit_notice_days: 3 },
        },
        throwOnError: false,
      })
      expect(reserve).toHaveBeenCalledTimes(1)
      expect(errors.map((e: any) => e.error?.message)).toContain("forced failure after the claim")
      const [rolledBack] = await autopay.listAutopayAttempts({ customer_id: jane.id })
      expect(rolledBack).toMatchObject({ status: "failed", failure_reason: "not_charged: rolled back", attempt: 1, customer_payment_id: null })
      expect(rolledBack.next_retry_at).toBeNull()
      expect(await autopayPayments(jane.id)).toHaveLength(0)
      expect(await invoicing.retrieveInvoice(janes.id)).toMatchObject({ status: "open" })

      // Through a run: the same failure is reported as not payable (with its reason on the attempt)…
      jest.spyOn(invoicing, "reservePayment").mockRejectedValueOnce(new Error("forced failure again"))
      const refused = await run(jane.id)
      expect(refused.run).toMatchObject({ charged: 0, skipped: 1, failed: 0 })
      expect(refused.results[0]).toMatchObject({ result: "skipped", reason: "not_payable", amount: "42.00" })
      const second = await autopay.listAutopayAttempts({ customer_id: jane.id, attempt: 2 })
      expect(second[0]).toMatchObject({ status: "failed", failure_reason: "not_charged: forced failure again" })
      expect(await autopayPayments(jane.id)).toHaveLength(0)
      // …and the next run charges, once.
      jest.restoreAllMocks()
      expect((await run(jane.id)).run).toMatchObject({ charged: 1, failed: 0 })
      expect(await autopayPayments(jane.id)).toHaveLength(1)
      expect(await invoicing.retrieveInvoice(janes.id)).toMatchObject({ status: "paid" })
      expect((await autopay.listAutopayAttempts({ customer_id: jane.id }, { order: { attempt: "ASC" } })).map((a) => a.status)).toEqual([
        "failed",
        "failed",
        "succeeded",
      ])

      // The settle step (after the payment was made) fails: nothing is undone
      // of the payment; the run follows it by the attempt's key.
      const mark = autopay.markAttemptCharged.bind(autopay)
      let forced = false
      jest.spyOn(autopay, "markAttemptCharged").mockImplementation((async (id: string, fields: any, ...rest: any[]) => {
        if (!forced && fields?.customer_payment_id) {
          forced = true
          throw new Error("forced settle failure")
        }
        return (mark as any)(id, fields, ...rest)
      }) as any)
      const followed = await run(bob.id)
      expect(forced).toBe(true)
      expect(followed.run).toMatchObject({ charged: 1, failed: 0 })
      const [bobsPayment] = await autopayPayments(bob.id)
      expect(bobsPayment).toMatchObject({ status: "succeeded" })
      expect(followed.results[0]).toMatchObject({ result: "charged", payment_id: bobsPayment.id, amount: "17.00" })
      expect(await autopay.listAutopayAttempts({ customer_id: bob.id })).toEqual([
        expect.objectContaining({ status: "succeeded", customer_payment_id: bobsPayment.id }),
      ])
      expect(await invoicing.retrieveInvoice(bobs.id)).toMatchObject({ status: "paid" })
      jest.restoreAllMocks()
      expect((await run(bob.id)).run).toMatchObject({ charged: 0, failed: 0 })
      expect(await autopayPayments(bob.id)).toHaveLength(1)
      await expectInvariants(getContainer())
    })
  },
})
