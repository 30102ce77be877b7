import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { createStep, createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import {
  createDraftInvoiceStep,
  issueInvoiceStep,
  updateDraftInvoiceStep,
} from "../../src/workflows/invoices/steps"
import { toMinor } from "../../src/domain/money"
import { INVOICING_MODULE } from "../../src/modules/invoicing"
import { PORTAL_MODULE } from "../../src/modules/portal"
import type PortalModuleService from "../../src/modules/portal/service"
import type InvoicingModuleService from "../../src/modules/invoicing/service"
import {
  createAdmin,
  createLoggedInCustomer,
  createPublishableKey,
  expectInvariants,
  setStoreCurrencies,
  settle,
} from "../helpers"

jest.setTimeout(120_000)

const DAY = 24 * 60 * 60 * 1000

// A step that always fails, to force the compensation of the steps before it.
const failingStep = createStep("billing-test-failing-step", async () => {
  throw new Error("forced failure after the step under test")
})
const createThenFail = createWorkflow("billing-test-create-then-fail", (input: any) => {
  const invoice = createDraftInvoiceStep(input)
  failingStep()
  return new WorkflowResponse(invoice)
})
const updateThenFail = createWorkflow("billing-test-update-then-fail", (input: any) => {
  const invoice = updateDraftInvoiceStep(input)
  failingStep()
  return new WorkflowResponse(invoice)
})
const issueThenFail = createWorkflow("billing-test-issue-then-fail", (input: any) => {
  const invoice = issueInvoiceStep(input)
  failingStep()
  return new WorkflowResponse(invoice)
})
const usd = (v: string) => toMinor(v, "usd")

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let admin: { headers: Record<string, string> }
    let jane: { id: string; headers: Record<string, string> }
    let other: { id: string; headers: Record<string, string> }
    let invoicing: InvoicingModuleService

    beforeEach(async () => {
      const container = getContainer()
      invoicing = container.resolve(INVOICING_MODULE)
      await setStoreCurrencies(container, ["usd", "eur"])
      admin = await createAdmin(container, api)
      const key = await createPublishableKey(container)
      jane = await createLoggedInCustomer(api, key, "jane@test.dev", "Jane")
      other = await createLoggedInCustomer(api, key, "other@test.dev", "Other")
    })

    const createInvoice = async (body: Record<string, unknown>) =>
      settle(api.post("/admin/billing/invoices", body, admin))

    const issuedInvoice = async (customerId: string, price: string, dueInDays: number, currency = "usd") => {
      const created = await createInvoice({
        customer_id: customerId,
        currency_code: currency,
        due_at: new Date(Date.now() + dueInDays * DAY).toISOString(),
        lines: [{ title: "Service", quantity: 1, unit_price: price }],
      })
      expect(created.status).toBe(201)
      const issued = await api.post(`/admin/billing/invoices/${created.data.invoice.id}/issue`, {}, admin)
      return issued.data.invoice
    }

    describe("admin invoices", () => {
      it("creates a draft with server-computed totals, edits, issues and voids it", async () => {
        const created = await createInvoice({
          customer_id: jane.id,
          currency_code: "USD",
          due_at: "2030-01-31T00:00:00.000Z",
          notes: "Boiler repair",
          lines: [
            { title: "Call-out", quantity: "1", unit_price: "150.00" },
            { title: "Labour", quantity: "2.5", unit_price: "90.10", description: "hours" },
          ],
          // a client-sent total is not accepted: totals come from the lines
        })
        expect(created.status).toBe(201)
        const draft = created.data.invoice
        expect(draft).toMatchObject({
          status: "draft",
          currency_code: "usd",
          subtotal: 375.25,
          total: 375.25,
          amount_due: 0,
          number: expect.stringMatching(/^INV-\d{6}$/),
        })
        expect(draft.lines.map((l: any) => [l.title, l.quantity, l.unit_price, l.total])).toEqual([
          ["Call-out", "1", 150, 150],
          ["Labour", "2.5", 90.1, 225.25],
        ])

        const withTotal = await createInvoice({
          customer_id: jane.id,
          currency_code: "usd",
          due_at: "2030-01-31T00:00:00.000Z",
          total: 1,
          lines: [{ title: "x", quantity: 1, unit_price: "1" }],
        })
        expect(withTotal.status).toBe(400)
        expect(withTotal.data.message).toContain("total")

        const edited = await api.post(
          `/admin/billing/invoices/${draft.id}`,
          { lines: [{ title: "Call-out", quantity: "1", unit_price: "99.99" }] },
          admin
        )
        expect(edited.data.invoice.total).toBe(99.99)

        const issued = await api.post(`/admin/billing/invoices/${draft.id}/issue`, {}, admin)
        expect(issued.data.invoice).toMatchObject({ status: "open", amount_due: 99.99 })
        expect(issued.data.invoice.issued_at).toBeTruthy()

        const reissue = await settle(api.post(`/admin/billing/invoices/${draft.id}/issue`, {}, admin))
        expect(reissue.status).toBe(400)
        expect(reissue.data.message).toMatch(/is open; only drafts can be issued/)
        const lateEdit = await settle(api.post(`/admin/billing/invoices/${draft.id}`, { notes: "x" }, admin))
        expect(lateEdit.status).toBe(400)
        expect(lateEdit.data.message).toMatch(/only drafts can be edited/)

        const voided = await api.post(`/admin/billing/invoices/${draft.id}/void`, {}, admin)
        expect(voided.data.invoice).toMatchObject({ status: "void", amount_due: 0 })

        const history = await api.get("/store/billing/history", { headers: jane.headers })
        expect(history.data.history.map((e: any) => [e.type, e.amount, e.balance_after])).toEqual([
          ["void", -99.99, 0],
          ["invoice", 99.99, 99.99],
        ])

        // the portal settings can hide charges (or payments) from the history
        const portal = getContainer().resolve<PortalModuleService>(PORTAL_MODULE)
        await portal.updateSettings({ history: { show_charges: false } })
        try {
          const hidden = await api.get("/store/billing/history", { headers: jane.headers })
          expect(hidden.data).toMatchObject({ history: [], count: 0 })
          const asked = await api.get("/store/billing/history?type=invoice", { headers: jane.headers })
          expect(asked.data.history).toEqual([])
        } finally {
          await portal.updateSettings({ history: { show_charges: true } })
        }
      })

      it("rejects bad input with 400 and a message naming the field", async () => {
        const base = {
          customer_id: jane.id,
          currency_code: "usd",
          due_at: "2030-01-31T00:00:00.000Z",
          lines: [{ title: "Visit", quantity: "1", unit_price: "10.00" }],
        }
        const cases: [Record<string, unknown>, RegExp][] = [
          [{ lines: [{ title: "Visit", quantity: "-1", unit_price: "10.00" }] }, /quantity must not be negative/],
          [{ lines: [{ title: "Visit", quantity: "1", unit_price: "-10.00" }] }, /unit_price must not be negative/],
          [{ lines: [{ title: "Visit", quantity: "1", unit_price: "10.001" }] }, /unit_price has more decimals than USD allows/],
          [{ lines: [{ title: "Visit", quantity: "abc", unit_price: "10" }] }, /quantity must be a decimal number/],
          [{ lines: [] }, /field 'lines' too small/],
          [{ customer_id: "cus_does_not_exist" }, /customer_id: customer cus_does_not_exist does not exist/],
          [{ currency_code: "gbp" }, /currency_code: the store does not accept GBP/],
          [{ currency_code: "dollars" }, /currency_code must be a 3-letter ISO code/],
          [{ due_at: "not-a-date" }, /due_at must be an ISO 8601 date/],
          [{ due_at: undefined }, /due_at/],
        ]
        for (const [patch, message] of cases) {
          const res = await createInvoice({ ...base, ...patch })
          expect({ patch, status: res.status }).toEqual({ patch, status: 400 })
          expect(res.data.message).toMatch(message)
        }
        const [, count] = await invoicing.listAndCountInvoices({})
        expect(count).toBe(0)
      })

      it("refuses to void an invoice with a payment applied", async () => {
        const invoice = await issuedInvoice(jane.id, "50.00", 10)
        await invoicing.recordSucceededPayment({
          customer_id: jane.id,
          currency_code: "usd",
          amount: usd("20.00"),
          allocations: [{ invoice_id: invoice.id, amount: usd("20.00") }],
          method: "manual",
          source: "admin",
          mode: "selected_invoices",
          occurred_at: new Date(),
        })
        const res = await settle(api.post(`/admin/billing/invoices/${invoice.id}/void`, {}, admin))
        expect(res.status).toBe(400)
        expect(res.data.message).toMatch(/has payments applied/)
      })

      it("records an offline payment against an invoice with the same rules, and lists payments", async () => {
        const invoice = await issuedInvoice(jane.id, "80.00", 10)
        const url = `/admin/billing/invoices/${invoice.id}/payments`
        const bad: [Record<string, unknown>, RegExp][] = [
          [{ amount: "0" }, /amount must be greater than 0/],
          [{ amount: "-5" }, /amount must be greater than 0/],
          [{ amount: "1.005" }, /amount has more decimals than USD allows/],
          [{ amount: "80.01" }, /must be between 0 and 80.00/],
          [{ amount: "10", method: "bitcoin" }, /method must be one of: manual/],
          [{ amount: "10", extra: true }, /Unrecognized fields: 'extra'/],
        ]
        for (const [body, message] of bad) {
          const res = await settle(api.post(url, body, admin))
          expect({ body, status: res.status }).toEqual({ body, status: 400 })
          expect(res.data.message).toMatch(message)
        }
        const check = await api.post(url, { amount: "30.00", reference: "CHECK-1042", note: "mailed check" }, admin)
        expect(check.status).toBe(201)
        expect(check.data.payment).toMatchObject({
          status: "succeeded",
          method: "manual",
          source: "admin",
          amount: 30,
          transaction_id: "CHECK-1042",
          allocations: [expect.objectContaining({ invoice_id: invoice.id, amount: 30, status: "applied" })],
        })
        const after = await api.get(`/admin/billing/invoices/${invoice.id}`, admin)
        expect(after.data.invoice).toMatchObject({ status: "partially_paid", amount_paid: 30, amount_due: 50 })

        const missing = await settle(api.post("/admin/billing/invoices/inv_missing/payments", { amount: "1" }, admin))
        expect(missing.status).toBe(404)

        const list = await api.get(`/admin/billing/payments?customer_id=${jane.id}&method=manual`, admin)
        expect(list.data).toMatchObject({ count: 1, payments: [expect.objectContaining({ id: check.data.payment.id, customer_id: jane.id })] })
        const none = await api.get(`/admin/billing/payments?customer_id=${other.id}`, admin)
        expect(none.data.count).toBe(0)
        const badFilter = await settle(api.get("/admin/billing/payments?status=paid", admin))
        expect(badFilter.status).toBe(400)
        expect(badFilter.data.message).toMatch(/status must be one of/)

        // the customer sees it in their history, the other customer does not
        const history = await api.get("/store/billing/history?type=payment", { headers: jane.headers })
        expect(history.data.history).toEqual([expect.objectContaining({ amount: -30, balance_after: 50 })])

        // refunds: partial, too much, the rest, then nothing left
        const refundUrl = `/admin/billing/payments/${check.data.payment.id}/refund`
        const withKey = (key: string) => ({ headers: { ...admin.headers, "idempotency-key": key } })
        const partial = await api.post(refundUrl, { amount: "10", reason: "goodwill" }, withKey("refund-partial"))
        expect(partial.data.payment).toMatchObject({ refunded_amount: 10, status: "succeeded" })
        expect((await api.get(`/admin/billing/invoices/${invoice.id}`, admin)).data.invoice).toMatchObject({
          status: "partially_paid",
          amount_paid: 20,
          amount_due: 60,
        })
        const tooMuch = await settle(api.post(refundUrl, { amount: "25" }, withKey("refund-too-much")))
        expect(tooMuch.status).toBe(400)
        expect(tooMuch.data.message).toBe("amount must be greater than 0 and at most 20.00 USD")
        const rest = await api.post(refundUrl, {}, withKey("refund-rest"))
        expect(rest.data.payment.refunded_amount).toBe(30)
        expect((await api.get(`/admin/billing/invoices/${invoice.id}`, admin)).data.invoice).toMatchObject({
          status: "open",
          amount_paid: 0,
          amount_due: 80,
        })
        const nothingLeft = await settle(api.post(refundUrl, {}, withKey("refund-nothing-left")))
        expect(nothingLeft.status).toBe(400)
        expect(nothingLeft.data.message).toBe("The payment is already fully refunded")
        const refunds = await api.get("/store/billing/history?type=refund", { headers: jane.headers })
        expect(refunds.data.history.map((e: any) => [e.amount, e.balance_after])).toEqual([
          [20, 80],
          [10, 60],
        ])
        await expectInvariants(getContainer())
      })

      it("records an offline payment once per Idempotency-Key: a retry answers the first payment, another body under the key is a 409", async () => {
        const invoice = await issuedInvoice(jane.id, "120.00", 10)
        const second = await issuedInvoice(jane.id, "40.00", 20)
        const othersInvoice = await issuedInvoice(other.id, "60.00", 10)
        const url = (id: string) => `/admin/billing/invoices/${id}/payments`
        const withKey = (key: string) => ({ headers: { ...admin.headers, "idempotency-key": key } })
        const body = { amount: "50", offline_method: "check", reference: "Check #1042" }

        // a double click: the same request twice at once, then once more
        const [a, b] = await Promise.all([
          settle(api.post(url(invoice.id), body, withKey("check-1042"))),
          settle(api.post(url(invoice.id), body, withKey("check-1042"))),
        ])
        expect([a.status, b.status].sort()).toEqual([200, 201])
        expect(a.data.payment.id).toBe(b.data.payment.id)
        // the same amount written differently is the same request
        const again = await settle(api.post(url(invoice.id), { ...body, amount: "50.00" }, withKey("check-1042")))
        expect(again.status).toBe(200)
        expect(again.data.payment).toMatchObject({ id: a.data.payment.id, amount: 50, transaction_id: "Check #1042" })

        const conflicts: Record<string, unknown>[] = [
          { ...body, amount: "60" },
          { ...body, reference: "Check #1043" },
          { ...body, offline_method: "cash" },
          { ...body, note: "second check" },
          { ...body, received_at: "2026-01-02" },
        ]
        for (const changed of conflicts) {
          const res = await settle(api.post(url(invoice.id), changed, withKey("check-1042")))
          expect({ changed, status: res.status }).toEqual({ changed, status: 409 })
          expect(res.data.message).toBe("Idempotency-Key was already used with a different request body")
        }
        // the same key on another invoice of the customer is another request too
        const elsewhere = await settle(api.post(url(second.id), body, withKey("check-1042")))
        expect(elsewhere.status).toBe(409)
        // another customer's payment under the same key is its own
        const others = await settle(api.post(url(othersInvoice.id), body, withKey("check-1042")))
        expect(others.status).toBe(201)

        const tooLong = await settle(api.post(url(invoice.id), body, withKey("k".repeat(256))))
        expect(tooLong.status).toBe(400)
        expect(tooLong.data.message).toBe("Idempotency-Key header must be at most 255 characters")
        // without a key each request is a payment of its own, as before
        const unkeyed = await settle(api.post(url(second.id), { amount: "10" }, admin))
        expect(unkeyed.status).toBe(201)

        const payments = await invoicing.listCustomerPayments({ customer_id: jane.id, method: "manual" } as any)
        expect(payments.map((p: any) => Number(p.amount)).sort()).toEqual([10, 50])
        expect((await api.get(`/admin/billing/invoices/${invoice.id}`, admin)).data.invoice).toMatchObject({
          amount_paid: 50,
          amount_due: 70,
        })
        const ledger = await invoicing.listLedgerEntries({ customer_id: jane.id, type: "payment" } as any)
        expect(ledger.map((e: any) => Number(e.amount)).sort((x: number, y: number) => x - y)).toEqual([-50, -10])
        await expectInvariants(getContainer())
      })

      it("lists with filters and pagination, and serves a customer's account", async () => {
        const a = await issuedInvoice(jane.id, "10.00", -5)
        await issuedInvoice(jane.id, "20.00", 5)
        await issuedInvoice(other.id, "30.00", 5)
        await createInvoice({
          customer_id: jane.id,
          currency_code: "usd",
          due_at: "2030-01-31T00:00:00.000Z",
          notes: "Gutter cleaning quote",
          lines: [{ title: "Quote", quantity: "1", unit_price: "5" }],
        })

        const byCustomer = await api.get(`/admin/billing/invoices?customer_id=${jane.id}&limit=2&order=display_id`, admin)
        expect(byCustomer.data).toMatchObject({ count: 3, offset: 0, limit: 2 })
        expect(byCustomer.data.invoices).toHaveLength(2)
        expect(byCustomer.data.invoices[0].id).toBe(a.id)

        const drafts = await api.get("/admin/billing/invoices?status=draft", admin)
        expect(drafts.data.invoices.map((i: any) => i.notes)).toEqual(["Gutter cleaning quote"])
        const search = await api.get("/admin/billing/invoices?q=gutter", admin)
        expect(search.data.count).toBe(1)
        const byNumber = await api.get(`/admin/billing/invoices?q=${a.number}`, admin)
        expect(byNumber.data.invoices.map((i: any) => i.id)).toEqual([a.id])
        const overdue = await api.get(`/admin/billing/invoices?due_at[lt]=${new Date().toISOString()}`, admin)
        expect(overdue.data.invoices.map((i: any) => i.id)).toEqual([a.id])

        const badStatus = await settle(api.get("/admin/billing/invoices?status=late", admin))
        expect(badStatus.status).toBe(400)
        expect(badStatus.data.message).toMatch(/status must be one of/)

        const retrieved = await api.get(`/admin/billing/invoices/${a.id}`, admin)
        expect(retrieved.data.invoice.lines).toHaveLength(1)

        const account = await api.get(`/admin/billing/customers/${jane.id}/account`, admin)
        expect(account.data.account.balances).toEqual([
          expect.objectContaining({ currency_code: "usd", total_balance: 30, past_due: 10, not_yet_due: 20, current_charges: 20 }),
        ])
        const missing = await settle(api.get("/admin/billing/customers/cus_missing/account", admin))
        expect(missing.status).toBe(404)

        // The read-only link lets query.graph join an invoice to its customer.
        const query = getContainer().resolve("query") as any
        const { data: linked } = await query.graph({
          entity: "invoice",
          fields: ["id", "customer.email"],
          filters: { id: a.id },
        })
        expect(linked[0].customer.email).toBe("jane@test.dev")

        const anonymous = await settle(api.get("/admin/billing/invoices"))
        expect(anonymous.status).toBe(401)
      })
    })

    describe("compensation", () => {
      const draftInput = () => ({
        customer_id: jane.id,
        currency_code: "usd",
        due_at: new Date("2030-01-31T00:00:00Z"),
        lines: [{ title: "Visit", quantity: "1", unit_price: "10.00" }],
      })

      it("removes the draft when a later step fails", async () => {
        const { errors } = await createThenFail(getContainer()).run({ input: draftInput(), throwOnError: false })
        expect(errors[0].error.message).toBe("forced failure after the step under test")
        const [, count] = await invoicing.listAndCountInvoices({})
        expect(count).toBe(0)
      })

      it("restores the draft's previous fields and lines when a later step fails", async () => {
        const draft = await invoicing.createDraftInvoice({ ...draftInput(), notes: "before" })
        const { errors } = await updateThenFail(getContainer()).run({
          input: { id: draft.id, update: { notes: "after", lines: [{ title: "New", quantity: "3", unit_price: "1" }] } },
          throwOnError: false,
        })
        expect(errors).toHaveLength(1)
        const restored = await invoicing.retrieveInvoice(draft.id, { relations: ["lines"] })
        expect(restored.notes).toBe("before")
        expect(restored.lines.map((l) => [l.title, l.quantity])).toEqual([["Visit", "1"]])
        expect((restored as any).raw_total.value).toBe("10")
      })

      it("reverses an issue with a void entry (the ledger is never rewritten)", async () => {
        const draft = await invoicing.createDraftInvoice(draftInput())
        const { errors } = await issueThenFail(getContainer()).run({ input: { id: draft.id }, throwOnError: false })
        expect(errors).toHaveLength(1)
        const invoice = await invoicing.retrieveInvoice(draft.id)
        expect(invoice.status).toBe("void")
        const entries = await invoicing.listLedgerEntries({ customer_id: jane.id }, { order: { sequence: "ASC" } })
        expect(entries.map((e) => [e.type, (e as any).raw_balance_after.value])).toEqual([
          ["invoice", "10"],
          ["void", "0"],
        ])
      })
    })

    describe("store read side", () => {
      it("shows a customer their own invoices, never drafts, never another customer's", async () => {
        const overdue = await issuedInvoice(jane.id, "120.00", -5)
        const current = await issuedInvoice(jane.id, "49.99", 20)
        const paid = await issuedInvoice(jane.id, "80.00", -40)
        const eur = await issuedInvoice(jane.id, "15.00", 10, "eur")
        const othersInvoice = await issuedInvoice(other.id, "999.00", 10)
        const draft = (
          await createInvoice({
            customer_id: jane.id,
            currency_code: "usd",
            due_at: "2030-01-31T00:00:00.000Z",
            lines: [{ title: "Draft", quantity: "1", unit_price: "1000" }],
          })
        ).data.invoice
        await invoicing.recordSucceededPayment({
          customer_id: jane.id,
          currency_code: "usd",
          amount: usd("100.00"),
          allocations: [
            { invoice_id: paid.id, amount: usd("80.00") },
            { invoice_id: overdue.id, amount: usd("20.00") },
          ],
          method: "manual",
          source: "admin",
          mode: "fixed_amount",
          occurred_at: new Date(),
        })

        const list = await api.get("/store/billing/invoices?order=display_id", { headers: jane.headers })
        expect(list.data).toMatchObject({ count: 4, offset: 0, limit: 20 })
        expect(list.data.invoices.map((i: any) => i.id)).toEqual([overdue.id, current.id, paid.id, eur.id])
        expect(list.data.invoices.find((i: any) => i.id === overdue.id)).toMatchObject({
          status: "partially_paid",
          amount_paid: 20,
          amount_due: 100,
          is_overdue: true,
        })

        const open = await api.get("/store/billing/invoices?status=open,partially_paid&currency_code=usd", {
          headers: jane.headers,
        })
        expect(open.data.invoices.map((i: any) => i.id).sort()).toEqual([overdue.id, current.id].sort())
        const page = await api.get("/store/billing/invoices?limit=1&offset=1&order=-total", { headers: jane.headers })
        expect(page.data.invoices.map((i: any) => i.id)).toEqual([paid.id])

        const detail = await api.get(`/store/billing/invoices/${overdue.id}`, { headers: jane.headers })
        expect(detail.data.invoice.lines).toHaveLength(1)
        expect(detail.data.invoice.allocations).toEqual([expect.objectContaining({ amount: 20, status: "applied" })])

        for (const id of [draft.id, othersInvoice.id, "inv_missing"]) {
          const res = await settle(api.get(`/store/billing/invoices/${id}`, { headers: jane.headers }))
          expect({ id, status: res.status }).toEqual({ id, status: 404 })
          expect(res.data.message).toBe(`Invoice with id: ${id} was not found`)
        }
        // and the other customer cannot see Jane's invoices at all
        for (const id of [overdue.id, current.id]) {
          const res = await settle(api.get(`/store/billing/invoices/${id}`, { headers: other.headers }))
          expect(res.status).toBe(404)
        }
        const othersList = await api.get("/store/billing/invoices", { headers: other.headers })
        expect(othersList.data.invoices.map((i: any) => i.id)).toEqual([othersInvoice.id])
        const othersHistory = await api.get("/store/billing/history", { headers: other.headers })
        expect(othersHistory.data.history.every((e: any) => e.reference_id !== overdue.id)).toBe(true)
      })

      it("adds up the account balances exactly (invariant 3)", async () => {
        const a = await issuedInvoice(jane.id, "100.10", -3)
        const b = await issuedInvoice(jane.id, "0.20", 7)
        await issuedInvoice(jane.id, "33.33", 14)
        await issuedInvoice(other.id, "5.00", 1)
        await invoicing.recordSucceededPayment({
          customer_id: jane.id,
          currency_code: "usd",
          amount: usd("120.00"),
          allocations: [
            { invoice_id: a.id, amount: usd("100.10") },
            { invoice_id: b.id, amount: usd("0.10") },
          ],
          method: "manual",
          source: "admin",
          mode: "fixed_amount",
          occurred_at: new Date(),
        })
        const { data } = await api.get("/store/billing/account", { headers: jane.headers })
        const usdBalance = data.account.balances.find((x: any) => x.currency_code === "usd")
        // the 19.80 the allocations left over does not idle as credit (invariant 5):
        // it pays b's last 0.10, then 19.70 of c, which leaves 13.63 due
        expect(usdBalance).toEqual({
          currency_code: "usd",
          total_balance: 13.63,
          current_charges: 13.63,
          past_due: 0,
          not_yet_due: 13.63,
          pending: 0,
          credit: 0,
        })
        expect(data.account.settings.tabs.invoices).toBe(true)

        // The same figure three ways, in exact minor units.
        const pg = getContainer().resolve("__pg_connection__") as any
        const [ledger] = (
          await pg.raw(
            `SELECT SUM(amount)::text AS total,
                    (SELECT balance_after::text FROM ledger_entry
                      WHERE customer_id = ? AND currency_code = 'usd' ORDER BY sequence DESC LIMIT 1) AS last
               FROM ledger_entry WHERE customer_id = ? AND currency_code = 'usd'`,
            [jane.id, jane.id]
          )
        ).rows
        const [open] = (
          await pg.raw(
            `SELECT SUM(amount_due)::text AS due FROM invoice
              WHERE customer_id = ? AND currency_code = 'usd' AND status IN ('open', 'partially_paid')`,
            [jane.id]
          )
        ).rows
        const [credit] = (
          await pg.raw(
            `SELECT SUM(unapplied_amount)::text AS credit FROM customer_payment
              WHERE customer_id = ? AND status = 'succeeded'`,
            [jane.id]
          )
        ).rows
        const expected = usd(open.due) - usd(credit.credit)
        expect(usd(ledger.total)).toBe(expected)
        expect(usd(ledger.last)).toBe(expected)
        expect(usd(String(usdBalance.total_balance))).toBe(expected)

        const history = await api.get("/store/billing/history?currency_code=usd", { headers: jane.headers })
        const running = history.data.history.map((e: any) => e.balance_after)
        expect(running[0]).toBe(13.63)
        expect(history.data.count).toBe(6) // three invoices, the payment, two credit applications

        const empty = await api.get("/store/billing/account", { headers: other.headers })
        expect(empty.data.account.balances).toEqual([
          expect.objectContaining({ currency_code: "usd", total_balance: 5 }),
        ])
      })

      it("validates store queries strictly and requires a logged-in customer", async () => {
        const cases: [string, RegExp][] = [
          ["/store/billing/invoices?status=draft", /status must be one of: open, partially_paid, paid, void/],
          ["/store/billing/invoices?limit=1000", /limit/],
          ["/store/billing/invoices?offset=-1", /offset/],
          ["/store/billing/invoices?order=customer_id", /order must be one of/],
          ["/store/billing/invoices?customer_id=cus_x", /Unrecognized fields: 'customer_id'/],
          ["/store/billing/invoices?due_at[gte]=yesterday", /due_at\[gte\] must be an ISO 8601 date/],
          ["/store/billing/history?type=bogus", /type must be one of/],
          ["/store/billing/account?x=1", /Unrecognized fields: 'x'/],
        ]
        for (const [url, message] of cases) {
          const res = await settle(api.get(url, { headers: jane.headers }))
          expect({ url, status: res.status }).toEqual({ url, status: 400 })
          expect(res.data.message).toMatch(message)
        }
        const noToken = await settle(
          api.get("/store/billing/account", {
            headers: { "x-publishable-api-key": jane.headers["x-publishable-api-key"] },
          })
        )
        expect(noToken.status).toBe(401)
        const noKey = await settle(
          api.get("/store/billing/invoices", { headers: { authorization: jane.headers.authorization } })
        )
        expect(noKey.status).toBe(400)
      })
    })
  },
})
