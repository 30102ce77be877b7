import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { createPaymentSessionsWorkflow } from "@medusajs/medusa/core-flows"
import { resolvePortalSettings } from "../../src/domain/portal-settings"
import { toMinor } from "../../src/domain/money"
import { INVOICING_MODULE } from "../../src/modules/invoicing"
import type InvoicingModuleService from "../../src/modules/invoicing/service"
import { SANDBOX_PROVIDER_ID } from "../../src/utils/options"
import { issueInvoiceStep } from "../../src/workflows/invoices/steps/issue-invoice"
import { allocationDecider } from "../../src/workflows/payments/steps/allocate-payment"
import { sandboxAdapter } from "../../src/providers/adapters/sandbox"
import { recordOutcome } from "../../src/workflows/payments/record-outcome"
import { reconcileCustomerPaymentsWorkflow } from "../../src/workflows/payments/workflows/reconcile-customer-payments"
import { createAdmin, createLoggedInCustomer, createPublishableKey, eventually, expectInvariants, settle, setStoreCurrencies } from "../helpers"

jest.setTimeout(180_000)

const DAY = 24 * 60 * 60 * 1000
const usd = (v: string) => toMinor(v, "usd")
const CARD_OK = { type: "card", data: { number: "4242424242424242" } }
const CARD_3DS = { type: "card", data: { number: "4000002500003155" } }

// The issue workflow's own step, then a step that fails: the issue must be undone.
const failAfterIssueStep = createStep("test-fail-after-issue", async () => {
  throw new Error("forced failure after issue")
})
const issueThenFailWorkflow = createWorkflow("test-issue-then-fail", (input: { id: string }) => {
  const invoice = issueInvoiceStep(input)
  failAfterIssueStep()
  return new WorkflowResponse(invoice)
})

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let jane: { id: string; headers: Record<string, string> }
    let other: { id: string; headers: Record<string, string> }
    let invoicing: InvoicingModuleService
    let keyCounter = 0

    beforeEach(async () => {
      const container = getContainer()
      invoicing = container.resolve(INVOICING_MODULE)
      await setStoreCurrencies(container, ["usd"])
      const key = await createPublishableKey(container)
      jane = await createLoggedInCustomer(api, key, "jane@test.dev", "Jane")
      other = await createLoggedInCustomer(api, key, "other@test.dev", "Other")
    })

    const sql = async (query: string, params: unknown[] = []) =>
      (await (getContainer().resolve("__pg_connection__") as any).raw(query, params)).rows as any[]

    const issue = async (customerId: string, price: string, dueInDays: number) => {
      const draft = await invoicing.createDraftInvoice({
        customer_id: customerId,
        currency_code: "usd",
        due_at: new Date(Date.now() + dueInDays * DAY),
        lines: [{ title: "Service", quantity: "1", unit_price: price }],
      })
      return invoicing.issueInvoice(draft.id, { now: new Date() })
    }

    const credit = (customerId: string, amount: string) =>
      invoicing.recordSucceededPayment({
        customer_id: customerId,
        currency_code: "usd",
        amount: usd(amount),
        allocations: [],
        method: "manual",
        source: "admin",
        mode: "fixed_amount",
        occurred_at: new Date(Date.now() - DAY),
      })

    const pay = (body: Record<string, unknown>, who = jane) =>
      settle(api.post("/store/billing/payments", body, { headers: { ...who.headers, "idempotency-key": `k-${++keyCounter}` } }))

    const reconcile = (minutesLater: number) =>
      reconcileCustomerPaymentsWorkflow(getContainer()).run({
        input: { now: new Date(Date.now() + minutesLater * 60_000), stale_after_minutes: 5, abandon_after_minutes: 60 },
      })

    /** A card payment for one invoice, authorized at the provider — and then nothing recorded (a crash). */
    const authorizedButUnrecorded = async (invoiceId: string, amount: string) => {
      const container = getContainer()
      const paymentModule = container.resolve(Modules.PAYMENT)
      const request = { customer_id: jane.id, mode: "selected_invoices" as const, currency_code: "usd", invoice_ids: [invoiceId] }
      const { payment_id } = await invoicing.reservePayment(
        { ...request, method: "card", source: "portal", provider_id: SANDBOX_PROVIDER_ID, idempotency_key: `crash-${invoiceId}`, request_hash: "h" },
        allocationDecider(request, resolvePortalSettings({}))
      )
      const collection = await paymentModule.createPaymentCollections({ currency_code: "usd", amount })
      await invoicing.attachPaymentCollection(payment_id, collection.id, SANDBOX_PROVIDER_ID)
      const { result: session } = await createPaymentSessionsWorkflow(container).run({
        input: {
          payment_collection_id: collection.id,
          provider_id: SANDBOX_PROVIDER_ID,
          customer_id: jane.id,
          data: sandboxAdapter.sessionData(CARD_OK as any, { off_session: false }),
        },
      })
      const medusaPayment = await paymentModule.authorizePaymentSession(session.id, {})
      return { payment_id, medusaPayment }
    }

    describe("GET /admin/billing/health", () => {
      it("answers ok on a consistent store, and names the broken invariant after a row is corrupted", async () => {
        const container = getContainer()
        const admin = await createAdmin(container, api)
        const invoice = await issue(jane.id, "80.00", 5)
        await issue(other.id, "20.00", 5)
        const paid = await pay({ mode: "selected_invoices", currency_code: "usd", invoice_ids: [invoice.id], payment_method: CARD_OK })
        expect(paid.data.payment.status).toBe("succeeded")

        expect((await settle(api.get("/admin/billing/health"))).status).toBe(401)
        expect((await settle(api.get("/admin/billing/health", { headers: jane.headers }))).status).toBe(401)
        const clean = await api.get("/admin/billing/health", admin)
        expect(clean.data).toEqual({ ok: true, violations: [] })

        // invariant 1: the invoice says less was paid than its applied allocations
        await sql(`UPDATE invoice SET amount_paid = 79, raw_amount_paid = '{"value":"79","precision":20}' WHERE id = ?`, [invoice.id])
        const broken = await api.get("/admin/billing/health", admin)
        expect(broken.data.ok).toBe(false)
        expect(broken.data.violations).toEqual(
          expect.arrayContaining([expect.objectContaining({ invariant: "invoice_amounts", number: 1, rows: [{ id: invoice.id }] })])
        )
        // invariant 6: the provider captured money on a payment we call failed
        await sql(`UPDATE invoice SET amount_paid = 80, raw_amount_paid = '{"value":"80","precision":20}' WHERE id = ?`, [invoice.id])
        await sql(`UPDATE customer_payment SET status = 'failed' WHERE id = ?`, [paid.data.payment.id])
        const lost = await api.get("/admin/billing/health", admin)
        expect(lost.data.ok).toBe(false)
        expect(lost.data.violations.map((v: any) => v.invariant)).toContain("money_kept")
        const moneyKept = lost.data.violations.find((v: any) => v.invariant === "money_kept")
        expect(moneyKept).toMatchObject({ number: 6, rows: [expect.objectContaining({ id: paid.data.payment.id, status: "failed", captured: "80" })] })
      })
    })

    describe("issuing an invoice that a later step fails", () => {
      it("returns the applied credit to its payment, posts reversals and leaves the invoice void, nothing paid", async () => {
        const held = await credit(jane.id, "30.00")
        const othersCredit = await credit(other.id, "5.00")
        const draft = await invoicing.createDraftInvoice({
          customer_id: jane.id,
          currency_code: "usd",
          due_at: new Date(Date.now() + 10 * DAY),
          lines: [{ title: "Service", quantity: "1", unit_price: "100.00" }],
        })
        const { errors } = await issueThenFailWorkflow(getContainer()).run({ input: { id: draft.id }, throwOnError: false })
        expect(errors.map((e: any) => e.error?.message)).toEqual(["forced failure after issue"])

        const after = await invoicing.retrieveInvoice(draft.id, { relations: ["allocations"] })
        expect(after.status).toBe("void")
        expect([(after as any).raw_amount_due.value, (after as any).raw_amount_paid.value, (after as any).raw_amount_pending.value]).toEqual([
          "0",
          "0",
          "0",
        ])
        expect(after.allocations.map((a: any) => [a.customer_payment_id, a.status, a.raw_amount.value])).toEqual([
          [held.id, "released", "30"],
        ])
        expect(((await invoicing.retrieveCustomerPayment(held.id)) as any).raw_unapplied_amount.value).toBe("30")
        expect(((await invoicing.retrieveCustomerPayment(othersCredit.id)) as any).raw_unapplied_amount.value).toBe("5")
        const entries = await sql(
          `SELECT type, amount::text AS amount, balance_after::text AS balance FROM ledger_entry WHERE customer_id = ? ORDER BY sequence`,
          [jane.id]
        )
        expect(entries).toEqual([
          { type: "payment", amount: "-30", balance: "-30" },
          { type: "invoice", amount: "100", balance: "70" },
          { type: "credit_applied", amount: "0", balance: "70" },
          { type: "adjustment", amount: "0", balance: "70" },
          { type: "void", amount: "-100", balance: "-30" },
        ])
        const account = await api.get("/store/billing/account", { headers: jane.headers })
        expect(account.data.account.balances[0]).toMatchObject({ total_balance: -30, credit: 30 })
        await expectInvariants(getContainer())

        // the credit is there for the next invoice
        const next = await issue(jane.id, "20.00", 10)
        expect(next.status).toBe("paid")
        await expectInvariants(getContainer())
      })
    })

    describe("money captured after we gave up on a payment", () => {
      it("a capture for an expired payment is recorded: the invoice if still payable, else credit applied oldest-first", async () => {
        const container = getContainer()
        const paymentModule = container.resolve(Modules.PAYMENT)
        const eventBus = container.resolve(Modules.EVENT_BUS)
        const overdue = await issue(jane.id, "120.00", -5)
        const current = await issue(jane.id, "49.99", 20)
        const othersInvoice = await issue(other.id, "300.00", 10)
        const { payment_id, medusaPayment } = await authorizedButUnrecorded(overdue.id, "120")
        // given up on (as the reconciler did before it canceled at the provider first)
        await recordOutcome(container, payment_id, { status: "canceled", failure_reason: "expired" })
        // meanwhile the customer paid the same invoice again
        const again = await pay({ mode: "selected_invoices", currency_code: "usd", invoice_ids: [overdue.id], payment_method: CARD_OK })
        expect(again.data.payment.status).toBe("succeeded")

        const emitted = jest.spyOn(eventBus, "emit")
        try {
          // the provider captures the first payment after all
          await paymentModule.capturePayment({ payment_id: medusaPayment!.id })
          await eventBus.emit({ name: "payment.captured", data: { id: medusaPayment!.id } })
          const late = await eventually(
            () => invoicing.retrieveCustomerPayment(payment_id, { relations: ["allocations"] }),
            (p) => p.status === "succeeded"
          )
          expect(late).toMatchObject({ status: "succeeded", failure_reason: null })
          expect((late.metadata as any).late_capture).toMatchObject({ previous_status: "canceled", previous_failure_reason: "expired" })
          // the invoice it was for is paid already: 120.00 became credit, 49.99 of which paid the next invoice
          expect((late as any).raw_unapplied_amount.value).toBe("70.01")
          expect(late.allocations.map((a: any) => [a.invoice_id, a.status, a.raw_amount.value]).sort()).toEqual(
            [
              [overdue.id, "released", "120"],
              [current.id, "applied", "49.99"],
            ].sort()
          )
          expect(await invoicing.retrieveInvoice(current.id)).toMatchObject({ status: "paid" })
          expect(await invoicing.retrieveInvoice(othersInvoice.id)).toMatchObject({ status: "open" })
          const names = emitted.mock.calls.flatMap(([arg]: any[]) => (Array.isArray(arg) ? arg : [arg]).map((e: any) => e.name))
          expect(names).toContain("billing.payment.late_capture")
        } finally {
          emitted.mockRestore()
        }
        const [payment] = await sql(`SELECT type, amount::text AS amount FROM ledger_entry WHERE reference_id = ?`, [payment_id])
        expect(payment).toEqual({ type: "payment", amount: "-120" })
        const account = await api.get("/store/billing/account", { headers: jane.headers })
        expect(account.data.account.balances[0]).toMatchObject({ total_balance: -70.01, credit: 70.01 })
        await expectInvariants(container)
      })

      it("a late capture whose event was lost is found and recorded by the reconciler", async () => {
        const container = getContainer()
        const paymentModule = container.resolve(Modules.PAYMENT)
        const overdue = await issue(jane.id, "120.00", -5)
        await issue(other.id, "300.00", 10)
        const { payment_id, medusaPayment } = await authorizedButUnrecorded(overdue.id, "120")
        await recordOutcome(container, payment_id, { status: "failed", failure_reason: "timeout" })
        // captured at the provider, but no payment.captured event ever arrives
        await paymentModule.capturePayment({ payment_id: medusaPayment!.id })
        const { result } = await reconcile(10)
        expect(result).toMatchObject({ late_captures: 1 })
        expect(await invoicing.retrieveCustomerPayment(payment_id)).toMatchObject({ status: "succeeded", failure_reason: null })
        expect(await invoicing.retrieveInvoice(overdue.id)).toMatchObject({ status: "paid" })
        expect((await reconcile(20)).result).toMatchObject({ late_captures: 0 })
        await expectInvariants(container)
      })

      it("the reconciler cancels an abandoned attempt at the provider before it expires it", async () => {
        const container = getContainer()
        const paymentModule = container.resolve(Modules.PAYMENT)
        const current = await issue(jane.id, "49.99", 20)
        await issue(other.id, "10.00", 20)
        const res = await pay({ mode: "current_charges", currency_code: "usd", payment_method: CARD_3DS })
        expect(res.data.payment.status).toBe("pending")
        const payment = await invoicing.retrieveCustomerPayment(res.data.payment.id)
        expect(await paymentModule.listPaymentSessions({ payment_collection_id: payment.payment_collection_id! })).toHaveLength(1)

        expect((await reconcile(90)).result).toMatchObject({ checked: 1, expired: 1 })
        expect(await invoicing.retrieveCustomerPayment(payment.id)).toMatchObject({ status: "canceled", failure_reason: "expired" })
        // the provider object is gone: nothing can authorize or capture it any more
        expect(await paymentModule.listPaymentSessions({ payment_collection_id: payment.payment_collection_id! })).toHaveLength(0)
        expect(await invoicing.retrieveInvoice(current.id)).toMatchObject({ status: "open" })
        await expectInvariants(container)
      })

      it("an abandoned attempt the provider refuses to cancel because it took the money is recorded as succeeded", async () => {
        const container = getContainer()
        const paymentModule = container.resolve(Modules.PAYMENT)
        const sandbox = (paymentModule as any).paymentProviderService_.retrieveProvider(SANDBOX_PROVIDER_ID)
        const current = await issue(jane.id, "49.99", 20)
        const res = await pay({ mode: "current_charges", currency_code: "usd", payment_method: CARD_3DS })
        const payment = await invoicing.retrieveCustomerPayment(res.data.payment.id)
        // The customer confirms at the provider, but never comes back to /complete.
        const [session] = await paymentModule.listPaymentSessions({ payment_collection_id: payment.payment_collection_id! })
        await paymentModule.updatePaymentSession({
          id: session.id,
          amount: session.amount,
          currency_code: session.currency_code,
          data: { ...(session.data ?? {}), confirmed: true },
        })
        // Racing our cancel: it still looked unconfirmed, then the cancel was refused.
        const status = jest
          .spyOn(sandbox, "getPaymentStatus")
          .mockResolvedValueOnce({ status: "requires_more", data: {} })
          .mockResolvedValueOnce({ status: "authorized", data: {} })
        const refuse = jest
          .spyOn(paymentModule, "deletePaymentSession")
          .mockRejectedValueOnce(new MedusaError(MedusaError.Types.NOT_ALLOWED, "already authorized"))
        try {
          expect((await reconcile(90)).result).toMatchObject({ checked: 1, succeeded: 1, expired: 0 })
        } finally {
          status.mockRestore()
          refuse.mockRestore()
        }
        expect(await invoicing.retrieveCustomerPayment(payment.id)).toMatchObject({ status: "succeeded" })
        expect(await invoicing.retrieveInvoice(current.id)).toMatchObject({ status: "paid" })
        const [collection] = await paymentModule.listPaymentCollections(
          { id: payment.payment_collection_id! },
          { relations: ["payments", "payments.captures"] }
        )
        expect(collection.payments!.map((p: any) => p.captures.length)).toEqual([1])
        await expectInvariants(container)
      })
    })
  },
})
