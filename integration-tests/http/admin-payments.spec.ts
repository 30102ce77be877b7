import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { INVOICING_MODULE } from "../../src/modules/invoicing"
import type InvoicingModuleService from "../../src/modules/invoicing/service"
import { PORTAL_MODULE } from "../../src/modules/portal"
import type PortalModuleService from "../../src/modules/portal/service"
import { recordReversal } from "../../src/workflows/payments/record-outcome"
import { createAdmin, createLoggedInCustomer, createPublishableKey, expectInvariants, setStoreCurrencies, settle } from "../helpers"

jest.setTimeout(180_000)

const DAY = 24 * 60 * 60 * 1000
const CARD_OK = { type: "card", data: { number: "4242424242424242" } }

/**
 * The admin's payments pages (issue 12): the list names each payment's
 * customer, the detail route gives allocations with invoice numbers, refunds
 * and a timeline, and the refund preview says which invoices a refund
 * reopens before it is made — the same way the refund then does it.
 */
medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    type Customer = { id: string; headers: Record<string, string> }
    let pablo: Customer
    let other: Customer
    let admin: { headers: Record<string, string> }
    let invoicing: InvoicingModuleService
    let keyCounter = 0

    const issue = async (customerId: string, price: string, dueInDays: number) => {
      const draft = await invoicing.createDraftInvoice({
        customer_id: customerId,
        currency_code: "usd",
        due_at: new Date(Date.now() + dueInDays * DAY),
        lines: [{ title: "Service", quantity: "1", unit_price: price }],
      })
      return invoicing.issueInvoice(draft.id, { now: new Date(), issued_at: new Date(Date.now() - DAY) })
    }
    const payAll = async (who: Customer) => {
      const res = await api.post(
        "/store/billing/payments",
        { mode: "total_balance", currency_code: "usd", payment_method: CARD_OK },
        { headers: { ...who.headers, "idempotency-key": `pay-${++keyCounter}` } }
      )
      expect(res.data.payment.status).toBe("succeeded")
      return res.data.payment
    }
    const get = (path: string) => settle(api.get(path, admin))

    beforeEach(async () => {
      const container = getContainer()
      invoicing = container.resolve(INVOICING_MODULE)
      await setStoreCurrencies(container, ["usd"])
      const key = await createPublishableKey(container)
      pablo = await createLoggedInCustomer(api, key, "pablo@test.dev", "Pablo")
      other = await createLoggedInCustomer(api, key, "other@test.dev", "Other")
      admin = await createAdmin(container, api)
    })

    it("lists payments with each customer's name and email, filtered by customer", async () => {
      await issue(pablo.id, "80.00", 10)
      await issue(other.id, "30.00", 10)
      const mine = await payAll(pablo)
      const theirs = await payAll(other)

      const all = await get("/admin/billing/payments")
      expect(all.status).toBe(200)
      expect(all.data.count).toBe(2)
      const byId = Object.fromEntries(all.data.payments.map((p: any) => [p.id, p]))
      expect(byId[mine.id]).toMatchObject({
        customer_id: pablo.id,
        customer: { id: pablo.id, email: "pablo@test.dev", first_name: "Pablo", last_name: "Customer" },
        amount: 80,
        method: "card",
        source: "portal",
        method_details: { brand: "visa", last4: "4242" },
      })
      expect(byId[theirs.id].customer).toMatchObject({ id: other.id, email: "other@test.dev", first_name: "Other" })

      const filtered = await get(`/admin/billing/payments?customer_id=${pablo.id}`)
      expect(filtered.data.payments.map((p: any) => p.id)).toEqual([mine.id])

      // "needs attention": none here (each row says so); the filter takes true or false, nothing else
      expect(all.data.payments.map((p: any) => [p.attention, p.attention_since])).toEqual([[null, null], [null, null]])
      expect((await get("/admin/billing/payments?attention=true")).data).toMatchObject({ payments: [], count: 0 })
      expect((await get("/admin/billing/payments?attention=false")).data.count).toBe(2)
      const bad = await get("/admin/billing/payments?attention=maybe")
      expect([bad.status, bad.data.message]).toEqual([400, "Invalid request: attention must be one of: true, false"])
      const badFilter = await get("/admin/billing/payments?status=nope")
      expect(badFilter.status).toBe(400)
      expect(badFilter.data.message).toContain("status")
    })

    it("shows one payment with allocations, refunds and a timeline; 404 for an unknown id", async () => {
      const older = await issue(pablo.id, "120.00", -5)
      const newer = await issue(pablo.id, "49.99", 25)
      await issue(other.id, "300.00", 10)
      const paid = await payAll(pablo)
      await payAll(other)

      const before = await get(`/admin/billing/payments/${paid.id}`)
      expect(before.status).toBe(200)
      expect(before.data.payment).toMatchObject({
        id: paid.id,
        status: "succeeded",
        amount: 169.99,
        refundable_amount: 169.99,
        refunded_amount: 0,
        customer: { id: pablo.id, email: "pablo@test.dev" },
        provider_reference: expect.any(String),
        refunds: [],
      })
      const allocations = [...before.data.payment.allocations].sort((a: any, b: any) => a.amount - b.amount)
      expect(allocations).toEqual([
        expect.objectContaining({
          invoice_id: newer.id,
          amount: 49.99,
          invoice_number: expect.stringMatching(/^INV-/),
          invoice_status: "paid",
          invoice_amount_due: 0,
        }),
        expect.objectContaining({ invoice_id: older.id, amount: 120, invoice_status: "paid", invoice_amount_due: 0 }),
      ])
      expect(before.data.payment.timeline.map((e: any) => e.type)).toEqual(["created", "succeeded"])
      expect(before.data.payment.timeline[0]).toMatchObject({ label: "Payment created", detail: "Paid in the customer portal" })

      const refunded = await settle(
        api.post(
          `/admin/billing/payments/${paid.id}/refund`,
          { amount: "20", reason: "Goodwill" },
          { headers: { ...admin.headers, "idempotency-key": "detail-refund" } }
        )
      )
      expect(refunded.status).toBe(200)
      const after = await get(`/admin/billing/payments/${paid.id}`)
      expect(after.data.payment).toMatchObject({ refunded_amount: 20, refundable_amount: 149.99 })
      expect(after.data.payment.refunds).toEqual([
        expect.objectContaining({ amount: 20, reason: "Goodwill", status: "succeeded", currency_code: "usd" }),
      ])
      expect(after.data.payment.timeline.map((e: any) => e.type)).toEqual(["created", "succeeded", "refund_requested", "refunded"])
      expect(after.data.payment.timeline[3]).toMatchObject({ label: "Refunded", amount: 20, detail: "Goodwill" })

      const missing = await get("/admin/billing/payments/cpay_missing")
      expect(missing.status).toBe(404)
      expect(missing.data.message).toBe("CustomerPayment with id: cpay_missing was not found")
      const anonymous = await settle(api.get(`/admin/billing/payments/${paid.id}`))
      expect(anonymous.status).toBe(401)
    })

    it("previews what a refund reopens exactly as the refund then does it, and refuses what the refund refuses", async () => {
      const older = await issue(pablo.id, "120.00", -5)
      const newer = await issue(pablo.id, "49.99", 25)
      const paid = await payAll(pablo)
      const preview = (query: string) => get(`/admin/billing/payments/${paid.id}/refund-preview${query}`)

      const partial = await preview("?amount=60.50")
      expect(partial.status).toBe(200)
      // the most recently due invoice is owed again first, then the older one
      expect(partial.data.preview).toEqual({
        amount: 60.5,
        currency_code: "usd",
        refundable_amount: 169.99,
        from_credit: 0,
        reopens: [
          { invoice_id: newer.id, display_id: newer.display_id, number: expect.stringMatching(/^INV-/), amount: 49.99, amount_due_after: 49.99 },
          { invoice_id: older.id, display_id: older.display_id, number: expect.stringMatching(/^INV-/), amount: 10.51, amount_due_after: 10.51 },
        ],
        customer_credit: 0,
      })
      const everything = await preview("")
      expect(everything.data.preview).toMatchObject({ amount: 169.99, reopens: [{ amount: 49.99 }, { amount: 120 }] })

      const decimals = await preview("?amount=1.005")
      expect(decimals.status).toBe(400)
      expect(decimals.data.message).toBe("amount has more decimals than USD allows (2)")
      const tooMuch = await preview("?amount=170")
      expect(tooMuch.status).toBe(400)
      expect(tooMuch.data.message).toBe("amount must be greater than 0 and at most 169.99 USD")
      const extra = await preview("?amount=1&foo=1")
      expect(extra.status).toBe(400)
      expect((await get("/admin/billing/payments/cpay_missing/refund-preview?amount=1")).status).toBe(404)

      // the refund does what the preview said
      const done = await settle(
        api.post(`/admin/billing/payments/${paid.id}/refund`, { amount: "60.50" }, { headers: { ...admin.headers, "idempotency-key": "preview-refund" } })
      )
      expect(done.status).toBe(200)
      const amountDue = async (id: string) => Number((await get(`/admin/billing/invoices/${id}`)).data.invoice.amount_due)
      expect(await amountDue(newer.id)).toBe(49.99)
      expect(await amountDue(older.id)).toBe(10.51)
      // what is left to refund shrinks by the refund
      expect((await preview("?amount=109.49")).data.preview.refundable_amount).toBe(109.49)
      await expectInvariants(getContainer())
    })

    it("a dispute that took more than billing reversed needs attention until the admin marks it resolved; a pending payment's note is the reconciler's", async () => {
      await issue(pablo.id, "80.00", 10)
      const paid = await payAll(pablo)
      await invoicing.recordRefund(paid.id, { amount: 2000n, reference: "re_test", occurred_at: new Date() })
      // the bank took the whole 80.00 though 20.00 had been refunded
      await recordReversal(getContainer(), paid.id, {
        reason: "disputed (fraudulent)",
        occurred_at: new Date(),
        taken: { amount: 8000n, currency_code: "usd" },
      })
      const flagged = await get("/admin/billing/payments?attention=true")
      expect(flagged.data.payments.map((p: any) => [p.id, p.status])).toEqual([[paid.id, "reversed"]])
      expect(flagged.data.payments[0].attention).toMatch(/^The dispute took 80\.00 USD, 20\.00 USD more than the 60\.00 USD not refunded/)
      // the reconciler's clearing (of payments it waited on without a problem) never takes a settled payment's note
      expect(await invoicing.clearPaymentAttention([paid.id])).toBe(0)
      expect((await invoicing.retrieveCustomerPayment(paid.id)).attention).toBe(flagged.data.payments[0].attention)

      const resolve = (id: string, body: unknown = {}, headers = admin.headers) =>
        settle(api.post(`/admin/billing/payments/${id}/attention/resolve`, body, { headers }))
      // refused: a body, another admin-less caller, an unknown payment
      expect((await resolve(paid.id, { note: "done" })).status).toBe(400)
      expect((await resolve(paid.id, {}, {})).status).toBe(401)
      expect((await resolve("cpay_unknown")).status).toBe(404)
      expect((await get("/admin/billing/payments?attention=true")).data.count).toBe(1)

      const resolved = await resolve(paid.id)
      expect(resolved.status).toBe(200)
      expect(resolved.data.payment).toMatchObject({ id: paid.id, status: "reversed", attention: null, attention_since: null })
      expect((await get("/admin/billing/payments?attention=true")).data).toMatchObject({ payments: [], count: 0 })
      // again: the payment as it is
      expect((await resolve(paid.id)).data.payment).toMatchObject({ id: paid.id, attention: null })

      // a pending payment's note goes only when its provider settles it
      await issue(other.id, "30.00", 10)
      // a card that waits for 3-D Secure: the payment stays pending
      const waiting = await api.post(
        "/store/billing/payments",
        { mode: "total_balance", currency_code: "usd", payment_method: { type: "card", data: { number: "4000002760003184" } } },
        { headers: { ...other.headers, "idempotency-key": `pay-${++keyCounter}` } }
      )
      expect(waiting.data.payment.status).toBe("pending")
      const pending = { payment_id: waiting.data.payment.id as string }
      await invoicing.flagPaymentAttention(pending.payment_id, "The provider could not be reached", "pending")
      const refused = await resolve(pending.payment_id)
      expect([refused.status, refused.data.message]).toEqual([
        400,
        "A pending payment's note goes once the provider settles it (check it with the provider); only a settled payment's note can be marked resolved",
      ])
      expect((await invoicing.retrieveCustomerPayment(pending.payment_id)).attention).toBe("The provider could not be reached")
      await expectInvariants(getContainer())
    })

    it("lists autopay enrollments with each customer's name and email", async () => {
      await getContainer().resolve<PortalModuleService>(PORTAL_MODULE).updateSettings({ autopay: { allowed: true } } as any)
      const saved = await api.post("/store/billing/payment-methods", CARD_OK, { headers: pablo.headers })
      const enrolled = await api.put(
        "/store/billing/autopay",
        { payment_method_id: saved.data.payment_method.id, consent: true },
        { headers: pablo.headers }
      )
      expect(enrolled.status).toBe(201)
      const list = await get("/admin/billing/autopay")
      expect(list.status).toBe(200)
      expect(list.data.enrollments).toEqual([
        expect.objectContaining({
          customer_id: pablo.id,
          status: "active",
          customer: { id: pablo.id, email: "pablo@test.dev", first_name: "Pablo", last_name: "Customer", company_name: null },
        }),
      ])
      expect((await get(`/admin/billing/autopay?customer_id=${other.id}`)).data.enrollments).toEqual([])
    })
  },
})
