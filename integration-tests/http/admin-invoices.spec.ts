import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { INVOICING_MODULE } from "../../src/modules/invoicing"
import type InvoicingModuleService from "../../src/modules/invoicing/service"
import { createAdmin, createLoggedInCustomer, createPublishableKey, setStoreCurrencies, settle } from "../helpers"

jest.setTimeout(120_000)

const DAY = 24 * 60 * 60 * 1000

/**
 * What the admin's invoice pages read: the list with customer names (one
 * query for the page), its overdue and aging filters, and the detail with
 * payments, ledger entries and the pay link.
 */
medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let admin: { headers: Record<string, string> }
    let jane: { id: string }
    let other: { id: string }
    let invoicing: InvoicingModuleService

    beforeEach(async () => {
      const container = getContainer()
      invoicing = container.resolve(INVOICING_MODULE)
      await setStoreCurrencies(container, ["usd", "eur"])
      admin = await createAdmin(container, api)
      const key = await createPublishableKey(container)
      jane = await createLoggedInCustomer(api, key, "jane@test.dev", "Jane")
      other = await createLoggedInCustomer(api, key, "other@test.dev", "Omar")
    })

    /** An issued invoice due `dueInDays` from now (negative: past due). */
    const issued = async (customerId: string, price: string, dueInDays: number, currency = "usd") => {
      const draft = await invoicing.createDraftInvoice({
        customer_id: customerId,
        currency_code: currency,
        due_at: new Date(Date.now() + dueInDays * DAY),
        lines: [{ title: "Service", quantity: "1", unit_price: price }],
      })
      return invoicing.issueInvoice(draft.id, { now: new Date() })
    }
    const list = (query: string) => settle(api.get(`/admin/billing/invoices${query}`, admin))
    const ids = (res: any) => res.data.invoices.map((i: any) => i.id).sort()

    it("lists each invoice with its own customer's name and email", async () => {
      const janes = await issued(jane.id, "10.00", 5)
      const omars = await issued(other.id, "20.00", 5)
      const res = await list("?order=display_id")
      expect(res.status).toBe(200)
      const byId = Object.fromEntries(res.data.invoices.map((i: any) => [i.id, i.customer]))
      expect(byId[janes.id]).toEqual({
        id: jane.id,
        first_name: "Jane",
        last_name: "Customer",
        company_name: null,
        email: "jane@test.dev",
      })
      expect(byId[omars.id]).toEqual({
        id: other.id,
        first_name: "Omar",
        last_name: "Customer",
        company_name: null,
        email: "other@test.dev",
      })
      const one = await list(`?customer_id=${other.id}`)
      expect(one.data.invoices.map((i: any) => i.customer.email)).toEqual(["other@test.dev"])
    })

    it("filters overdue invoices and one aging bucket per currency, as the aging report counts them", async () => {
      const current = await issued(jane.id, "10.00", 5)
      const late = await issued(jane.id, "11.00", -10) // 1–30
      const older = await issued(other.id, "12.00", -45) // 31–60
      const ancient = await issued(jane.id, "13.00", -120) // 90+
      const eurLate = await issued(jane.id, "14.00", -3, "eur") // 1–30 in EUR
      const paid = await issued(jane.id, "15.00", -12) // paid: in no bucket, not overdue
      expect((await api.post(`/admin/billing/invoices/${paid.id}/payments`, { amount: "15.00" }, admin)).status).toBe(201)
      const draft = await invoicing.createDraftInvoice({
        customer_id: jane.id,
        currency_code: "usd",
        due_at: new Date(Date.now() - 20 * DAY),
        lines: [{ title: "Draft", quantity: "1", unit_price: "1.00" }],
      })

      expect(ids(await list("?overdue=true&limit=100"))).toEqual([late.id, older.id, ancient.id, eurLate.id].sort())
      const notOverdue = ids(await list("?overdue=false&limit=100"))
      expect(notOverdue).toEqual([current.id, paid.id, draft.id].sort())

      expect(ids(await list("?aging=1_30&currency_code=usd"))).toEqual([late.id])
      expect(ids(await list("?aging=1_30&currency_code=EUR"))).toEqual([eurLate.id])
      expect(ids(await list("?aging=31_60&currency_code=usd"))).toEqual([older.id])
      expect(ids(await list("?aging=61_90&currency_code=usd"))).toEqual([])
      expect(ids(await list("?aging=90_plus&currency_code=usd"))).toEqual([ancient.id])
      expect(ids(await list("?aging=current&currency_code=usd"))).toEqual([current.id])

      // the list's bucket holds exactly what the report counts in it
      const report = await api.get("/admin/billing/reports/aging?currency_code=usd", admin)
      const counts = Object.fromEntries(report.data.aging[0].buckets.map((b: any) => [b.key, b.count]))
      for (const key of ["current", "1_30", "31_60", "61_90", "90_plus"]) {
        expect((await list(`?aging=${key}&currency_code=usd`)).data.count).toBe(counts[key])
      }

      const bad = await list("?aging=2_weeks")
      expect(bad.status).toBe(400)
      expect(bad.data.message).toContain("aging must be one of: current, 1_30, 31_60, 61_90, 90_plus")
      const badOverdue = await list("?overdue=yes")
      expect(badOverdue.status).toBe(400)
      expect(badOverdue.data.message).toContain("overdue must be one of: true, false")
    })

    it("details an invoice with its payments, ledger entries, customer and pay link", async () => {
      const invoice = await issued(jane.id, "100.00", 10)
      await issued(other.id, "50.00", 10) // another customer's, never in Jane's detail

      const before = await api.get(`/admin/billing/invoices/${invoice.id}`, admin)
      expect(before.data.invoice.pay_link).toBeNull()
      expect(before.data.invoice.allocations).toEqual([])
      expect(before.data.invoice.ledger_entries.map((e: any) => [e.type, e.amount, e.balance_after])).toEqual([
        ["invoice", 100, 100],
      ])

      const check = await settle(
        api.post(
          `/admin/billing/invoices/${invoice.id}/payments`,
          { amount: "40.00", offline_method: "check", reference: "Check #1042", received_at: "2026-01-05" },
          admin
        )
      )
      expect(check.status).toBe(201)
      const sent = await settle(api.post(`/admin/billing/invoices/${invoice.id}/send`, {}, admin))
      expect(sent.status).toBe(200)

      const res = await api.get(`/admin/billing/invoices/${invoice.id}`, admin)
      const detail = res.data.invoice
      expect(detail).toMatchObject({ status: "partially_paid", amount_paid: 40, amount_due: 60 })
      expect(detail.customer).toMatchObject({ id: jane.id, first_name: "Jane", email: "jane@test.dev" })
      expect(detail.allocations).toHaveLength(1)
      expect(detail.allocations[0]).toMatchObject({
        customer_payment_id: check.data.payment.id,
        amount: 40,
        status: "applied",
        payment: {
          id: check.data.payment.id,
          method: "manual",
          source: "admin",
          status: "succeeded",
          transaction_id: "Check #1042",
          method_details: { offline_method: "check" },
          amount: 40,
        },
      })
      expect(detail.ledger_entries.map((e: any) => [e.type, e.amount, e.balance_after])).toEqual([
        ["invoice", 100, 100],
        ["payment", -40, 60],
      ])
      expect(detail.pay_link).toEqual({
        id: sent.data.pay_link.id,
        expires_at: sent.data.pay_link.expires_at,
        expired: false,
        created_at: expect.any(String),
      })
      expect(JSON.stringify(detail.pay_link)).not.toMatch(/token/)

      const missing = await settle(api.get("/admin/billing/invoices/inv_missing", admin))
      expect(missing.status).toBe(404)
    })
  },
})
