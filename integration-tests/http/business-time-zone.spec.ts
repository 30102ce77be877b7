import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { allText, readPdf } from "../../src/documents/__tests__/pdf-text"
import { businessDay } from "../../src/domain/business-day"
import { INVOICING_MODULE } from "../../src/modules/invoicing"
import type InvoicingModuleService from "../../src/modules/invoicing/service"
import { PORTAL_MODULE } from "../../src/modules/portal"
import type PortalModuleService from "../../src/modules/portal/service"
import { runAutopayWorkflow } from "../../src/workflows/autopay/workflows/run-autopay"
import { createAdmin, createLoggedInCustomer, createPublishableKey, expectInvariants, setStoreCurrencies, settle } from "../helpers"

jest.setTimeout(180_000)

const DAY = 86_400_000
const CARD_OK = { type: "card", data: { number: "4242424242424242" } }

/**
 * A zone whose calendar day differs from UTC's for at least the next hour:
 * Pago Pago (UTC−11) is still on yesterday from 00:00 to 10:59 UTC; Kiritimati
 * (UTC+14) is already on tomorrow from 10:00 UTC on. Either way, the rules
 * answer differently from UTC's, whatever time the suite runs at.
 */
function zoneOffTheUtcDay(now: Date): string {
  return now.getUTCHours() < 10 ? "Pacific/Pago_Pago" : "Pacific/Kiritimati"
}

type Customer = { id: string; headers: Record<string, string> }

const savedOptions = process.env.BILLING_PORTAL_OPTIONS

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let jane: Customer
    let bob: Customer
    let adminHeaders: Record<string, any>
    let invoicing: InvoicingModuleService

    afterAll(() => {
      if (savedOptions === undefined) delete process.env.BILLING_PORTAL_OPTIONS
      else process.env.BILLING_PORTAL_OPTIONS = savedOptions
    })

    beforeEach(async () => {
      const container = getContainer()
      invoicing = container.resolve(INVOICING_MODULE)
      await setStoreCurrencies(container, ["usd"])
      adminHeaders = await createAdmin(container, api)
      const key = await createPublishableKey(container)
      jane = await createLoggedInCustomer(api, key, "jane@test.dev", "Jane")
      bob = await createLoggedInCustomer(api, key, "bob@test.dev", "Bob")
      await container.resolve<PortalModuleService>(PORTAL_MODULE).updateSettings({ autopay: { allowed: true, pre_debit_notice_days: 0 } })
    })

    /** An invoice of Jane's due on a calendar day (its midnight UTC, as the admin's date picker sends it). */
    const issueDueOn = async (day: Date, price: string) => {
      const draft = await invoicing.createDraftInvoice({
        customer_id: jane.id,
        currency_code: "usd",
        due_at: day,
        lines: [{ title: `Due ${day.toISOString().slice(0, 10)}`, quantity: "1", unit_price: price }],
      })
      return await invoicing.issueInvoice(draft.id, { now: new Date(), issued_at: new Date(Date.now() - 40 * DAY) })
    }

    it("past due, balances, filters, aging, the PDF stamp and autopay follow the business's calendar (timeZone), not UTC's; another customer sees none of it", async () => {
      // (not across midnight UTC: the UTC marks below are read a few seconds later)
      const toMidnight = DAY - (Date.now() % DAY)
      if (toMidnight < 120_000) await new Promise((resolve) => setTimeout(resolve, toMidnight + 1000))
      const now = new Date()
      const timeZone = zoneOffTheUtcDay(now)
      process.env.BILLING_PORTAL_OPTIONS = JSON.stringify({ timeZone })
      const today = businessDay(now, timeZone) // the business's today (differs from UTC's)
      const utcToday = businessDay(now, "UTC")
      expect(today.getTime()).not.toBe(utcToday.getTime())

      const yesterday = await issueDueOn(new Date(today.getTime() - DAY), "30.00")
      const dueToday = await issueDueOn(today, "20.00")
      const tomorrow = await issueDueOn(new Date(today.getTime() + DAY), "10.00")
      const names = new Map([
        [yesterday.id, "yesterday"],
        [dueToday.id, "today"],
        [tomorrow.id, "tomorrow"],
      ])
      const named = (invoices: { id: string }[]) => invoices.map((i) => names.get(i.id)).sort()

      // each invoice's mark: only the one due before the business's today is past due
      const listed = (await api.get("/store/billing/invoices?limit=10", { headers: jane.headers })).data.invoices
      expect(Object.fromEntries(listed.map((i: any) => [names.get(i.id), i.is_overdue]))).toEqual({
        yesterday: true,
        today: false,
        tomorrow: false,
      })
      expect((await api.get(`/store/billing/invoices/${dueToday.id}`, { headers: jane.headers })).data.invoice.is_overdue).toBe(false)

      // the portal's "Overdue" filter lists exactly the invoices marked past due
      const overdue = await api.get("/store/billing/invoices?overdue=true&status[]=open&status[]=partially_paid", { headers: jane.headers })
      expect([named(overdue.data.invoices), overdue.data.count]).toEqual([["yesterday"], 1])
      const overduePaid = await api.get("/store/billing/invoices?overdue=true&status[]=paid", { headers: jane.headers })
      expect([overduePaid.data.invoices, overduePaid.data.count]).toEqual([[], 0])
      const bad = await settle(api.get("/store/billing/invoices?overdue=yes", { headers: jane.headers }))
      expect([bad.status, bad.data.message]).toEqual([400, expect.stringContaining("overdue must be one of: true")])

      // balances: past due is what was due before today; today's and tomorrow's are not yet due
      const [balance] = (await api.get("/store/billing/account", { headers: jane.headers })).data.account.balances
      expect(balance).toMatchObject({ currency_code: "usd", total_balance: 60, past_due: 30, not_yet_due: 30 })

      // the admin: the overdue filter, the aging report and the customer's account agree
      const adminOverdue = await api.get(`/admin/billing/invoices?overdue=true&customer_id=${jane.id}`, adminHeaders)
      expect(named(adminOverdue.data.invoices)).toEqual(["yesterday"])
      const adminNotOverdue = await api.get(`/admin/billing/invoices?overdue=false&customer_id=${jane.id}`, adminHeaders)
      expect(named(adminNotOverdue.data.invoices)).toEqual(["today", "tomorrow"])
      const [aging] = (await api.get(`/admin/billing/reports/aging?customer_id=${jane.id}`, adminHeaders)).data.aging
      expect(Object.fromEntries(aging.buckets.map((b: any) => [b.key, b.amount]))).toMatchObject({ current: 30, "1_30": 30 })
      // a bare as_of date is that calendar day (here the business's today), as due dates are
      const [agingOn] = (await api.get(`/admin/billing/reports/aging?customer_id=${jane.id}&as_of=${today.toISOString().slice(0, 10)}`, adminHeaders)).data.aging
      expect(Object.fromEntries(agingOn.buckets.map((b: any) => [b.key, b.amount]))).toMatchObject({ current: 30, "1_30": 30 })
      const agingCurrent = await api.get(`/admin/billing/invoices?aging=current&currency_code=usd&customer_id=${jane.id}`, adminHeaders)
      expect(named(agingCurrent.data.invoices)).toEqual(["today", "tomorrow"])
      const account = (await api.get(`/admin/billing/customers/${jane.id}/account`, adminHeaders)).data
      expect(account.account.balances[0]).toMatchObject({ past_due: 30, not_yet_due: 30 })

      // the invoice PDF is stamped overdue by the same calendar
      const pdf = async (id: string) =>
        allText(await readPdf(Buffer.from((await api.get(`/store/billing/invoices/${id}/pdf`, { headers: jane.headers, responseType: "arraybuffer" })).data)))
      expect(await pdf(yesterday.id)).toContain("Overdue")
      expect(await pdf(dueToday.id)).not.toContain("Overdue")

      // a pay link for tomorrow's invoice expires as the 30th day after its due day begins where the business is
      const sent = await api.post(`/admin/billing/invoices/${tomorrow.id}/send`, {}, adminHeaders)
      const expires = new Date(sent.data.pay_link.expires_at)
      const lastDay = new Date(today.getTime() + 30 * DAY)
      expect(businessDay(new Date(expires.getTime() - 1), timeZone).toISOString()).toBe(lastDay.toISOString())
      expect(businessDay(expires, timeZone).toISOString()).toBe(new Date(lastDay.getTime() + DAY).toISOString())

      // another customer: none of Jane's invoices, overdue or not
      expect((await api.get("/store/billing/invoices?overdue=true", { headers: bob.headers })).data).toMatchObject({ invoices: [], count: 0 })
      expect((await settle(api.get(`/store/billing/invoices/${yesterday.id}`, { headers: bob.headers }))).status).toBe(404)

      // the same invoices by UTC's calendar: the marks move by a day (what every business got before)
      process.env.BILLING_PORTAL_OPTIONS = JSON.stringify({ timeZone: "UTC" })
      const utcMarks = (await api.get("/store/billing/invoices?limit=10", { headers: jane.headers })).data.invoices
      const byUtc = (days: number) => today.getTime() + days * DAY < utcToday.getTime()
      expect(Object.fromEntries(utcMarks.map((i: any) => [names.get(i.id), i.is_overdue]))).toEqual({
        yesterday: byUtc(-1),
        today: byUtc(0),
        tomorrow: byUtc(1),
      })
      expect([byUtc(-1), byUtc(0)]).not.toEqual([true, false]) // (so the marks above differ from the business's)
      process.env.BILLING_PORTAL_OPTIONS = JSON.stringify({ timeZone })

      // autopay charges what is due by the business's today: yesterday's and today's, not tomorrow's
      const method = await api.post("/store/billing/payment-methods", CARD_OK, { headers: jane.headers })
      expect(method.status).toBe(201)
      const enrolled = await api.put(
        "/store/billing/autopay",
        { payment_method_id: method.data.payment_method.id, consent: true },
        { headers: jane.headers }
      )
      expect(enrolled.status).toBe(201)
      const { result } = await runAutopayWorkflow(getContainer()).run({ input: { trigger: "admin", customer_id: jane.id, now: new Date() } })
      expect(result.run).toMatchObject({ charged: 1 })
      const [payment] = await invoicing.listCustomerPayments({ customer_id: jane.id, source: "autopay" } as any, { relations: ["allocations"] })
      expect([String(payment.amount), named(payment.allocations as any[]).length, payment.status]).toEqual(["50", 2, "succeeded"])
      expect(named((payment.allocations as any[]).map((a) => ({ id: a.invoice_id })))).toEqual(["today", "yesterday"])

      await expectInvariants(getContainer())
    })
  },
})
