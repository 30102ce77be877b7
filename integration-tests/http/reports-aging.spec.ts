import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { INVOICING_MODULE } from "../../src/modules/invoicing"
import type InvoicingModuleService from "../../src/modules/invoicing/service"
import { createAdmin, createLoggedInCustomer, createPublishableKey, setStoreCurrencies, settle } from "../helpers"

jest.setTimeout(120_000)

const DAY = 24 * 60 * 60 * 1000
const AS_OF = new Date("2030-06-30T12:00:00.000Z")
// days late count from the start of as_of's day (a due date is a day, past once it is over)
const DAY_START = new Date("2030-06-30T00:00:00.000Z")
const dueBefore = (ms: number) => new Date(DAY_START.getTime() - ms)

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let admin: { headers: Record<string, string> }
    let invoicing: InvoicingModuleService
    let jane: { id: string }
    let other: { id: string }

    beforeEach(async () => {
      const container = getContainer()
      invoicing = container.resolve(INVOICING_MODULE)
      await setStoreCurrencies(container, ["usd", "eur"])
      admin = await createAdmin(container, api)
      const key = await createPublishableKey(container)
      jane = await createLoggedInCustomer(api, key, "jane@test.dev", "Jane")
      other = await createLoggedInCustomer(api, key, "other@test.dev", "Other")
    })

    const invoice = async (customerId: string, price: string, dueAt: Date, currency = "usd", issue = true) => {
      const draft = await invoicing.createDraftInvoice({
        customer_id: customerId,
        currency_code: currency,
        due_at: dueAt,
        lines: [{ title: "Service", quantity: "1", unit_price: price }],
      })
      return issue ? invoicing.issueInvoice(draft.id, { now: new Date() }) : draft
    }
    const aging = (query: string) => settle(api.get(`/admin/billing/reports/aging${query}`, admin))
    const bucketsOf = (report: any) =>
      Object.fromEntries(report.buckets.map((b: any) => [b.key, [b.amount, b.count]]))

    it("sums open invoices' amount due per currency into past-due buckets, exactly", async () => {
      await invoice(jane.id, "10.10", new Date(AS_OF.getTime() + 5 * DAY)) // current
      await invoice(jane.id, "0.10", dueBefore(60 * 60 * 1000)) // due yesterday, an hour before midnight: 1–30
      await invoice(jane.id, "0.01", new Date(AS_OF.getTime() - 60 * 60 * 1000)) // due an hour ago, today: current
      await invoice(other.id, "0.20", dueBefore(30 * DAY)) // exactly 30 days: 1–30
      await invoice(jane.id, "100.00", dueBefore(30 * DAY + 1000)) // a second more: 31–60
      await invoice(jane.id, "33.33", dueBefore(75 * DAY)) // 61–90
      const old = await invoice(jane.id, "1000.01", dueBefore(91 * DAY)) // 90+, partly paid below
      await invoice(jane.id, "5.55", dueBefore(10 * DAY), "eur") // EUR 1–30
      // not receivables: paid, void, draft
      const paid = await invoice(jane.id, "70.00", dueBefore(40 * DAY))
      const voided = await invoice(jane.id, "80.00", dueBefore(40 * DAY))
      await invoice(jane.id, "90.00", dueBefore(40 * DAY), "usd", false)

      const partial = await api.post(`/admin/billing/invoices/${old.id}/payments`, { amount: "0.01" }, admin)
      expect(partial.status).toBe(201)
      expect((await api.post(`/admin/billing/invoices/${paid.id}/payments`, { amount: "70.00" }, admin)).status).toBe(201)
      expect((await api.post(`/admin/billing/invoices/${voided.id}/void`, {}, admin)).status).toBe(200)

      const res = await aging(`?as_of=${AS_OF.toISOString()}`)
      expect(res.status).toBe(200)
      expect(res.data.as_of).toBe(AS_OF.toISOString())
      expect(res.data.aging.map((a: any) => a.currency_code)).toEqual(["eur", "usd"])
      const [eur, usd] = res.data.aging
      expect(usd.buckets.map((b: any) => [b.key, b.label])).toEqual([
        ["current", "Current"],
        ["1_30", "1–30 days"],
        ["31_60", "31–60 days"],
        ["61_90", "61–90 days"],
        ["90_plus", "90+ days"],
      ])
      expect(bucketsOf(usd)).toEqual({
        current: [10.11, 2],
        "1_30": [0.3, 2],
        "31_60": [100, 1],
        "61_90": [33.33, 1],
        "90_plus": [1000, 1],
      })
      expect(usd).toMatchObject({ total: 1143.74, count: 7 })
      expect(bucketsOf(eur)).toEqual({
        current: [0, 0],
        "1_30": [5.55, 1],
        "31_60": [0, 0],
        "61_90": [0, 0],
        "90_plus": [0, 0],
      })
      expect(eur).toMatchObject({ total: 5.55, count: 1 })

      // filters
      const janeOnly = await aging(`?as_of=${AS_OF.toISOString()}&customer_id=${jane.id}&currency_code=USD`)
      expect(janeOnly.data.aging).toHaveLength(1)
      expect(bucketsOf(janeOnly.data.aging[0])["1_30"]).toEqual([0.1, 1])
      expect(janeOnly.data.aging[0].total).toBe(1143.54)

      // a later day moves the same invoices into older buckets
      const later = await aging(`?as_of=${new Date(AS_OF.getTime() + 31 * DAY).toISOString()}&currency_code=usd`)
      expect(bucketsOf(later.data.aging[0])).toEqual({
        current: [0, 0],
        "1_30": [10.1, 1],
        "31_60": [0.11, 2],
        "61_90": [100.2, 2],
        "90_plus": [1033.33, 2],
      })
    })

    it("rejects bad input and needs an admin", async () => {
      const bad = await aging("?as_of=yesterday")
      expect(bad.status).toBe(400)
      expect(bad.data.message).toContain("as_of must be an ISO 8601 date")
      const unknown = await aging("?bucket=1")
      expect(unknown.status).toBe(400)
      expect(unknown.data.message).toContain("bucket")
      expect((await settle(api.get("/admin/billing/reports/aging"))).status).toBe(401)
      const empty = await aging("")
      expect(empty.status).toBe(200)
      expect(empty.data.aging).toEqual([])
    })
  },
})
