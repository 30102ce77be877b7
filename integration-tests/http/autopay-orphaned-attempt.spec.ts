import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { autopayIdempotencyKey, invoiceSetKey } from "../../src/domain/autopay"
import { AUTOPAY_MODULE } from "../../src/modules/autopay"
import type AutopayModuleService from "../../src/modules/autopay/service"
import { INVOICING_MODULE } from "../../src/modules/invoicing"
import type InvoicingModuleService from "../../src/modules/invoicing/service"
import { runAutopayWorkflow } from "../../src/workflows/autopay/workflows/run-autopay"
import { reconcileCustomerPaymentsWorkflow } from "../../src/workflows/payments/workflows/reconcile-customer-payments"
import { recordOutcome } from "../../src/workflows/payments/record-outcome"
import { createLoggedInCustomer, eventually, expectInvariants, issueServiceInvoice, setUpAutopayStore } from "../helpers"

jest.setTimeout(300_000)

const HOUR = 60 * 60 * 1000
const CARD_OK = { type: "card", data: { number: "4242424242424242" } }

/**
 * An autopay charge whose process died (kill -9, see
 * integration-tests/production/crash.spec.ts) leaves its attempt `pending`:
 * nothing moves it any more, and every later run used to skip its invoices as
 * `in_flight` for ever. The next run now follows what became of it.
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

    const enrolledWithInvoice = async (email: string, price: string) => {
      const customer = await createLoggedInCustomer(api, key, email)
      const saved = await api.post("/store/billing/payment-methods", CARD_OK, { headers: customer.headers })
      await api.put("/store/billing/autopay", { payment_method_id: saved.data.payment_method.id, consent: true }, { headers: customer.headers })
      const invoice = await issueServiceInvoice(getContainer(), customer.id, price, -3)
      const [enrollment] = await autopay.listAutopayEnrollments({ customer_id: customer.id })
      return { customer, invoice, enrollment }
    }
    const run = async (customerId: string, now = new Date()) =>
      (await runAutopayWorkflow(getContainer()).run({ input: { trigger: "admin", customer_id: customerId, now } })).result
    const attempts = async (customerId: string) =>
      (await autopay.listAutopayAttempts({ customer_id: customerId }, { order: { attempt: "ASC" } })).map((a: any) => ({
        attempt: a.attempt,
        status: a.status,
        failure_reason: a.failure_reason ?? null,
      }))

    /**
     * An autopay run whose charge stops for good where the process would have
     * died: reservation committed, provider not called. Its pending payment.
     */
    // The charge's process dies after its reservation, before the provider: its provider call (taken under the
    // customer's lock, the reservation's being the first) never begins. A dead process holds no lock: the
    // Redis provider's expire, the lease's, or the in-memory one's process gone with it.
    const strandedCharge = async (customerId: string) => {
      const locking = getContainer().resolve(Modules.LOCKING) as any
      const execute = locking.execute.bind(locking)
      let customerLocks = 0
      let died!: () => void
      const dead = new Promise<void>((resolve) => (died = resolve))
      jest.spyOn(locking, "execute").mockImplementation(((keys: any, job: any, options: any) => {
        if (keys !== `billing-customer:${customerId}` || ++customerLocks !== 2) return execute(keys, job, options)
        died()
        return new Promise<never>(() => undefined)
      }) as any)
      void run(customerId).catch(() => undefined)
      await dead
      const [stranded] = await eventually(
        () => invoicing.listCustomerPayments({ customer_id: customerId }),
        (list) => list.length === 1
      )
      expect(stranded).toMatchObject({ status: "pending", source: "autopay" })
      jest.restoreAllMocks()
      return stranded
    }

    it("a charge that died after its reservation: once the reconciler expired its payment, the next run charges again (not a decline)", async () => {
      const { customer, invoice } = await enrolledWithInvoice("died@test.dev", "42.00")
      const stranded = await strandedCharge(customer.id)

      // Until the reconciler has settled the payment, its reservation keeps the invoice from being charged again.
      expect((await run(customer.id)).results).toEqual([expect.objectContaining({ result: "skipped", reason: "nothing_due" })])

      await reconcileCustomerPaymentsWorkflow(getContainer()).run({
        input: { now: new Date(Date.now() + 2 * HOUR), stale_after_minutes: 5, abandon_after_minutes: 60 },
      })
      expect(await invoicing.retrieveCustomerPayment(stranded.id)).toMatchObject({ status: "canceled", failure_reason: "abandoned" })

      const next = await run(customer.id)
      expect(next.results).toEqual([expect.objectContaining({ result: "charged" })])
      expect(await attempts(customer.id)).toEqual([
        { attempt: 1, status: "failed", failure_reason: "not_charged: payment abandoned" },
        { attempt: 2, status: "succeeded", failure_reason: null },
      ])
      expect((await invoicing.retrieveInvoice(invoice.id)).status).toBe("paid")
      const made = await invoicing.listCustomerPayments({ customer_id: customer.id }, { order: { created_at: "ASC" } })
      expect(made.map((p) => p.status)).toEqual(["canceled", "succeeded"])
      await expectInvariants(getContainer())
    })

    it("a charge the reconciler later records as declined for the customer's own confirmation (SCA): the attempt needs the customer, no retry is scheduled", async () => {
      const { customer, invoice } = await enrolledWithInvoice("sca@test.dev", "23.00")
      // The run never learns what became of its charge...
      const stranded = await strandedCharge(customer.id)
      // ...and the reconciler finds the intent Stripe declined with authentication_required
      await recordOutcome(getContainer(), stranded.id, { status: "failed", failure_reason: "authentication_required" })
      await eventually(
        () => attempts(customer.id),
        (list) => list[0]?.status !== "pending"
      )
      expect((await run(customer.id, new Date(Date.now() + 26 * HOUR))).results).not.toEqual([expect.objectContaining({ result: "charged" })])
      const [attempt, ...more] = await autopay.listAutopayAttempts({ customer_id: customer.id })
      expect([attempt.status, attempt.failure_reason, attempt.next_retry_at, attempt.customer_payment_id, more]).toEqual([
        "requires_action",
        "authentication_required",
        null,
        stranded.id,
        [],
      ])
      expect((await invoicing.retrieveInvoice(invoice.id)).status).toBe("open")
      await expectInvariants(getContainer())
    })

    it("a 3-D Secure release whose settle step died before moving the attempt: the next run leaves it needing the customer, who is told once", async () => {
      const { customer, invoice } = await enrolledWithInvoice("released@test.dev", "31.00")
      const stranded = await strandedCharge(customer.id)
      // what the settle step records first when the bank asks for 3-D Secure; then its process dies
      await recordOutcome(getContainer(), stranded.id, { status: "canceled", failure_reason: "authentication_required" })

      expect((await run(customer.id)).results).toEqual([expect.objectContaining({ result: "skipped", reason: "awaiting_customer" })])
      expect((await run(customer.id, new Date(Date.now() + 26 * HOUR))).results).toEqual([
        expect.objectContaining({ result: "skipped", reason: "awaiting_customer" }),
      ])
      const [attempt, ...more] = await autopay.listAutopayAttempts({ customer_id: customer.id })
      expect([attempt.status, attempt.failure_reason, attempt.next_retry_at, more]).toEqual(["requires_action", "authentication_required", null, []])
      const told = await getContainer().resolve(Modules.NOTIFICATION).listNotifications({ to: "released@test.dev", template: "billing.autopay_failed" } as any)
      expect(told).toHaveLength(1)
      expect((await invoicing.retrieveInvoice(invoice.id)).status).toBe("open")
      await expectInvariants(getContainer())
    })

    it("a claim that died before its reservation is in flight for the abandoned-payment threshold, then charged again", async () => {
      const { customer, invoice, enrollment } = await enrolledWithInvoice("claimed@test.dev", "17.00")
      await autopay.claimAttempt({
        enrollment_id: enrollment.id,
        customer_id: customer.id,
        run_id: null,
        currency_code: "usd",
        invoice_ids: [invoice.id],
        series_key: invoiceSetKey([invoice.id]),
        attempt: 1,
        amount: "17.00",
        idempotency_key: autopayIdempotencyKey(enrollment.id, [invoice.id], 1),
      })
      expect((await run(customer.id)).results).toEqual([expect.objectContaining({ result: "skipped", reason: "in_flight" })])

      const later = await run(customer.id, new Date(Date.now() + 2 * HOUR))
      expect(later.results).toEqual([expect.objectContaining({ result: "charged" })])
      expect(await attempts(customer.id)).toEqual([
        { attempt: 1, status: "failed", failure_reason: "not_charged: claim abandoned" },
        { attempt: 2, status: "succeeded", failure_reason: null },
      ])
      expect((await invoicing.retrieveInvoice(invoice.id)).status).toBe("paid")
      await expectInvariants(getContainer())
    })
  },
})
