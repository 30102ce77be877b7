import { resolvePortalSettings } from "../../src/domain/portal-settings"
import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { INVOICING_MODULE } from "../../src/modules/invoicing"
import type InvoicingModuleService from "../../src/modules/invoicing/service"
import { buildSandboxEvent } from "../../src/providers/sandbox/behaviour"
import { SANDBOX_PROVIDER_ID } from "../../src/utils/options"
import { allocationDecider } from "../../src/workflows/payments/steps/allocate-payment"
import { sandboxAdapter } from "../../src/providers/adapters/sandbox"
import { reconcileCustomerPaymentsWorkflow } from "../../src/workflows/payments/workflows/reconcile-customer-payments"
import { createPaymentSessionsWorkflow } from "@medusajs/medusa/core-flows"
import { createAdmin, deliverPaymentWebhooksPromptly, createLoggedInCustomer, createPublishableKey, setStoreCurrencies, settle, eventually, expectInvariants as expectAllInvariants } from "../helpers"

jest.setTimeout(180_000)

const DAY = 24 * 60 * 60 * 1000
const CARD_OK = { type: "card", data: { number: "4242424242424242" } }
const CARD_DECLINED = { type: "card", data: { number: "4000000000000002" } }
const CARD_3DS = { type: "card", data: { number: "4000002500003155" } }
const ACH_OK = { type: "us_bank_account", data: { account_number: "000123456789", routing_number: "110000000" } }
const ACH_RETURNS = { type: "us_bank_account", data: { account_number: "000555555559", routing_number: "110000000" } }
const ACH_FAILS = { type: "us_bank_account", data: { account_number: "000111111113", routing_number: "110000000" } }


medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let jane: { id: string; headers: Record<string, string> }
    let other: { id: string; headers: Record<string, string> }
    let invoicing: InvoicingModuleService
    let invoices: Record<string, any>
    let keyCounter = 0

    const issue = async (customerId: string, price: string, dueInDays: number, issuedDaysAgo: number) => {
      const draft = await invoicing.createDraftInvoice({
        customer_id: customerId,
        currency_code: "usd",
        due_at: new Date(Date.now() + dueInDays * DAY),
        lines: [{ title: "Service", quantity: "1", unit_price: price }],
      })
      return invoicing.issueInvoice(draft.id, { now: new Date(), issued_at: new Date(Date.now() - issuedDaysAgo * DAY) })
    }

    beforeEach(async () => {
      const container = getContainer()
      invoicing = container.resolve(INVOICING_MODULE)
      deliverPaymentWebhooksPromptly(container)
      await setStoreCurrencies(container, ["usd"])
      const key = await createPublishableKey(container)
      jane = await createLoggedInCustomer(api, key, "jane@test.dev", "Jane")
      other = await createLoggedInCustomer(api, key, "other@test.dev", "Other")
      invoices = {
        overdue: await issue(jane.id, "120.00", -5, 35),
        current: await issue(jane.id, "49.99", 25, 5),
        others: await issue(other.id, "300.00", 10, 10),
      }
    })

    const pay = (body: Record<string, unknown>, who = jane, key = `key-${++keyCounter}`) =>
      settle(api.post("/store/billing/payments", body, { headers: { ...who.headers, "idempotency-key": key } }))

    const emails = async (template: string) =>
      (await getContainer().resolve(Modules.NOTIFICATION).listNotifications({ template } as any)) as any[]

    const invoice = async (id: string) => (await api.get(`/store/billing/invoices/${id}`, { headers: jane.headers })).data.invoice

    const expectInvariants = () => expectAllInvariants(getContainer())

    const deliverSandboxEvent = async (paymentId: string, type: "ach.succeeded" | "ach.failed" | "ach.returned") => {
      const payment = await invoicing.retrieveCustomerPayment(paymentId)
      const paymentModule = getContainer().resolve(Modules.PAYMENT)
      const [session] = await paymentModule.listPaymentSessions({ payment_collection_id: payment.payment_collection_id! })
      const body = JSON.stringify(buildSandboxEvent(type, session.data))
      const res = await api.post("/hooks/payment/billing-sandbox_sandbox", body, {
        headers: { "content-type": "application/json" },
      })
      expect(res.status).toBe(200)
    }

    it("pays one invoice by card: applied, ledger posted, balance down; the key replays, a changed body conflicts", async () => {
      const body = { mode: "selected_invoices", currency_code: "usd", invoice_ids: [invoices.overdue.id], payment_method: CARD_OK, note: "for the thermostat" }
      const first = await pay(body, jane, "pay-once")
      expect(first.status).toBe(201)
      expect(first.data.payment).toMatchObject({
        status: "succeeded",
        amount: 120,
        method: "card",
        mode: "selected_invoices",
        note: "for the thermostat",
        transaction_id: expect.stringMatching(/^pi_sandbox_/),
        allocations: [{ invoice_id: invoices.overdue.id, amount: 120, status: "applied", id: expect.any(String) }],
      })
      expect(JSON.stringify(first.data)).not.toContain("4242424242424242")
      expect(await invoice(invoices.overdue.id)).toMatchObject({ status: "paid", amount_due: 0, amount_pending: 0 })

      const replay = await pay(body, jane, "pay-once")
      expect(replay.status).toBe(200)
      expect(replay.data.payment.id).toBe(first.data.payment.id)
      const changed = await pay({ ...body, invoice_ids: [invoices.current.id] }, jane, "pay-once")
      expect(changed.status).toBe(409)
      expect(changed.data.message).toBe("Idempotency-Key was already used with a different request body")

      const missingKey = await settle(api.post("/store/billing/payments", body, { headers: jane.headers }))
      expect(missingKey.status).toBe(400)
      expect(missingKey.data.message).toBe("Idempotency-Key header is required")

      const account = await api.get("/store/billing/account", { headers: jane.headers })
      expect(account.data.account.balances[0]).toMatchObject({ total_balance: 49.99, past_due: 0, pending: 0 })
      const history = await api.get("/store/billing/history?type=payment", { headers: jane.headers })
      expect(history.data.history).toEqual([expect.objectContaining({ amount: -120, balance_after: 49.99, reference_id: first.data.payment.id })])

      const receipts = await api.get("/store/billing/payments", { headers: jane.headers })
      expect(receipts.data.payments.map((p: any) => p.id)).toEqual([first.data.payment.id])
      const receipt = await api.get(`/store/billing/payments/${first.data.payment.id}`, { headers: jane.headers })
      expect(receipt.data.payment.transaction_id).toBe(first.data.payment.transaction_id)

      // one receipt email, with the transaction id and what it paid
      const sent = await eventually(() => emails("billing.payment_receipt"), (n) => n.length > 0)
      expect(sent).toHaveLength(1)
      expect(sent[0]).toMatchObject({ to: "jane@test.dev", channel: "email" })
      expect(sent[0].data.transaction_id).toBe(first.data.payment.transaction_id)
      expect(sent[0].data.html).toContain(invoices.overdue.display_id.toString().padStart(6, "0"))
      expect(sent[0].data.subject).toBe("Payment received — 120.00 USD")
      await expectInvariants()
    })

    it("a card capture is announced (payment.captured) once, after the payment is recorded: the subscriber finds it settled", async () => {
      const container = getContainer()
      const eventBus = container.resolve(Modules.EVENT_BUS)
      // every entry names its payment (ours by id, the event by its collection), so that
      // anything else running in the app cannot land in this test's sequence
      const order: Array<{ what: string; key: string }> = []
      const captured: any[] = []
      const originalEmit = eventBus.emit.bind(eventBus)
      const emit = jest.spyOn(eventBus, "emit").mockImplementation(async (messages: any, options?: any) => {
        for (const m of Array.isArray(messages) ? messages : [messages]) {
          if (m?.name === "payment.captured") {
            order.push({ what: "captured", key: m.data?.payment_collection_id })
            captured.push(m.data)
          }
        }
        return await originalEmit(messages, options)
      })
      const originalRecord = invoicing.recordPaymentOutcome.bind(invoicing)
      const recorded: string[] = []
      const record = jest.spyOn(invoicing, "recordPaymentOutcome").mockImplementation(async (id: string, outcome: any, ctx?: any) => {
        const result = await originalRecord(id, outcome, ctx)
        recorded.push(id)
        if (outcome.status === "succeeded") order.push({ what: `recorded ${result.changed ? "changed" : "unchanged"}`, key: id })
        return result
      })
      try {
        const body = { mode: "selected_invoices", currency_code: "usd", invoice_ids: [invoices.overdue.id], payment_method: CARD_OK }
        const paid = await pay(body)
        expect(paid.status).toBe(201)
        expect(paid.data.payment.status).toBe("succeeded")
        await eventually(() => emails("billing.payment_receipt"), (n) => n.length > 0)
        const payment = await invoicing.retrieveCustomerPayment(paid.data.payment.id)
        const [medusaPayment] = await container.resolve(Modules.PAYMENT).listPayments({ payment_collection_id: payment.payment_collection_id! } as any)
        expect(medusaPayment.captured_at).toBeTruthy()
        // recorded by the workflow, then announced; our subscriber finds it settled and records nothing
        const ours = (key: string) => key === payment.id || key === payment.payment_collection_id
        expect(order.filter((entry) => ours(entry.key)).map((entry) => entry.what)).toEqual(["recorded changed", "captured"])
        expect(recorded.filter((id) => id === paid.data.payment.id)).toHaveLength(1)
        // core's shape ({ id } of the Payment Module's payment), plus the collection
        expect(captured.filter((data) => data?.payment_collection_id === payment.payment_collection_id)).toEqual([
          { id: medusaPayment.id, payment_collection_id: payment.payment_collection_id },
        ])
      } finally {
        emit.mockRestore()
        record.mockRestore()
      }
      await expectInvariants()
    })

    it("an admin refund goes through the provider and reopens the most recently due invoice", async () => {
      const paid = await pay({ mode: "total_balance", currency_code: "usd", payment_method: CARD_OK })
      expect(paid.data.payment).toMatchObject({ status: "succeeded", amount: 169.99 })
      const container = getContainer()
      const admin = await createAdmin(container, api)
      const withKey = (key: string) => ({ headers: { ...admin.headers, "idempotency-key": key } })
      const refund = await api.post(`/admin/billing/payments/${paid.data.payment.id}/refund`, { amount: "49.99" }, withKey("refund-1"))
      expect(refund.data.payment).toMatchObject({ refunded_amount: 49.99, status: "succeeded" })
      expect(await invoice(invoices.current.id)).toMatchObject({ status: "open", amount_due: 49.99 })
      expect(await invoice(invoices.overdue.id)).toMatchObject({ status: "paid" })
      const payment = await invoicing.retrieveCustomerPayment(paid.data.payment.id)
      const [collection] = await container
        .resolve(Modules.PAYMENT)
        .listPaymentCollections({ id: payment.payment_collection_id! }, { relations: ["payments", "payments.refunds"] })
      expect(collection.payments![0].refunds!.map((r: any) => Number(r.amount))).toEqual([49.99])
      const other = await settle(api.post(`/admin/billing/payments/${paid.data.payment.id}/refund`, { amount: "200" }, withKey("refund-2")))
      expect(other.status).toBe(400)
      expect(other.data.message).toBe("amount must be greater than 0 and at most 120.00 USD")
      await expectInvariants()
    })

    it("a fixed amount by card pays the oldest invoice first and the next one in part", async () => {
      const res = await pay({ mode: "fixed_amount", currency_code: "usd", amount: "130.00", payment_method: CARD_OK })
      expect(res.data.payment).toMatchObject({ status: "succeeded", mode: "fixed_amount", amount: 130, unapplied_amount: 0 })
      expect(await invoice(invoices.overdue.id)).toMatchObject({ status: "paid", amount_due: 0 })
      expect(await invoice(invoices.current.id)).toMatchObject({ status: "partially_paid", amount_due: 39.99 })
      await expectInvariants()
    })

    it("a declined card fails cleanly and releases the invoice", async () => {
      const res = await pay({ mode: "total_balance", currency_code: "usd", payment_method: CARD_DECLINED })
      expect(res.status).toBe(201)
      expect(res.data.payment).toMatchObject({ status: "failed", failure_reason: "card_declined" })
      expect(res.data.payment.allocations.map((a: any) => a.status)).toEqual(["released", "released"])
      expect(await invoice(invoices.overdue.id)).toMatchObject({ status: "open", amount_pending: 0, amount_due: 120 })
      const retry = await pay({ mode: "total_balance", currency_code: "usd", payment_method: CARD_OK })
      expect(retry.data.payment).toMatchObject({ status: "succeeded", amount: 169.99 })
      await expectInvariants()
    })

    it("a card that needs authentication answers next_action, then completes", async () => {
      const body = { mode: "current_charges", currency_code: "usd", payment_method: CARD_3DS }
      const res = await pay(body, jane, "needs-3ds")
      expect(res.status).toBe(201)
      expect(res.data.payment).toMatchObject({ status: "pending", amount: 49.99 })
      expect(res.data.payment.next_action).toMatchObject({ type: "confirm", client_secret: expect.stringMatching(/^pi_sandbox_.+_secret_/) })
      expect(await invoice(invoices.current.id)).toMatchObject({ amount_pending: 49.99 })

      // a retry of the same request (lost response) answers the same payment, still waiting on the same action
      const replay = await pay(body, jane, "needs-3ds")
      expect(replay.status).toBe(200)
      expect(replay.data.payment).toMatchObject({ id: res.data.payment.id, status: "pending" })
      expect(replay.data.payment.next_action).toEqual(res.data.payment.next_action)
      const [, attempts] = await invoicing.listAndCountCustomerPayments({ customer_id: jane.id })
      expect(attempts).toBe(1)

      // another customer can neither read nor complete it
      for (const url of [`/store/billing/payments/${res.data.payment.id}`]) {
        expect((await settle(api.get(url, { headers: other.headers }))).status).toBe(404)
      }
      const stolen = await settle(
        api.post(`/store/billing/payments/${res.data.payment.id}/complete`, { provider_data: { confirmed: true } }, { headers: other.headers })
      )
      expect(stolen.status).toBe(404)

      const done = await api.post(
        `/store/billing/payments/${res.data.payment.id}/complete`,
        { provider_data: { confirmed: true } },
        { headers: jane.headers }
      )
      expect(done.data.payment).toMatchObject({ status: "succeeded" })
      expect(await invoice(invoices.current.id)).toMatchObject({ status: "paid", amount_pending: 0 })
      // once completed, a replay answers the succeeded payment and nothing left to do
      const after = await pay(body, jane, "needs-3ds")
      expect(after.status).toBe(200)
      expect(after.data.payment).toMatchObject({ id: res.data.payment.id, status: "succeeded" })
      expect(after.data.payment.next_action).toBeUndefined()
      await expectInvariants()
    })

    it("complete takes only { confirmed } from the client: no method swap, no other customer's card, no skipping 3-D Secure", async () => {
      const saved = await api.post("/store/billing/payment-methods", CARD_OK, { headers: other.headers })
      const othersCard = saved.data.payment_method.id
      const res = await pay({ mode: "current_charges", currency_code: "usd", payment_method: CARD_3DS }, jane, "swap-3ds")
      expect(res.data.payment).toMatchObject({ status: "pending" })
      const complete = (provider_data: Record<string, unknown>) =>
        settle(api.post(`/store/billing/payments/${res.data.payment.id}/complete`, { provider_data }, { headers: jane.headers }))

      for (const provider_data of [
        { confirmed: false, saved_method_id: othersCard },
        { confirmed: true, saved_method_id: othersCard },
        { payment_method_data: { number: "4242424242424242" } },
        { confirmed: "yes" },
        { id: "pi_sandbox_someone_elses" },
      ]) {
        const refused = await complete(provider_data)
        expect({ provider_data, status: refused.status }).toEqual({ provider_data, status: 400 })
        expect(refused.data.message).toBe(
          "provider_data: only { confirmed: true } (or false, when the customer failed the challenge) is accepted"
        )
      }
      expect(await invoicing.retrieveCustomerPayment(res.data.payment.id)).toMatchObject({ status: "pending" })
      expect(await invoice(invoices.current.id)).toMatchObject({ status: "open", amount_pending: 49.99 })

      const done = await complete({ confirmed: true })
      expect(done.data.payment).toMatchObject({ status: "succeeded" })
      await expectInvariants()
    })

    it("Medusa's own payment-collection route cannot replace a billing payment's provider session", async () => {
      const res = await pay({ mode: "current_charges", currency_code: "usd", payment_method: CARD_3DS }, jane, "core-route")
      const payment = await invoicing.retrieveCustomerPayment(res.data.payment.id)
      const paymentModule = getContainer().resolve(Modules.PAYMENT)
      const before = await paymentModule.listPaymentSessions({ payment_collection_id: payment.payment_collection_id! })
      const replaced = await settle(
        api.post(
          `/store/payment-collections/${payment.payment_collection_id}/payment-sessions`,
          { provider_id: SANDBOX_PROVIDER_ID },
          { headers: { "x-publishable-api-key": jane.headers["x-publishable-api-key"] } }
        )
      )
      expect(replaced.status).toBe(404)
      const after = await paymentModule.listPaymentSessions({ payment_collection_id: payment.payment_collection_id! })
      expect(after.map((s: any) => s.id)).toEqual(before.map((s: any) => s.id))
      expect((await invoicing.retrieveCustomerPayment(payment.id)).status).toBe("pending")
    })

    it("a provider object that is not the one created for the payment is never recorded as paid", async () => {
      // An earlier, real, succeeded sandbox payment of Jane's…
      const paid = await pay({ mode: "selected_invoices", currency_code: "usd", invoice_ids: [invoices.overdue.id], payment_method: CARD_OK })
      expect(paid.data.payment.status).toBe("succeeded")
      const paymentModule = getContainer().resolve(Modules.PAYMENT)
      const sessionOf = async (paymentId: string) => {
        const p = await invoicing.retrieveCustomerPayment(paymentId)
        const [session] = await paymentModule.listPaymentSessions({ payment_collection_id: p.payment_collection_id! })
        return session
      }
      const oldData = (await sessionOf(paid.data.payment.id)).data as Record<string, any>
      // …and a 3-D Secure payment whose session somehow names that old object, for the new amount.
      const res = await pay({ mode: "current_charges", currency_code: "usd", payment_method: CARD_3DS }, jane, "foreign-object")
      const session = await sessionOf(res.data.payment.id)
      await paymentModule.updatePaymentSession({
        id: session.id,
        amount: session.amount,
        currency_code: session.currency_code,
        data: { ...oldData, amount: "49.99", authorized_at: undefined, captured_at: undefined, status: "requires_more", next_action: { type: "confirm", client_secret: oldData.client_secret }, confirmed: true },
      })
      const done = await api.post(`/store/billing/payments/${res.data.payment.id}/complete`, {}, { headers: jane.headers })
      expect(done.data.payment).toMatchObject({ status: "failed", failure_reason: "provider_object_mismatch" })
      expect(await invoice(invoices.current.id)).toMatchObject({ status: "open", amount_pending: 0, amount_paid: 0 })
      await expectInvariants()
    })

    it("ACH: processing with the invoices pending, then settled by the provider's webhook", async () => {
      const res = await pay({ mode: "total_balance", currency_code: "usd", payment_method: ACH_OK })
      expect(res.status).toBe(201)
      expect(res.data.payment).toMatchObject({ status: "processing", method: "us_bank_account", amount: 169.99 })
      expect(await invoice(invoices.overdue.id)).toMatchObject({ status: "open", amount_pending: 120 })
      const account = await api.get("/store/billing/account", { headers: jane.headers })
      expect(account.data.account.balances[0]).toMatchObject({ total_balance: 169.99, pending: 169.99 })

      await deliverSandboxEvent(res.data.payment.id, "ach.succeeded")
      const settled = await eventually(
        () => invoicing.retrieveCustomerPayment(res.data.payment.id),
        (p) => p.status === "succeeded"
      )
      expect(settled.status).toBe("succeeded")
      expect(await invoice(invoices.overdue.id)).toMatchObject({ status: "paid", amount_pending: 0 })
      const pendingEmails = await eventually(() => emails("billing.ach_pending"), (n) => n.length > 0)
      const settledEmails = await eventually(() => emails("billing.ach_settled"), (n) => n.length > 0)
      expect([pendingEmails.length, settledEmails.length]).toEqual([1, 1])
      expect(await emails("billing.payment_receipt")).toHaveLength(0)
      await expectInvariants()
    })

    it("ACH: a debit returned after it settled reverses the payment and reopens the invoice", async () => {
      const res = await pay({ mode: "selected_invoices", currency_code: "usd", invoice_ids: [invoices.overdue.id], payment_method: ACH_RETURNS })
      await deliverSandboxEvent(res.data.payment.id, "ach.succeeded")
      await eventually(() => invoicing.retrieveCustomerPayment(res.data.payment.id), (p) => p.status === "succeeded")
      expect(await invoice(invoices.overdue.id)).toMatchObject({ status: "paid" })
      await deliverSandboxEvent(res.data.payment.id, "ach.returned")
      const reversed = await eventually(
        () => invoicing.retrieveCustomerPayment(res.data.payment.id),
        (p) => p.status === "reversed"
      )
      expect(reversed).toMatchObject({ status: "reversed", failure_reason: "returned (R10)" })
      expect(await invoice(invoices.overdue.id)).toMatchObject({ status: "open", amount_paid: 0, amount_due: 120 })
      const history = await api.get("/store/billing/history", { headers: jane.headers })
      expect(history.data.history[0]).toMatchObject({ type: "payment_reversal", amount: 120, balance_after: 169.99 })
      const returned = await eventually(() => emails("billing.payment_reversed"), (n) => n.length > 0)
      expect(returned).toHaveLength(1)
      expect(returned[0].data.text).toContain("returned (R10)")
      await expectInvariants()
    })

    it("ACH: a failed debit releases the invoices", async () => {
      const res = await pay({ mode: "selected_invoices", currency_code: "usd", invoice_ids: [invoices.current.id], payment_method: ACH_FAILS })
      expect(res.data.payment.status).toBe("processing")
      await deliverSandboxEvent(res.data.payment.id, "ach.failed")
      const failed = await eventually(
        () => invoicing.retrieveCustomerPayment(res.data.payment.id),
        (p) => p.status === "failed"
      )
      expect(failed).toMatchObject({ status: "failed", failure_reason: "insufficient_funds" })
      const failedEmails = await eventually(() => emails("billing.ach_failed"), (n) => n.length > 0)
      expect(failedEmails).toHaveLength(1)
      expect(failedEmails[0].data.text).toContain("insufficient_funds")
      expect(await invoice(invoices.current.id)).toMatchObject({ status: "open", amount_pending: 0 })
      await expectInvariants()
    })

    const reconcile = (minutesLater: number) =>
      reconcileCustomerPaymentsWorkflow(getContainer()).run({
        input: { now: new Date(Date.now() + minutesLater * 60_000), stale_after_minutes: 5, abandon_after_minutes: 60 },
      })

    /**
     * What the payment workflow does, up to the provider's authorization (and, with `capture`, the
     * capture)… and then the process dies: nothing recorded, the invoice still reserved. The
     * reconciler completes it, charging once, and announces the capture (`payment.captured`) once:
     * the dead process would only have announced it after recording the outcome.
     */
    const crashBeforeTheRecord = async ({ capture, completionUnanswered = false }: { capture: boolean; completionUnanswered?: boolean }) => {
      const container = getContainer()
      const paymentModule = container.resolve(Modules.PAYMENT)
      const request = { customer_id: jane.id, mode: "selected_invoices" as const, currency_code: "usd", invoice_ids: [invoices.overdue.id] }
      const { payment_id } = await invoicing.reservePayment(
        { ...request, method: "card", source: "portal", provider_id: SANDBOX_PROVIDER_ID, idempotency_key: "crash", request_hash: "crash" },
        allocationDecider(request, resolvePortalSettings({}))
      )
      const collection = await paymentModule.createPaymentCollections({ currency_code: "usd", amount: "120" })
      await invoicing.updateCustomerPayments({ id: payment_id, payment_collection_id: collection.id, provider_id: SANDBOX_PROVIDER_ID })
      const { result: session } = await createPaymentSessionsWorkflow(container).run({
        input: {
          payment_collection_id: collection.id,
          provider_id: SANDBOX_PROVIDER_ID,
          customer_id: jane.id,
          data: sandboxAdapter.sessionData(CARD_OK as any, { off_session: false }),
        },
      })
      const authorized = (await paymentModule.authorizePaymentSession(session.id, {}))!
      if (capture) await paymentModule.capturePayment({ payment_id: authorized.id })
      expect((await invoicing.retrieveCustomerPayment(payment_id)).status).toBe("pending")
      expect(await invoice(invoices.overdue.id)).toMatchObject({ status: "open", amount_pending: 120 })

      const eventBus = container.resolve(Modules.EVENT_BUS)
      const announced: any[] = []
      const originalEmit = eventBus.emit.bind(eventBus)
      const emit = jest.spyOn(eventBus, "emit").mockImplementation(async (messages: any, options?: any) => {
        for (const m of Array.isArray(messages) ? messages : [messages]) {
          if (m?.name === "payment.captured" && m.data?.payment_collection_id === collection.id) announced.push(m.data)
        }
        return await originalEmit(messages, options)
      })
      try {
        const early = await reconcile(0)
        expect(early.result).toMatchObject({ checked: 0 }) // too recent: a client may still be at work
        if (completionUnanswered) {
          // the Payment Module does not answer the run's completion: the payment waits, and the admin is told
          // (an authorization lapses), however many runs it takes
          const unanswered = jest.spyOn(paymentModule, "authorizePaymentSession").mockRejectedValue(new Error("socket hang up"))
          try {
            for (const minutes of [6, 8]) {
              expect((await reconcile(minutes)).result).toMatchObject({ checked: 1, succeeded: 0 })
              expect(await invoicing.retrieveCustomerPayment(payment_id)).toMatchObject({
                status: "pending",
                attention: expect.stringMatching(/^This card payment is authorized at the provider, but billing could not complete it \(socket hang up\); .* lapses after about seven days\.$/),
              })
            }
          } finally {
            unanswered.mockRestore()
          }
        }
        const { result } = await reconcile(10)
        expect(result).toMatchObject({ checked: 1, succeeded: 1 })
        expect(await invoice(invoices.overdue.id)).toMatchObject({ status: "paid", amount_pending: 0, amount_paid: 120 })
        const again = await reconcile(20)
        expect(again.result).toMatchObject({ checked: 0 })
      } finally {
        emit.mockRestore()
      }

      // settled: nothing left to explain
      expect(await invoicing.retrieveCustomerPayment(payment_id)).toMatchObject({ status: "succeeded", attention: null, attention_since: null })
      const [after] = await paymentModule.listPaymentCollections({ id: collection.id }, { relations: ["payments", "payments.captures"] })
      expect(after.payments).toHaveLength(1)
      expect(after.payments![0].captures).toHaveLength(1)
      expect(announced).toEqual([{ id: authorized.id, payment_collection_id: collection.id }])
      await expectInvariants()
    }

    it("a crash after authorization, before the outcome is recorded: the reconciler completes it, charging once", async () => {
      await crashBeforeTheRecord({ capture: false })
    })

    it("a crash after authorization, and the run's completion not answered: the payment waits flagged for the admin, then the reconciler completes it, charging once", async () => {
      await crashBeforeTheRecord({ capture: false, completionUnanswered: true })
    })

    it("a crash after the capture, before the outcome is recorded: the reconciler records it and announces the capture once", async () => {
      await crashBeforeTheRecord({ capture: true })
    })

    it("ACH whose settlement webhook never came: the reconciler asks the provider and records what it says", async () => {
      const paymentModule = getContainer().resolve(Modules.PAYMENT)
      const sandbox = (paymentModule as any).paymentProviderService_.retrieveProvider(SANDBOX_PROVIDER_ID)
      const THREE_DAYS = 3 * DAY
      // Debits that take three days to settle, as real ACH does (the suite's sandbox settles at once).
      const delay = jest.spyOn(sandbox, "settlementDelayMs_", "get").mockReturnValue(THREE_DAYS)
      let settling: any, failing: any
      try {
        settling = (await pay({ mode: "selected_invoices", currency_code: "usd", invoice_ids: [invoices.overdue.id], payment_method: ACH_OK })).data.payment
        failing = (await pay({ mode: "selected_invoices", currency_code: "usd", invoice_ids: [invoices.current.id], payment_method: ACH_FAILS })).data.payment
      } finally {
        delay.mockRestore()
      }
      expect([settling.status, failing.status]).toEqual(["processing", "processing"])
      const reconcileProcessing = (at: number) =>
        reconcileCustomerPaymentsWorkflow(getContainer()).run({
          input: { now: new Date(at), stale_after_minutes: 5, abandon_after_minutes: 60, processing_stale_after_minutes: 60 },
        })

      // Too recent to ask about; then, an hour on, the bank has not settled: nothing changes.
      expect((await reconcileProcessing(Date.now() + 30 * 60_000)).result).toMatchObject({ checked: 0 })
      expect((await reconcileProcessing(Date.now() + 2 * 60 * 60_000)).result).toMatchObject({ checked: 2, succeeded: 0, failed: 0 })
      expect(await invoice(invoices.overdue.id)).toMatchObject({ status: "open", amount_pending: 120 })

      // The provider cannot be asked: both wait, and the admin is shown why; the next answer clears it.
      const attention = async () =>
        (await invoicing.listCustomerPayments({ id: [settling.id, failing.id] }, { select: ["attention"] as any, order: { created_at: "ASC" } })).map(
          (p: any) => p.attention
        )
      const unreachable = jest.spyOn(sandbox, "getPaymentStatus").mockRejectedValue(new Error("sandbox unreachable"))
      try {
        expect((await reconcileProcessing(Date.now() + 2 * 60 * 60_000 + 5 * 60_000)).result).toMatchObject({ checked: 2, succeeded: 0, failed: 0 })
      } finally {
        unreachable.mockRestore()
      }
      expect(await attention()).toEqual([
        "Where this bank payment stands could not be read from the provider, or recorded: sandbox unreachable",
        "Where this bank payment stands could not be read from the provider, or recorded: sandbox unreachable",
      ])
      expect((await reconcileProcessing(Date.now() + 2 * 60 * 60_000 + 10 * 60_000)).result).toMatchObject({ checked: 2, succeeded: 0, failed: 0 })
      expect(await attention()).toEqual([null, null])

      // Three days later, at the provider: one debit settled, the other bounced (R01). No webhook arrives.
      // The reconciler's capture is announced (payment.captured) only once it has recorded the
      // outcome, so our subscriber never races it to record the settlement (which made the
      // run's count say "succeeded: 0" now and then).
      const eventBus = getContainer().resolve(Modules.EVENT_BUS)
      const order: string[] = []
      const settlingCollection = (await invoicing.retrieveCustomerPayment(settling.id)).payment_collection_id
      const [settlingMedusaPayment] = await paymentModule.listPayments({ payment_collection_id: settlingCollection } as any)
      const originalEmit = eventBus.emit.bind(eventBus)
      const emit = jest.spyOn(eventBus, "emit").mockImplementation(async (messages: any, options?: any) => {
        for (const m of Array.isArray(messages) ? messages : [messages]) {
          if (m?.name === "payment.captured" && m.data?.id === settlingMedusaPayment.id) order.push("captured")
        }
        return await originalEmit(messages, options)
      })
      const originalRecord = invoicing.recordPaymentOutcome.bind(invoicing)
      const record = jest.spyOn(invoicing, "recordPaymentOutcome").mockImplementation(async (id: string, outcome: any, ctx?: any) => {
        const result = await originalRecord(id, outcome, ctx)
        if (id === settling.id) order.push(`recorded ${outcome.status} ${result.changed ? "changed" : "unchanged"}`)
        return result
      })
      const clock = jest.spyOn(sandbox, "now_").mockReturnValue(Date.now() + THREE_DAYS + 60_000)
      try {
        const { result } = await reconcileProcessing(Date.now() + THREE_DAYS + 2 * 60_000)
        expect(result).toMatchObject({ checked: 2, succeeded: 1, failed: 1 })
        expect(order.slice(0, 2)).toEqual(["recorded succeeded changed", "captured"])
        // a second run finds nothing left to do
        expect((await reconcileProcessing(Date.now() + THREE_DAYS + 10 * 60_000)).result).toMatchObject({ checked: 0 })
        // announced exactly once, over both runs
        expect(order.filter((step) => step === "captured")).toEqual(["captured"])
      } finally {
        clock.mockRestore()
        emit.mockRestore()
        record.mockRestore()
      }
      expect(await invoicing.retrieveCustomerPayment(settling.id)).toMatchObject({ status: "succeeded", transaction_id: settling.transaction_id })
      expect(await invoicing.retrieveCustomerPayment(failing.id)).toMatchObject({ status: "failed", failure_reason: "insufficient_funds" })
      expect(await invoice(invoices.overdue.id)).toMatchObject({ status: "paid", amount_pending: 0, amount_paid: 120 })
      expect(await invoice(invoices.current.id)).toMatchObject({ status: "open", amount_pending: 0, amount_due: 49.99 })
      // captured once in the Payment Module, so it can be refunded like any other
      const payment = await invoicing.retrieveCustomerPayment(settling.id)
      const [collection] = await paymentModule.listPaymentCollections(
        { id: payment.payment_collection_id! },
        { relations: ["payments", "payments.captures"] }
      )
      expect(collection.payments!.map((p: any) => p.captures.length)).toEqual([1])
      const settledEmails = await eventually(() => emails("billing.ach_settled"), (n) => n.length > 0)
      expect(settledEmails).toHaveLength(1)
      await expectInvariants()
    })

    it("an abandoned card attempt (never confirmed) expires and releases its invoice", async () => {
      const res = await pay({ mode: "current_charges", currency_code: "usd", payment_method: CARD_3DS })
      expect(res.data.payment.status).toBe("pending")
      // an earlier problem noted on it (flagged only in the status it was seen in) is cleared by a run that waits for it without one
      expect(await invoicing.flagPaymentAttention(res.data.payment.id, "an earlier problem", "processing")).toBe(false)
      expect(await invoicing.flagPaymentAttention(res.data.payment.id, "an earlier problem", "pending")).toBe(true)
      expect((await reconcile(30)).result).toMatchObject({ checked: 1, expired: 0 })
      expect(await invoicing.retrieveCustomerPayment(res.data.payment.id)).toMatchObject({ status: "pending", attention: null, attention_since: null })
      expect((await reconcile(90)).result).toMatchObject({ checked: 1, expired: 1 })
      const expired = await invoicing.retrieveCustomerPayment(res.data.payment.id)
      expect(expired).toMatchObject({ status: "canceled", failure_reason: "expired" })
      expect(await invoice(invoices.current.id)).toMatchObject({ status: "open", amount_pending: 0 })
      await expectInvariants()
    })

    it("rejects bad payments with 400 naming the field, and another customer's invoice as not found", async () => {
      const cases: [Record<string, unknown>, RegExp][] = [
        [{ mode: "total_balance", currency_code: "usd" }, /payment_method is required/],
        [{ mode: "total_balance", currency_code: "usd", payment_method: { type: "cash" } }, /payment_method.type must be one of/],
        [{ mode: "fixed_amount", currency_code: "usd", amount: "0.001", payment_method: CARD_OK }, /amount has more decimals than USD allows/],
        [{ mode: "selected_invoices", currency_code: "usd", invoice_ids: [invoices.others.id], payment_method: CARD_OK }, /invoice_ids: Invoice .* was not found/],
        [{ mode: "fixed_amount", currency_code: "usd", amount: "5000", payment_method: CARD_OK }, /amount: .*exceeds/],
      ]
      for (const [body, message] of cases) {
        const res = await pay(body)
        expect({ body, status: res.status }).toEqual({ body, status: 400 })
        expect(res.data.message).toMatch(message)
      }
      // a "__proto__" key in amounts (raw JSON: an object literal cannot carry it) is refused like any
      // other key that is not a selected invoice, not dropped on the way (a full charge of the invoice)
      const raw = (key: string) =>
        `{"mode":"selected_invoices","currency_code":"usd","invoice_ids":["${invoices.current.id}"],"amounts":{"${key}":"1.00"},"payment_method":{"type":"card","data":{"number":"4242424242424242"}}}`
      const headers = { ...jane.headers, "content-type": "application/json" }
      for (const key of ["__proto__", "not-an-invoice"]) {
        const preview = await settle(api.post("/store/billing/payments/preview", raw(key), { headers }))
        const created = await settle(api.post("/store/billing/payments", raw(key), { headers: { ...headers, "idempotency-key": `proto-${key}` } }))
        expect([key, preview.status, created.status]).toEqual([key, 400, 400])
        expect(created.data.message).toMatch(/\bamounts\b/)
      }
      const [, count] = await invoicing.listAndCountCustomerPayments({})
      expect(count).toBe(0)
    })

    it("20 simultaneous payments for one invoice: one charge, the rest refused, invariants hold", async () => {
      const body = { mode: "selected_invoices", currency_code: "usd", invoice_ids: [invoices.overdue.id], payment_method: CARD_OK }
      const results = await Promise.all(Array.from({ length: 20 }, () => pay(body)))
      const statuses = results.map((r) => r.status)
      expect(statuses.filter((s) => s === 201)).toHaveLength(1)
      expect(statuses.filter((s) => s === 400)).toHaveLength(19)
      for (const r of results.filter((r) => r.status === 400)) {
        expect(r.data.message).toMatch(/has nothing left to pay|is paid/)
      }
      expect(await invoice(invoices.overdue.id)).toMatchObject({ status: "paid", amount_paid: 120 })

      const same = await Promise.all(Array.from({ length: 20 }, () => pay({ ...body, invoice_ids: [invoices.current.id] }, jane, "one-key")))
      expect(new Set(same.map((r) => r.data.payment.id)).size).toBe(1)
      expect(same.filter((r) => r.status === 201)).toHaveLength(1)
      const [, count] = await invoicing.listAndCountCustomerPayments({ status: "succeeded" })
      expect(count).toBe(2)
      await expectInvariants()
    })
  },
})
