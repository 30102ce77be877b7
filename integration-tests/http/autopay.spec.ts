import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { createStep, createWorkflow, StepResponse, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { AUTOPAY_MODULE } from "../../src/modules/autopay"
import type AutopayModuleService from "../../src/modules/autopay/service"
import { INVOICING_MODULE } from "../../src/modules/invoicing"
import type InvoicingModuleService from "../../src/modules/invoicing/service"
import { PORTAL_MODULE } from "../../src/modules/portal"
import type PortalModuleService from "../../src/modules/portal/service"
import { recordOutcome, recordReversal } from "../../src/workflows/payments/record-outcome"
import { runAutopayWorkflow } from "../../src/workflows/autopay/workflows/run-autopay"
import { enrollAutopayStep } from "../../src/workflows/autopay/steps/enroll-autopay"
import {
  createAdmin,
  createLoggedInCustomer,
  createPublishableKey,
  eventually,
  expectInvariants,
  issueServiceInvoice,
  setStoreCurrencies,
  settle,
} from "../helpers"

jest.setTimeout(180_000)

const DAY = 24 * 60 * 60 * 1000
const CARD_OK = { type: "card", data: { number: "4242424242424242" } }
const CARD_DECLINES = { type: "card", data: { number: "4000000000000002" } }
// authentication required on every charge, even off-session with a saved card
const CARD_SCA = { type: "card", data: { number: "4000002760003184" } }
const ACH_RETURNS = { type: "us_bank_account", data: { account_number: "000555555559", routing_number: "110000000" } }
const ACH_OK = { type: "us_bank_account", data: { account_number: "000123456789", routing_number: "110000000" } }
const ACH_FAILS = { type: "us_bank_account", data: { account_number: "000111111113", routing_number: "110000000" } }

type Customer = { id: string; headers: Record<string, string> }

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let jane: Customer
    let bob: Customer
    let adminHeaders: Record<string, any>
    let invoicing: InvoicingModuleService
    let autopay: AutopayModuleService
    let keyCounter = 0

    const issue = (customerId: string, price: string, dueInDays: number, currency = "usd") =>
      issueServiceInvoice(getContainer(), customerId, price, dueInDays, currency)
    const saveMethod = async (who: Customer, body: Record<string, unknown>) => {
      const res = await api.post("/store/billing/payment-methods", body, { headers: who.headers })
      expect(res.status).toBe(201)
      return res.data.payment_method.id as string
    }
    const enroll = (who: Customer, body: Record<string, unknown>) =>
      settle(api.put("/store/billing/autopay", body, { headers: who.headers }))
    const invoice = async (id: string) => (await api.get(`/store/billing/invoices/${id}`, { headers: jane.headers })).data.invoice
    const emails = async (template: string, to?: string) =>
      ((await getContainer().resolve(Modules.NOTIFICATION).listNotifications({ template } as any)) as any[]).filter(
        (n) => !to || n.to === to
      )
    const runAt = async (customerId: string, now: Date) =>
      (await runAutopayWorkflow(getContainer()).run({ input: { trigger: "admin", customer_id: customerId, now } })).result
    const payments = (customerId: string) => invoicing.listCustomerPayments({ customer_id: customerId, source: "autopay" } as any)

    beforeEach(async () => {
      const container = getContainer()
      invoicing = container.resolve(INVOICING_MODULE)
      autopay = container.resolve(AUTOPAY_MODULE)
      await setStoreCurrencies(container, ["usd"])
      adminHeaders = await createAdmin(container, api)
      const key = await createPublishableKey(container)
      jane = await createLoggedInCustomer(api, key, "jane@test.dev", "Jane")
      bob = await createLoggedInCustomer(api, key, "bob@test.dev", "Bob")
      await container.resolve<PortalModuleService>(PORTAL_MODULE).updateSettings({
        support_email: "billing@business.test",
        autopay: { allowed: true, pre_debit_notice_days: 3 },
      })
    })

    it("enrolls with a recorded consent that the customer and the admin see; refuses bad requests; another customer sees nothing", async () => {
      const card = await saveMethod(jane, CARD_OK)

      expect((await api.get("/store/billing/autopay", { headers: jane.headers })).data.autopay).toMatchObject({
        status: "none",
        current_terms: { allowed: true, terms_version: "1" },
      })
      const noConsent = await enroll(jane, { payment_method_id: card })
      expect(noConsent.status).toBe(400)
      expect(noConsent.data.message).toContain("consent")
      const falseConsent = await enroll(jane, { payment_method_id: card, consent: false })
      expect(falseConsent.status).toBe(400)
      expect(falseConsent.data.message).toContain("consent must be true")
      const unknown = await enroll(jane, { payment_method_id: "sbpm_nope", consent: true })
      expect(unknown.status).toBe(400)
      expect(unknown.data.message).toBe("payment_method_id: no saved payment method with this id")
      const badLimit = await enroll(jane, { payment_method_id: card, consent: true, max_amount: "-5" })
      expect(badLimit.status).toBe(400)
      expect(badLimit.data.message).toContain("max_amount")
      const oldTerms = await enroll(jane, { payment_method_id: card, consent: true, terms_version: "0" })
      expect(oldTerms.status).toBe(400)
      expect(oldTerms.data.message).toContain("terms_version")
      // Bob cannot enroll with Jane's card
      const foreign = await enroll(bob, { payment_method_id: card, consent: true })
      expect(foreign.status).toBe(400)
      expect(foreign.data.message).toBe("payment_method_id: no saved payment method with this id")

      const before = Date.now()
      const created = await enroll(jane, { payment_method_id: card, consent: true, max_amount: 500, max_amount_currency_code: "USD", terms_version: "1" })
      expect(created.status).toBe(201)
      expect(created.data.autopay).toMatchObject({
        status: "active",
        payment_method_id: card,
        payment_method_type: "card",
        terms_version: "1",
        max_amount: 500,
        max_amount_currency_code: "usd",
        terms_text: expect.stringContaining("I authorize"),
      })
      expect((await api.get("/store/billing/autopay", { headers: jane.headers })).data.autopay).toMatchObject({
        max_amount: 500,
        max_amount_currency_code: "usd",
      })
      expect(new Date(created.data.autopay.consented_at).getTime()).toBeGreaterThanOrEqual(before - 1000)
      expect((await api.get("/store/billing/account", { headers: jane.headers })).data.account.autopay).toMatchObject({
        status: "active",
        payment_method_id: card,
      })
      await eventually(() => emails("billing.autopay_changed", "jane@test.dev"), (e) => e.length === 1)

      const admin = await api.get(`/admin/billing/autopay?customer_id=${jane.id}`, adminHeaders)
      expect(admin.data.enrollments).toEqual([
        expect.objectContaining({ customer_id: jane.id, status: "active", terms_version: "1", consent_ip: expect.any(String) }),
      ])
      expect((await api.get("/store/billing/autopay", { headers: bob.headers })).data.autopay.status).toBe("none")
      // Bob's DELETE cancels nothing of Jane's
      expect((await api.delete("/store/billing/autopay", { headers: bob.headers })).data.deleted).toBe(false)
      expect((await api.get("/store/billing/autopay", { headers: jane.headers })).data.autopay.status).toBe("active")

      // cancelling takes effect at once, and is emailed
      const canceled = await api.delete("/store/billing/autopay", { headers: jane.headers })
      expect(canceled.data).toMatchObject({ deleted: true, autopay: { status: "canceled" } })
      expect((await api.get("/store/billing/autopay", { headers: jane.headers })).data.autopay.status).toBe("none")
      await eventually(() => emails("billing.autopay_changed", "jane@test.dev"), (e) => e.length === 2)

      // not offered: 403
      await getContainer().resolve<PortalModuleService>(PORTAL_MODULE).updateSettings({ autopay: { allowed: false } })
      const closed = await enroll(jane, { payment_method_id: card, consent: true })
      expect(closed.status).toBe(403)
      expect(closed.data.message).toBe("Autopay is not offered in this billing portal")
      const keyOnly = { "x-publishable-api-key": jane.headers["x-publishable-api-key"] }
      expect((await settle(api.get("/store/billing/autopay", { headers: keyOnly }))).status).toBe(401)
    })

    it("charges exactly the due invoices once; repeated and simultaneous runs charge nothing more; a manual payment in flight is never charged again", async () => {
      const card = await saveMethod(jane, CARD_OK)
      expect((await enroll(jane, { payment_method_id: card, consent: true })).status).toBe(201)
      const overdue = await issue(jane.id, "120.00", -5)
      const dueToday = await issue(jane.id, "30.00", 0)
      const later = await issue(jane.id, "99.00", 10)
      const inFlight = await issue(jane.id, "45.00", -2)
      const bobs = await issue(bob.id, "70.00", -3)
      // a manual ACH payment on one due invoice is still processing
      const manual = await api.post(
        "/store/billing/payments",
        { mode: "selected_invoices", currency_code: "usd", invoice_ids: [inFlight.id], payment_method: ACH_OK },
        { headers: { ...jane.headers, "idempotency-key": `manual-${++keyCounter}` } }
      )
      expect(manual.data.payment.status).toBe("processing")

      const run = await api.post("/admin/billing/autopay/run", { customer_id: jane.id }, adminHeaders)
      expect(run.data.run).toMatchObject({ charged: 1, failed: 0, trigger: "admin", customer_id: jane.id })
      const [payment] = await payments(jane.id)
      expect(payment).toMatchObject({ status: "succeeded", method: "card", source: "autopay", mode: "selected_invoices" })
      expect(Number(payment.amount)).toBe(150)
      expect(await invoice(overdue.id)).toMatchObject({ status: "paid" })
      expect(await invoice(dueToday.id)).toMatchObject({ status: "paid" })
      expect(await invoice(later.id)).toMatchObject({ status: "open", amount_due: 99 })
      expect(await invoice(inFlight.id)).toMatchObject({ status: "open", amount_pending: 45 })
      expect((await invoicing.retrieveInvoice(bobs.id)).status).toBe("open")
      await eventually(() => emails("billing.autopay_charged", "jane@test.dev"), (e) => e.length === 1)

      // the same run again, and two at once, once a new invoice is due
      expect((await api.post("/admin/billing/autopay/run", { customer_id: jane.id }, adminHeaders)).data.run).toMatchObject({ charged: 0, failed: 0 })
      const fresh = await issue(jane.id, "10.00", -1)
      const both = await Promise.all([runAt(jane.id, new Date()), runAt(jane.id, new Date())])
      expect(both.map((r) => r.run.charged).sort()).toEqual([0, 1])
      expect(await invoice(fresh.id)).toMatchObject({ status: "paid" })
      expect(await payments(jane.id)).toHaveLength(2)
      const runs = await api.get(`/admin/billing/autopay?customer_id=${jane.id}`, adminHeaders)
      expect(runs.data.runs.length).toBeGreaterThanOrEqual(4)
      expect(runs.data.runs[0]).toMatchObject({ finished_at: expect.any(String) })
      await expectInvariants(getContainer())
    })

    it("a per-charge limit below what is due charges nothing; an ACH enrollment gets its pre-debit notice first", async () => {
      const bank = await saveMethod(jane, ACH_OK)
      expect((await enroll(jane, { payment_method_id: bank, consent: true, max_amount: "100.00", max_amount_currency_code: "usd" })).status).toBe(201)
      await issue(jane.id, "120.00", -1)
      const soon = await issue(jane.id, "40.00", 2)
      const result = await runAt(jane.id, new Date())
      expect(result.run).toMatchObject({ charged: 0, skipped: 1 })
      expect(result.results[0]).toMatchObject({ result: "skipped", reason: "over_limit" })
      expect(await payments(jane.id)).toHaveLength(0)
      const notices = await emails("billing.autopay_notice", "jane@test.dev")
      expect(notices).toHaveLength(1)
      expect(notices[0].data.autopay).toMatchObject({ amount: "40.00", currency: "USD", invoices: [expect.stringContaining("40.00")] })
      // the next run sends no second notice for the same invoices
      await runAt(jane.id, new Date())
      expect(await emails("billing.autopay_notice", "jane@test.dev")).toHaveLength(1)
      expect(soon.id).toBeTruthy()
    })

    it("a limit belongs to a currency: exact in its currency, one the store accepts; a USD limit does not limit a JPY charge", async () => {
      await setStoreCurrencies(getContainer(), ["usd", "jpy"])
      const card = await saveMethod(jane, CARD_OK)
      const yenDecimals = await enroll(jane, { payment_method_id: card, consent: true, max_amount: "5000.5", max_amount_currency_code: "jpy" })
      expect(yenDecimals.status).toBe(400)
      expect(yenDecimals.data.message).toBe("max_amount has more decimals than JPY allows (0)")
      const noCurrency = await enroll(jane, { payment_method_id: card, consent: true, max_amount: "50.00" })
      expect(noCurrency.status).toBe(400)
      expect(noCurrency.data.message).toBe("max_amount_currency_code is required when max_amount is given")
      const foreign = await enroll(jane, { payment_method_id: card, consent: true, max_amount: "50.00", max_amount_currency_code: "eur" })
      expect(foreign.status).toBe(400)
      expect(foreign.data.message).toBe("max_amount_currency_code: the store does not accept EUR (accepted: USD, JPY)")
      expect((await api.get("/store/billing/autopay", { headers: jane.headers })).data.autopay.status).toBe("none")

      const enrolled = await enroll(jane, { payment_method_id: card, consent: true, max_amount: "100.00", max_amount_currency_code: "usd" })
      expect(enrolled.status).toBe(201)
      expect(enrolled.data.autopay).toMatchObject({ max_amount: 100, max_amount_currency_code: "usd" })
      const yen = await issue(jane.id, "15000", -1, "jpy")
      const dollars = await issue(jane.id, "120.00", -1)
      // Bob has no enrollment: nothing of his is charged
      const bobs = await issue(bob.id, "20000", -1, "jpy")
      const result = await runAt(jane.id, new Date())
      expect(result.results).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ currency_code: "jpy", result: "charged" }),
          expect.objectContaining({ currency_code: "usd", result: "skipped", reason: "over_limit" }),
        ])
      )
      expect(result.run).toMatchObject({ charged: 1, skipped: 1, failed: 0 })
      expect(await invoice(yen.id)).toMatchObject({ status: "paid" })
      expect(await invoice(dollars.id)).toMatchObject({ status: "open", amount_due: 120 })
      const charged = await payments(jane.id)
      expect(charged).toHaveLength(1)
      expect(charged[0]).toMatchObject({ currency_code: "jpy", status: "succeeded" })
      expect(Number(charged[0].amount)).toBe(15000)
      expect((await invoicing.retrieveInvoice(bobs.id)).status).toBe("open")
      await expectInvariants(getContainer())
    })

    it("a declined card retries on the configured days, then stops and tells the customer and the business", async () => {
      const card = await saveMethod(jane, CARD_DECLINES)
      expect((await enroll(jane, { payment_method_id: card, consent: true })).status).toBe(201)
      const due = await issue(jane.id, "80.00", -1)
      const t0 = new Date()
      const at = (days: number, hours = 0) => new Date(t0.getTime() + days * DAY + hours * 3600_000)

      expect((await runAt(jane.id, at(0))).run).toMatchObject({ failed: 1 })
      expect((await runAt(jane.id, at(0, 12))).results[0]).toMatchObject({ result: "skipped", reason: "retry_scheduled" })
      expect((await runAt(jane.id, at(1))).run).toMatchObject({ failed: 1 })
      expect((await runAt(jane.id, at(2))).results[0]).toMatchObject({ reason: "retry_scheduled" })
      expect((await runAt(jane.id, at(3))).run).toMatchObject({ failed: 1 })
      expect((await runAt(jane.id, at(5))).run).toMatchObject({ failed: 1 })
      expect((await runAt(jane.id, at(9))).results[0]).toMatchObject({ result: "skipped", reason: "retries_exhausted" })

      const attempts = await autopay.listAutopayAttempts({ customer_id: jane.id }, { order: { attempt: "ASC" } })
      expect(attempts.map((a) => [a.attempt, a.status])).toEqual([
        [1, "failed"],
        [2, "failed"],
        [3, "failed"],
        [4, "failed"],
      ])
      expect(attempts.map((a) => a.next_retry_at && new Date(a.next_retry_at).toISOString())).toEqual([
        at(1).toISOString(),
        at(3).toISOString(),
        at(5).toISOString(),
        null,
      ])
      expect((await payments(jane.id)).map((p) => p.status)).toEqual(["failed", "failed", "failed", "failed"])
      expect(await invoice(due.id)).toMatchObject({ status: "open", amount_pending: 0, amount_due: 80 })
      await eventually(() => emails("billing.autopay_failed", "billing@business.test"), (e) => e.length === 1)
      const final = (await emails("billing.autopay_failed", "jane@test.dev")).filter((n) =>
        String(n.data?.payment?.failure_reason).includes("will not try these invoices again")
      )
      expect(final).toHaveLength(1)
      await expectInvariants(getContainer())
    })

    it("an ACH debit that fails days after the run is retried on the configured days", async () => {
      const bank = await saveMethod(jane, ACH_FAILS)
      expect((await enroll(jane, { payment_method_id: bank, consent: true })).status).toBe(201)
      const due = await issue(jane.id, "75.00", -1)
      const t0 = new Date()
      expect((await runAt(jane.id, t0)).run).toMatchObject({ charged: 1 })
      const [payment] = await payments(jane.id)
      expect(payment.status).toBe("processing")
      // the bank's answer arrives later (webhook → recorded outcome → billing.payment.failed)
      await recordOutcome(getContainer(), payment.id, { status: "failed", failure_reason: "R01 insufficient funds" })
      const [attempt] = await eventually(
        () => autopay.listAutopayAttempts({ customer_payment_id: payment.id }),
        (a: any[]) => a[0]?.status === "failed"
      )
      expect(attempt).toMatchObject({ status: "failed", failure_reason: "R01 insufficient funds", attempt: 1 })
      expect(attempt.next_retry_at).not.toBeNull()
      expect(await invoice(due.id)).toMatchObject({ status: "open", amount_pending: 0 })
      await eventually(() => emails("billing.autopay_failed", "jane@test.dev"), (e) => e.length === 1)
      // before the retry day nothing happens; on it, a second attempt is made
      const retryAt = new Date(attempt.next_retry_at!)
      expect((await runAt(jane.id, new Date(retryAt.getTime() - 12 * 60 * 60_000))).results[0]).toMatchObject({ reason: "retry_scheduled" })
      // the run of the retry day, even one that comes an hour early (a daylight-saving change)
      expect((await runAt(jane.id, new Date(retryAt.getTime() - 60 * 60_000))).run).toMatchObject({ charged: 1 })
      expect((await autopay.listAutopayAttempts({ customer_id: jane.id }, { order: { attempt: "ASC" } })).map((a) => a.attempt)).toEqual([1, 2])
      await expectInvariants(getContainer())
    })

    it("an off-session charge that needs the customer releases the invoices and emails a link to pay in the portal", async () => {
      const card = await saveMethod(jane, CARD_SCA)
      expect((await enroll(jane, { payment_method_id: card, consent: true })).status).toBe(201)
      const due = await issue(jane.id, "60.00", -1)
      const result = await runAt(jane.id, new Date())
      expect(result.results[0]).toMatchObject({ result: "failed", reason: "authentication_required" })
      const [payment] = await payments(jane.id)
      expect(payment).toMatchObject({ status: "failed", failure_reason: "authentication_required" })
      expect(await invoice(due.id)).toMatchObject({ status: "open", amount_pending: 0 })
      const mails = await eventually(() => emails("billing.autopay_failed", "jane@test.dev"), (m) => m.length > 0)
      expect(mails).toHaveLength(1)
      expect(mails[0].data.payment.failure_reason).toBe("your bank asks you to confirm this payment yourself")
      expect(mails[0].data.payment_url).toEqual(expect.stringContaining("http"))
      // the next run does not try again behind the customer's back
      expect((await runAt(jane.id, new Date())).results[0]).toMatchObject({ reason: "awaiting_customer" })
    })

    it("an ACH return pauses the enrollment until the customer confirms a method again", async () => {
      const bank = await saveMethod(jane, ACH_RETURNS)
      expect((await enroll(jane, { payment_method_id: bank, consent: true })).status).toBe(201)
      await issue(jane.id, "55.00", -1)
      expect((await runAt(jane.id, new Date())).run).toMatchObject({ charged: 1 })
      const [payment] = await payments(jane.id)
      expect(payment.status).toBe("processing")
      await recordOutcome(getContainer(), payment.id, { status: "succeeded" })
      await recordReversal(getContainer(), payment.id, { reason: "R01 insufficient funds", occurred_at: new Date() })
      const paused = await eventually(
        (): Promise<any> => api.get("/store/billing/autopay", { headers: jane.headers }),
        (r: any) => r.data.autopay.status === "paused"
      )
      expect(paused.data.autopay.pause_reason).toContain(payment.id)
      // paused: the next run charges nothing, though the invoice is open again
      expect((await runAt(jane.id, new Date())).run).toMatchObject({ enrollments: 0, charged: 0 })
      // the customer confirms a method again: active, and the next run charges
      const card = await saveMethod(jane, CARD_OK)
      expect((await enroll(jane, { payment_method_id: card, consent: true })).data.autopay.status).toBe("active")
      expect((await runAt(jane.id, new Date())).run).toMatchObject({ charged: 1 })
      await expectInvariants(getContainer())
    })

    it("the customer pauses autopay: nothing is charged until they turn it on again; the pause is emailed once; another customer pauses nothing", async () => {
      const card = await saveMethod(jane, CARD_OK)
      // nothing to pause yet
      const none = await settle(api.post("/store/billing/autopay/pause", {}, { headers: jane.headers }))
      expect(none.status).toBe(404)
      expect(none.data.message).toBe("Autopay is not on, so there is nothing to pause")
      expect((await enroll(jane, { payment_method_id: card, consent: true, max_amount: "80.00", max_amount_currency_code: "usd" })).status).toBe(201)
      await eventually(() => emails("billing.autopay_changed", "jane@test.dev"), (e) => e.length === 1)
      await issue(jane.id, "55.00", -1)

      // Bob has no enrollment: a 404, and Jane's is untouched
      expect((await settle(api.post("/store/billing/autopay/pause", {}, { headers: bob.headers }))).status).toBe(404)
      expect((await api.get("/store/billing/autopay", { headers: jane.headers })).data.autopay.status).toBe("active")
      // an unknown field: 400 naming it, nothing paused
      const unknownField = await settle(api.post("/store/billing/autopay/pause", { until: "2027-01-01" }, { headers: jane.headers }))
      expect(unknownField.status).toBe(400)
      expect(unknownField.data.message).toContain("until")
      expect((await api.get("/store/billing/autopay", { headers: jane.headers })).data.autopay.status).toBe("active")

      const paused = await api.post("/store/billing/autopay/pause", {}, { headers: jane.headers })
      expect(paused.status).toBe(200)
      expect(paused.data.autopay).toMatchObject({
        status: "paused",
        pause_reason: "paused by the customer",
        payment_method_id: card,
        max_amount: 80,
        paused_at: expect.any(String),
      })
      // pausing again changes nothing (and sends nothing more)
      const again = await api.post("/store/billing/autopay/pause", {}, { headers: jane.headers })
      expect(again.data.autopay.paused_at).toBe(paused.data.autopay.paused_at)
      const pauseEmails = await eventually(() => emails("billing.autopay_changed", "jane@test.dev"), (e) => e.length === 2)
      expect(pauseEmails.map((e: any) => e.data.autopay.status).sort()).toEqual(["active", "paused"])
      expect((await api.get(`/admin/billing/autopay?customer_id=${jane.id}`, adminHeaders)).data.enrollments).toEqual([
        expect.objectContaining({ status: "paused", pause_reason: "paused by the customer" }),
      ])

      // paused: the run charges nothing, though an invoice is due
      expect((await runAt(jane.id, new Date())).run).toMatchObject({ enrollments: 0, charged: 0 })
      expect(await payments(jane.id)).toHaveLength(0)

      // turning it on again is a new consent; the limit is what the customer sends
      const resumed = await enroll(jane, { payment_method_id: card, consent: true, max_amount: "80.00", max_amount_currency_code: "usd" })
      expect(resumed.status).toBe(200)
      expect(resumed.data.autopay).toMatchObject({ status: "active", paused_at: null, pause_reason: null, max_amount: 80 })
      expect((await runAt(jane.id, new Date())).run).toMatchObject({ charged: 1 })
      await eventually(() => emails("billing.autopay_changed", "jane@test.dev"), (e) => e.length === 3)
      await expectInvariants(getContainer())
    })

    it("unless_changed_since: a consent applied later leaves autopay alone when the customer set it up, changed, paused or canceled it since (409, nothing written)", async () => {
      const card = await saveMethod(jane, CARD_OK)
      const other = await saveMethod(jane, ACH_OK)
      const since = () => new Date(Date.now() - 1).toISOString()
      const later = (body: Record<string, unknown>, at: string) => enroll(jane, { payment_method_id: card, consent: true, ...body, unless_changed_since: at })
      const state = async () => (await api.get("/store/billing/autopay", { headers: jane.headers })).data.autopay

      // nothing since: enrolled as asked
      const first = since()
      await new Promise((resolve) => setTimeout(resolve, 5))
      expect((await later({}, first)).status).toBe(201)
      // enrolled after that moment (by the request above): the same consent applied again is refused
      const again = await later({}, first)
      expect([again.status, again.data.type, again.data.message, again.data.autopay.payment_method_id]).toEqual([
        409,
        "conflict",
        "Autopay was changed after that moment, so it was left as it is",
        card,
      ])
      // the customer moved autopay to the bank account, then paused it; each refuses an older consent
      const beforeChange = since()
      await new Promise((resolve) => setTimeout(resolve, 5))
      expect((await enroll(jane, { payment_method_id: other, consent: true })).status).toBe(200)
      expect((await later({}, beforeChange)).status).toBe(409)
      const beforePause = since()
      await new Promise((resolve) => setTimeout(resolve, 5))
      await api.post("/store/billing/autopay/pause", {}, { headers: jane.headers })
      expect((await later({}, beforePause)).status).toBe(409)
      expect(await state()).toMatchObject({ status: "paused", payment_method_id: other })
      // canceled since: stays off
      const beforeCancel = since()
      await new Promise((resolve) => setTimeout(resolve, 5))
      await api.delete("/store/billing/autopay", { headers: jane.headers })
      const afterCancel = await later({}, beforeCancel)
      expect([afterCancel.status, afterCancel.data.autopay.status]).toEqual([409, "none"])
      expect((await state()).status).toBe("none")
      // a consent given after all that applies
      expect((await later({}, new Date(Date.now() + 1000).toISOString())).status).toBe(201)
      // not a date-time: 400 naming it
      const bad = await enroll(jane, { payment_method_id: card, consent: true, unless_changed_since: "yesterday" })
      expect([bad.status, bad.data.message]).toEqual([400, expect.stringContaining("unless_changed_since must be an ISO 8601 date")])
    })

    it("a pause that lands while an older consent is being applied (unless_changed_since) waits for it and is not undone by it", async () => {
      const card = await saveMethod(jane, CARD_OK)
      expect((await enroll(jane, { payment_method_id: card, consent: true })).status).toBe(201)
      // the consent given with a payment, applied later by the receipt page
      const since = new Date().toISOString()
      await new Promise((resolve) => setTimeout(resolve, 5))

      // hold the deferred PUT between its "changed since?" check and its write (a few ms in real life)
      const original = autopay.listAutopayEnrollments.bind(autopay)
      let release!: () => void
      const gate = new Promise<void>((resolve) => (release = resolve))
      let reached!: () => void
      const atWrite = new Promise<void>((resolve) => (reached = resolve))
      let held = false
      const spy = jest.spyOn(autopay, "listAutopayEnrollments").mockImplementation((async (filters: any, config: any, ctx: any) => {
        if (!held && ctx?.transactionManager) {
          held = true
          reached()
          await gate
        }
        return original(filters, config, ctx)
      }) as any)
      // the customer's shared lock (the Locking Module's), which enroll and pause take around their transactions
      const locking = getContainer().resolve(Modules.LOCKING) as any
      const execute = locking.execute.bind(locking)
      let customerLockCalls = 0
      const lockSpy = jest.spyOn(locking, "execute").mockImplementation(((keys: any, job: any, options: any) => {
        if (keys === `billing-customer:${jane.id}`) customerLockCalls++
        return execute(keys, job, options)
      }) as any)
      try {
        const put = enroll(jane, { payment_method_id: card, consent: true, unless_changed_since: since })
        await atWrite
        // meanwhile, in another tab, the customer pauses autopay (after \`since\`)
        let pauseDone = false
        const pause = settle(api.post("/store/billing/autopay/pause", {}, { headers: jane.headers })).finally(() => (pauseDone = true))
        // the pause either waits for the customer's lock (the shared one the enroll holds, or the autopay
        // advisory lock in the database) or has already answered (the defect)
        const pg = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
        await eventually(
          async () =>
            pauseDone ||
            customerLockCalls >= 2 ||
            Number((
              await pg.raw(
                // this suite's database only (other suites run beside it on the same server)
                "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
              )
            ).rows[0].n) > 0,
          (ready) => ready === true
        )
        release()
        const [applied, paused] = await Promise.all([put, pause])
        // one after the other: the consent applied, then the pause, which the customer sees last
        expect([applied.status, paused.status, paused.data.autopay?.status]).toEqual([200, 200, "paused"])
        const after = (await api.get("/store/billing/autopay", { headers: jane.headers })).data.autopay
        expect(after).toMatchObject({ status: "paused", pause_reason: "paused by the customer" })
        expect(new Date(after.paused_at).getTime()).toBeGreaterThanOrEqual(new Date(after.consented_at).getTime())
      } finally {
        release()
        spy.mockRestore()
        lockSpy.mockRestore()
      }
      await expectInvariants(getContainer())
    })

    it("unless_changed_since outside the accepted years once in UTC, or not a real day, is a 400 naming the field, not a 500", async () => {
      const card = await saveMethod(jane, CARD_OK)
      for (const v of [
        "0000-01-01T00:00:00Z",
        "0000-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59.999-14:00",
        "2026-02-30T00:00:00Z",
        "2026-13-01T00:00:00Z",
      ]) {
        const r = await enroll(jane, { payment_method_id: card, consent: true, unless_changed_since: v })
        expect([v, r.status, r.data.message]).toEqual([v, 400, expect.stringContaining("unless_changed_since")])
      }
      // nothing was enrolled by any of them; the ordinary forms still apply
      expect((await api.get("/store/billing/autopay", { headers: jane.headers })).data.autopay.status).toBe("none")
      const ok = await enroll(jane, { payment_method_id: card, consent: true, unless_changed_since: "2026-03-01T09:00:00.5+02:00" })
      expect(ok.status).toBe(201)
    })

    it("an enrollment undone by a later failing step puts the old one back, but never undoes a pause made in between", async () => {
      const autopay = getContainer().resolve<AutopayModuleService>(AUTOPAY_MODULE)
      const consent = (method: string) => ({
        customer_id: jane.id,
        payment_method_id: method,
        payment_method_type: "card" as const,
        payment_method_label: "Visa •••• 4242",
        provider_id: "pp_billing-sandbox_sandbox",
        max_amount: null,
        max_amount_currency_code: null,
        terms_version: "1",
        terms_text: "I authorize…",
      })
      await autopay.enroll({ ...consent("pm_old"), now: new Date(Date.now() - DAY) })
      const failing = createStep("billing-test-fail-after-enroll", async () => {
        throw new Error("a later step failed (test)")
      })
      const pauseIt = createStep("billing-test-pause-after-enroll", async (id: string) => {
        await autopay.pauseEnrollment(id, "returned", new Date())
        return new StepResponse(undefined)
      })
      const enrollThenFail = createWorkflow("billing-test-enroll-then-fail", (input: any) => {
        enrollAutopayStep(input)
        failing()
        return new WorkflowResponse(undefined)
      })
      const enrollPauseThenFail = createWorkflow("billing-test-enroll-pause-then-fail", (input: any) => {
        const enrolled = enrollAutopayStep(input)
        pauseIt(transform({ enrolled }, ({ enrolled }) => enrolled.enrollment.id))
        failing()
        return new WorkflowResponse(undefined)
      })

      const undone = await enrollThenFail(getContainer()).run({ input: consent("pm_new"), throwOnError: false })
      expect(undone.errors.map((e: any) => e.error.message)).toEqual(["a later step failed (test)"])
      expect(await autopay.retrieveLiveEnrollment(jane.id)).toMatchObject({ status: "active", payment_method_id: "pm_old" })

      const paused = await enrollPauseThenFail(getContainer()).run({ input: consent("pm_new"), throwOnError: false })
      expect(paused.errors.map((e: any) => e.error.message)).toEqual(["a later step failed (test)"])
      expect(await autopay.retrieveLiveEnrollment(jane.id)).toMatchObject({ status: "paused", payment_method_id: "pm_new", pause_reason: "returned" })
      expect(await autopay.retrieveLiveEnrollment(bob.id)).toBeNull()
    })

    it("a charge never goes over the limit per charge: a pending payment that fails while the charge is being prepared is not charged with it", async () => {
      const card = await saveMethod(jane, CARD_OK)
      expect((await enroll(jane, { payment_method_id: card, consent: true, max_amount: "50.00", max_amount_currency_code: "usd" })).status).toBe(201)
      const due = await issue(jane.id, "100.00", -1)
      // Jane pays 60 of it by bank: processing, so autopay sees 40 left (under her 50 limit)
      const manual = await api.post(
        "/store/billing/payments",
        { mode: "fixed_amount", currency_code: "usd", amount: "60.00", payment_method: ACH_OK },
        { headers: { ...jane.headers, "idempotency-key": `manual-${++keyCounter}` } }
      )
      expect([manual.status, manual.data.payment.status]).toEqual([201, "processing"])
      // the bank debit fails after the run decided to charge 40, before the charge reserves
      const claim = autopay.claimAttempt.bind(autopay)
      const spy = jest.spyOn(autopay, "claimAttempt").mockImplementationOnce(async (...args: any[]) => {
        await recordOutcome(getContainer(), manual.data.payment.id, { status: "failed", failure_reason: "R01 insufficient funds" })
        return await (claim as any)(...args)
      })
      try {
        const result = await runAt(jane.id, new Date())
        expect(result.run).toMatchObject({ charged: 0 })
        // the run says why: what is due changed since it decided
        expect(result.results[0]).toMatchObject({ result: "skipped", reason: "amount_changed" })
      } finally {
        spy.mockRestore()
      }
      // nothing charged: not the 100 now due, over her limit
      expect((await payments(jane.id)).filter((p: any) => p.status !== "canceled").map((p: any) => p.amount)).toEqual([])
      expect(await invoice(due.id)).toMatchObject({ status: "open", amount_due: 100, amount_pending: 0 })
      // the next run sees 100 due: over the limit, skipped
      const next = await runAt(jane.id, new Date())
      expect(next.results[0]).toMatchObject({ result: "skipped", reason: "over_limit" })
      expect((await payments(jane.id)).filter((p: any) => p.status !== "canceled")).toEqual([])
      await expectInvariants(getContainer())
    })

    it("autopay canceled while a charge is being prepared: the cancel answers and nothing is charged after it", async () => {
      const card = await saveMethod(jane, CARD_OK)
      expect((await enroll(jane, { payment_method_id: card, consent: true })).status).toBe(201)
      const due = await issue(jane.id, "70.00", -1)
      // the customer cancels after the charge checked the method, before it reserves the invoice
      // (the enrollment is read twice: by the run's prepare step, then by the payment's method check)
      let canceled: any
      let reads = 0
      const find = autopay.findEnrollmentForCharge.bind(autopay)
      const spy = jest.spyOn(autopay, "findEnrollmentForCharge").mockImplementation(async (...args: any[]) => {
        const found = await (find as any)(...args)
        if (++reads === 2) canceled = await settle(api.delete("/store/billing/autopay", { headers: jane.headers }))
        return found
      })
      let run: any
      try {
        run = await runAt(jane.id, new Date())
      } finally {
        spy.mockRestore()
      }
      expect([canceled.status, canceled.data.autopay?.status]).toEqual([200, "canceled"])
      expect(run.results[0]).toMatchObject({ result: "skipped", reason: "enrollment_inactive" })
      expect((await payments(jane.id)).filter((p: any) => p.status !== "canceled")).toEqual([])
      expect(await invoice(due.id)).toMatchObject({ status: "open", amount_due: 70, amount_pending: 0 })
      await expectInvariants(getContainer())
    })

    it("the admin sees runs and cancels an enrollment; without an admin token: 401", async () => {
      const card = await saveMethod(bob, CARD_OK)
      const enrolled = await enroll(bob, { payment_method_id: card, consent: true })
      const id = enrolled.data.autopay.id
      const canceled = await api.post(`/admin/billing/autopay/${id}/cancel`, {}, adminHeaders)
      expect(canceled.data.autopay).toMatchObject({ id, status: "canceled", customer_id: bob.id })
      expect((await api.get("/store/billing/autopay", { headers: bob.headers })).data.autopay.status).toBe("none")
      expect((await settle(api.post(`/admin/billing/autopay/apay_unknown/cancel`, {}, adminHeaders))).status).toBe(404)
      expect((await settle(api.get("/admin/billing/autopay"))).status).toBe(401)
      expect((await settle(api.post("/admin/billing/autopay/run", { nope: 1 }, adminHeaders))).status).toBe(400)
    })
  },
})
