import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { INVOICING_MODULE } from "../../src/modules/invoicing"
import type InvoicingModuleService from "../../src/modules/invoicing/service"
import { makePayLink } from "../../src/workflows/pay-links/make-pay-link"
import { createLoggedInCustomer, createPublishableKey, expectInvariants, setStoreCurrencies, settle } from "../helpers"

jest.setTimeout(180_000)

const DAY = 24 * 60 * 60 * 1000
const CARD_OK = { type: "card", data: { number: "4242424242424242" } }

/**
 * `expected_amount` (issue 11): a payment charges what the customer was
 * shown or nothing. A mismatch is a 409 `balance_changed` in words, with no
 * payment, reservation, credit or ledger row written and no provider called.
 */
medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    type Who = { id: string; headers: Record<string, string> }
    let jane: Who
    let other: Who
    let key: string
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

    beforeEach(async () => {
      const container = getContainer()
      invoicing = container.resolve(INVOICING_MODULE)
      await setStoreCurrencies(container, ["usd"])
      key = await createPublishableKey(container)
      jane = await createLoggedInCustomer(api, key, "jane@test.dev", "Jane")
      other = await createLoggedInCustomer(api, key, "other@test.dev", "Other")
    })

    const pay = (body: Record<string, unknown>, who = jane, idempotencyKey = `key-${++keyCounter}`) =>
      settle(api.post("/store/billing/payments", body, { headers: { ...who.headers, "idempotency-key": idempotencyKey } }))
    const preview = async (body: Record<string, unknown>, who = jane) =>
      (await api.post("/store/billing/payments/preview", body, { headers: who.headers })).data.preview
    const sql = async (query: string, params: unknown[] = []) => {
      const pg = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
      return (await pg.raw(query, params)).rows as any[]
    }
    /** Every row a payment attempt could write, for "nothing changed". */
    const billingRows = async () => {
      const out: Record<string, unknown> = {}
      for (const table of ["invoice", "customer_payment", "payment_allocation", "ledger_entry", "pay_link"]) {
        out[table] = await sql(`SELECT * FROM ${table} ORDER BY id`)
      }
      out.payment_collection = (await sql("SELECT count(*)::int AS n FROM payment_collection"))[0].n
      out.payment_session = (await sql("SELECT count(*)::int AS n FROM payment_session"))[0].n
      return JSON.parse(JSON.stringify(out))
    }

    it("a new invoice after the preview: 409 balance_changed in words, nothing reserved; the previewed amount of now pays, once", async () => {
      const first = await issue(jane.id, "120.00", 10)
      const body = { mode: "total_balance", currency_code: "usd", payment_method: CARD_OK }
      const seen = await preview(body)
      expect(seen.amount).toBe(120)

      // the business issues another invoice while the page is open
      const second = await issue(jane.id, "49.99", 20)
      const before = await billingRows()
      const stale = await pay({ ...body, expected_amount: "120.00" }, jane, "attempt-1")
      expect(stale.status).toBe(409)
      expect(stale.data).toEqual({
        type: "conflict",
        code: "balance_changed",
        message: "Your balance changed: the amount to pay is now $169.99 (you saw $120.00). Review and pay again.",
      })
      expect(await billingRows()).toEqual(before)

      // the same key again (nothing was made under it) still checks against the balance of now
      const again = await pay({ ...body, expected_amount: 120 }, jane, "attempt-1")
      expect(again.status).toBe(409)
      expect(again.data.code).toBe("balance_changed")

      // the refreshed preview's amount, spelled either way, pays
      expect((await preview(body)).amount).toBe(169.99)
      const paid = await pay({ ...body, expected_amount: "169.990" }, jane, "attempt-2")
      expect(paid.status).toBe(201)
      expect(paid.data.payment).toMatchObject({ status: "succeeded", amount: 169.99 })
      expect(paid.data.payment.allocations.map((a: any) => [a.invoice_id, a.amount]).sort()).toEqual(
        [[first.id, 120], [second.id, 49.99]].sort()
      )
      // a replay of the key answers its stored payment, whatever the balance is now
      await issue(jane.id, "10.00", 30)
      const replay = await pay({ ...body, expected_amount: "169.99" }, jane, "attempt-2")
      expect(replay.status).toBe(200)
      expect(replay.data.payment.id).toBe(paid.data.payment.id)
      expect(await sql("SELECT id FROM customer_payment WHERE customer_id = ?", [jane.id])).toHaveLength(1)

      // another customer: jane's payment is not found, and her invoice reveals no amount
      expect((await settle(api.get(`/store/billing/payments/${paid.data.payment.id}`, { headers: other.headers }))).status).toBe(404)
      const theirs = await pay(
        { mode: "selected_invoices", currency_code: "usd", invoice_ids: [first.id], expected_amount: "1.00", payment_method: CARD_OK },
        other
      )
      expect(theirs.status).toBe(400)
      expect(theirs.data.message).toMatch(/^invoice_ids: Invoice .* was not found/)
      expect(theirs.data.message).not.toMatch(/\$/)
      await expectInvariants(getContainer())
    })

    it("selected invoices and a fixed amount: a matching expected_amount pays as before, a payment made elsewhere meanwhile changes it", async () => {
      const invoice = await issue(jane.id, "80.00", 10)
      const selected = { mode: "selected_invoices", currency_code: "usd", invoice_ids: [invoice.id], payment_method: CARD_OK }
      // a payment made elsewhere (another tab) after the preview
      expect((await pay({ mode: "fixed_amount", currency_code: "usd", amount: "30.00", payment_method: CARD_OK })).status).toBe(201)
      const before = await billingRows()
      const stale = await pay({ ...selected, expected_amount: "80.00" })
      expect(stale.status).toBe(409)
      expect(stale.data.message).toBe("Your balance changed: the amount to pay is now $50.00 (you saw $80.00). Review and pay again.")
      expect(await billingRows()).toEqual(before)
      const paid = await pay({ ...selected, expected_amount: "50" })
      expect(paid.status).toBe(201)
      expect(paid.data.payment).toMatchObject({ status: "succeeded", amount: 50 })

      // a fixed amount's expected amount is the amount itself
      await issue(jane.id, "40.00", 10)
      expect((await pay({ mode: "fixed_amount", currency_code: "usd", amount: "15.00", expected_amount: "15.01", payment_method: CARD_OK })).status).toBe(409)
      expect((await pay({ mode: "fixed_amount", currency_code: "usd", amount: "15.00", expected_amount: "15.00", payment_method: CARD_OK })).status).toBe(201)
    })

    it("rejects a bad expected_amount with 400 naming it, before anything else", async () => {
      await issue(jane.id, "80.00", 10)
      const base = { mode: "total_balance", currency_code: "usd", payment_method: CARD_OK }
      const cases: [unknown, string][] = [
        ["abc", "expected_amount must be a decimal number"],
        ["1.001", "expected_amount has more decimals than USD allows (2)"],
        ["0", "expected_amount must be greater than 0"],
        ["-5.00", "expected_amount must be greater than 0"],
        [true, "expected_amount"],
      ]
      for (const [value, message] of cases) {
        const res = await pay({ ...base, expected_amount: value })
        expect({ value, status: res.status }).toEqual({ value, status: 400 })
        expect(res.data.message).toContain(message)
      }
      expect(await sql("SELECT id FROM customer_payment")).toEqual([])
    })

    it("a pay link: the link's total changed since the page loaded → 409 with nothing written; the new total pays", async () => {
      const a = await issue(jane.id, "100.00", 10)
      const b = await issue(jane.id, "25.50", 12)
      const link = await makePayLink(getContainer(), { customer_id: jane.id, currency_code: "usd", invoices: [a, b] }, new Date())
      const token = new URLSearchParams(new URL(link.payment_url).hash.slice(1)).get("token")!
      const headers = (extra: Record<string, string> = {}) => ({ headers: { "x-publishable-api-key": key, "x-pay-link-token": token, ...extra } })
      const body = { mode: "total_balance", currency_code: "usd", payment_method: CARD_OK }
      const seen = (await api.post("/store/billing/pay-link/preview", body, headers())).data.preview
      expect(seen.amount).toBe(125.5)
      // the preview takes no expected_amount check (it is what the customer looks at)
      expect((await settle(api.post("/store/billing/pay-link/preview", { ...body, expected_amount: "1.00" }, headers()))).status).toBe(200)

      // jane pays invoice a from the signed-in portal meanwhile
      expect((await pay({ mode: "selected_invoices", currency_code: "usd", invoice_ids: [a.id], payment_method: CARD_OK })).status).toBe(201)
      const before = await billingRows()
      const stale = await settle(api.post("/store/billing/pay-link/pay", { ...body, expected_amount: "125.50" }, headers({ "idempotency-key": "link-1" })))
      expect(stale.status).toBe(409)
      expect(stale.data).toEqual({
        type: "conflict",
        code: "balance_changed",
        message: "Your balance changed: the amount to pay is now $25.50 (you saw $125.50). Review and pay again.",
      })
      expect(await billingRows()).toEqual(before)

      const bad = await settle(api.post("/store/billing/pay-link/pay", { ...body, expected_amount: "x" }, headers({ "idempotency-key": "link-2" })))
      expect(bad.status).toBe(400)
      expect(bad.data.message).toContain("expected_amount")

      const paid = await settle(api.post("/store/billing/pay-link/pay", { ...body, expected_amount: "25.50" }, headers({ "idempotency-key": "link-3" })))
      expect(paid.status).toBe(201)
      expect(paid.data.payment).toMatchObject({ status: "succeeded", amount: 25.5, source: "pay_link" })
      const replay = await settle(api.post("/store/billing/pay-link/pay", { ...body, expected_amount: "25.50" }, headers({ "idempotency-key": "link-3" })))
      expect(replay.status).toBe(200)
      expect(replay.data.payment.id).toBe(paid.data.payment.id)
      await expectInvariants(getContainer())
    })
  },
})
