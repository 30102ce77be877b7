import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { loadStatementDocumentWorkflow } from "../../src/workflows/documents"
import { createAdmin, createLoggedInCustomer, createPublishableKey, expectInvariants, setStoreCurrencies, settle } from "../helpers"

jest.setTimeout(300_000)

const DAY = 24 * 60 * 60 * 1000
const HOUR = 60 * 60 * 1000
type Who = { id: string; headers: Record<string, string> }

/**
 * What an admin enters that names a moment (a check received, an invoice
 * issued, the aging report's date) and the admin lists' paging: a future
 * date cannot make the statement disagree with the balance, and a page
 * boundary never hides or repeats a payment.
 */
medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let admin: { headers: Record<string, string> }
    let jane: Who
    let other: Who

    beforeEach(async () => {
      const container = getContainer()
      await setStoreCurrencies(container, ["usd"])
      admin = await createAdmin(container, api)
      const key = await createPublishableKey(container)
      jane = await createLoggedInCustomer(api, key, "jane@test.dev", "Jane")
      other = await createLoggedInCustomer(api, key, "other@test.dev", "Other")
    })

    const draft = async (customerId: string, price: string, extra: Record<string, unknown> = {}) => {
      const res = await settle(
        api.post(
          "/admin/billing/invoices",
          {
            customer_id: customerId,
            currency_code: "usd",
            due_at: new Date(Date.now() + 10 * DAY).toISOString(),
            lines: [{ title: "Service", quantity: "1", unit_price: price }],
            ...extra,
          },
          admin
        )
      )
      expect(res.status).toBe(201)
      return res.data.invoice
    }
    const issue = (id: string, body: Record<string, unknown> = {}) => settle(api.post(`/admin/billing/invoices/${id}/issue`, body, admin))
    const offline = (invoiceId: string, body: Record<string, unknown>) =>
      settle(api.post(`/admin/billing/invoices/${invoiceId}/payments`, body, admin))
    const balanceOf = async (who: Who) => (await api.get("/store/billing/account", { headers: who.headers })).data.account.balances[0]?.total_balance ?? 0
    const statementOf = async (customerId: string) => {
      const { result } = await loadStatementDocumentWorkflow(getContainer()).run({ input: { customer_id: customerId, now: new Date().toISOString() } })
      return result as any
    }
    const sql = async (query: string, bindings: unknown[] = []) =>
      (await (getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION) as any).raw(query, bindings)).rows

    it("an invoice is past due once its due date's day is over: due today is not (is_overdue, past due, the admin's overdue filter, the aging report)", async () => {
      const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10)
      const dueToday = await draft(jane.id, "40.00", { due_at: day(0) })
      const dueYesterday = await draft(jane.id, "25.00", { due_at: day(-1) })
      for (const invoice of [dueToday, dueYesterday]) expect((await issue(invoice.id)).status).toBe(200)
      const storeInvoice = async (id: string) => (await api.get(`/store/billing/invoices/${id}`, { headers: jane.headers })).data.invoice
      expect([(await storeInvoice(dueToday.id)).is_overdue, (await storeInvoice(dueYesterday.id)).is_overdue]).toEqual([false, true])
      const [balance] = (await api.get("/store/billing/account", { headers: jane.headers })).data.account.balances
      expect([balance.total_balance, balance.past_due]).toEqual([65, 25])
      const overdue = (await api.get(`/admin/billing/invoices?customer_id=${jane.id}&overdue=true`, admin)).data.invoices
      expect(overdue.map((i: any) => i.id)).toEqual([dueYesterday.id])
      const notOverdue = (await api.get(`/admin/billing/invoices?customer_id=${jane.id}&overdue=false`, admin)).data.invoices
      expect(notOverdue.map((i: any) => i.id)).toEqual([dueToday.id])
      const report = await api.get(`/admin/billing/reports/aging?customer_id=${jane.id}&currency_code=usd`, admin)
      const buckets = Object.fromEntries(report.data.aging[0].buckets.map((b: any) => [b.key, b.amount]))
      expect([buckets.current, buckets["1_30"]]).toEqual([40, 25])
      const current = (await api.get(`/admin/billing/invoices?customer_id=${jane.id}&aging=current&currency_code=usd`, admin)).data.invoices
      expect(current.map((i: any) => i.id)).toEqual([dueToday.id])
    })

    it("refuses a check received or an invoice issued in the future (400 naming the field, nothing written); the admin's own today is taken, and the statement agrees with the balance", async () => {
      const invoice = await draft(jane.id, "100.00")
      const future = "2099-01-01"
      const tomorrowEverywhere = new Date(Date.now() + 15 * HOUR).toISOString()
      for (const [res, field] of [
        [await settle(api.post("/admin/billing/invoices", { customer_id: jane.id, currency_code: "usd", due_at: future, issued_at: future, lines: [{ title: "X", quantity: "1", unit_price: "1.00" }] }, admin)), "issued_at"],
        [await settle(api.post(`/admin/billing/invoices/${invoice.id}`, { issued_at: future }, admin)), "issued_at"],
        [await issue(invoice.id, { issued_at: tomorrowEverywhere }), "issued_at"],
      ] as const) {
        expect([res.status, res.data.message]).toEqual([400, `Invalid request: ${field} must not be in the future`])
      }
      expect((await api.get(`/admin/billing/invoices/${invoice.id}`, admin)).data.invoice).toMatchObject({ status: "draft", issued_at: null })
      expect((await api.get("/admin/billing/invoices", admin)).data.count).toBe(1)

      expect((await issue(invoice.id)).status).toBe(200)
      const refused = await offline(invoice.id, { amount: "40.00", received_at: future, reference: "POSTDATED" })
      expect([refused.status, refused.data.message]).toEqual([400, "Invalid request: received_at must not be in the future"])
      expect((await api.get(`/admin/billing/payments?customer_id=${jane.id}`, admin)).data.count).toBe(0)

      // an admin east of UTC just after their midnight: their "today" is still tomorrow in UTC
      const localToday = new Date(Date.now() + 10 * HOUR).toISOString()
      expect((await offline(invoice.id, { amount: "40.00", received_at: localToday, reference: "CHECK 1" })).status).toBe(201)
      expect(await balanceOf(jane)).toBe(60)
      const statement = await statementOf(jane.id)
      expect(statement.closing_balance).toBe("60.00")
      expect(statement.entries.map((e: any) => e.type)).toEqual(["invoice", "payment"])

      // issued "today" by the same admin, then voided: the statement nets to nothing, as the balance does
      const later = await draft(other.id, "70.00")
      expect((await issue(later.id, { issued_at: localToday })).status).toBe(200)
      expect((await settle(api.post(`/admin/billing/invoices/${later.id}/void`, {}, admin))).status).toBe(200)
      expect(await balanceOf(other)).toBe(0)
      const voided = await statementOf(other.id)
      expect(voided.closing_balance).toBe("0.00")
      expect(voided.entries).toHaveLength(2)
      await expectInvariants(getContainer())
    })

    it("pages the admin's and the customer's payment lists without a gap or a repeat when payments share a creation time", async () => {
      const invoice = await draft(jane.id, "500.00")
      expect((await issue(invoice.id)).status).toBe(200)
      const N = 40
      for (let i = 0; i < N; i++) expect((await offline(invoice.id, { amount: "1.00", reference: `CHECK ${i}` })).status).toBe(201)
      // an autopay run or a bulk import records payments within the same millisecond
      await sql(`UPDATE customer_payment SET created_at = '2026-11-30T12:00:00Z' WHERE customer_id = ?`, [jane.id])
      const pageThrough = async (path: string, headers: Record<string, string>, limit: number) => {
        const ids: string[] = []
        for (let offset = 0; offset < N; offset += limit) {
          const res = await api.get(`${path}${path.includes("?") ? "&" : "?"}limit=${limit}&offset=${offset}`, { headers })
          expect(res.data.count).toBe(N)
          ids.push(...res.data.payments.map((p: any) => p.id))
        }
        return ids
      }
      for (const limit of [3, 7]) {
        for (const ids of [
          await pageThrough(`/admin/billing/payments?customer_id=${jane.id}`, admin.headers, limit),
          await pageThrough("/store/billing/payments", jane.headers, limit),
        ]) {
          expect([ids.length, new Set(ids).size]).toEqual([N, N])
        }
      }
    })

    it("the aging report ages today's open amounts: a date before today is a 400 naming as_of, a later one projects them", async () => {
      const overdue = await draft(jane.id, "30.00", { due_at: new Date(Date.now() - 5 * DAY).toISOString() })
      expect((await issue(overdue.id, { issued_at: new Date(Date.now() - 20 * DAY).toISOString() })).status).toBe(200)
      const aging = (asOf?: string) => settle(api.get(`/admin/billing/reports/aging${asOf ? `?as_of=${asOf}` : ""}`, admin))
      const past = await aging(new Date(Date.now() - 3 * DAY).toISOString())
      expect([past.status, past.data.message]).toEqual([
        400,
        "Invalid request: as_of cannot be before today: the report ages the invoices' amounts due as they are now; leave it out for today, or give a later date to see them aged by then",
      ])
      // today as a date, in any time zone, is today
      const today = new Date(Date.now() - 11 * HOUR).toISOString().slice(0, 10)
      expect((await aging(today)).status).toBe(200)
      const bucket = (res: any, key: string) => res.data.aging[0].buckets.find((b: any) => b.key === key).amount
      expect(bucket(await aging(), "1_30")).toBe(30)
      expect(bucket(await aging(new Date(Date.now() + 30 * DAY).toISOString()), "31_60")).toBe(30)
    })

    it("answers 404 for an autopay run of a customer that does not exist, and 400 for a list filter that is not a string", async () => {
      const run = await settle(api.post("/admin/billing/autopay/run", { customer_id: "cus_does_not_exist" }, admin))
      expect([run.status, run.data.message]).toEqual([404, "Customer with id: cus_does_not_exist was not found"])
      expect((await api.get("/admin/billing/autopay", admin)).data.runs).toEqual([])
      expect((await settle(api.post("/admin/billing/autopay/run", { customer_id: jane.id }, admin))).status).toBe(200)
      for (const path of ["/admin/billing/invoices?customer_id[foo]=x", "/admin/billing/payments?customer_id[foo]=x"]) {
        const res = await settle(api.get(path, admin))
        expect([res.status, res.data.message]).toEqual([400, expect.stringContaining("customer_id")])
      }
    })
  },
})
