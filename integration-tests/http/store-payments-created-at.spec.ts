import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { INVOICING_MODULE } from "../../src/modules/invoicing"
import type InvoicingModuleService from "../../src/modules/invoicing/service"
import { createLoggedInCustomer, createPublishableKey, setStoreCurrencies, settle } from "../helpers"

jest.setTimeout(180_000)

const CARD_OK = { type: "card", data: { number: "4242424242424242" } }

/** `GET /store/billing/payments?created_at[gte]=…&created_at[lt]=…`: one month of receipts (the activity calendar's). */
medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    type Who = { id: string; headers: Record<string, string> }
    let jane: Who
    let other: Who
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

    const payNewInvoice = async (who: Who, price: string) => {
      const draft = await invoicing.createDraftInvoice({
        customer_id: who.id,
        currency_code: "usd",
        due_at: new Date(),
        lines: [{ title: "Service", quantity: "1", unit_price: price }],
      })
      const invoice = await invoicing.issueInvoice(draft.id, { now: new Date() })
      const res = await api.post(
        "/store/billing/payments",
        { mode: "selected_invoices", currency_code: "usd", invoice_ids: [invoice.id], payment_method: CARD_OK },
        { headers: { ...who.headers, "idempotency-key": `created-${++keyCounter}` } }
      )
      return res.data.payment.id as string
    }
    const backdate = async (paymentId: string, at: string) => {
      const pg = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
      await pg.raw("UPDATE customer_payment SET created_at = ? WHERE id = ?", [at, paymentId])
    }
    const list = (who: Who, query: string) => settle(api.get(`/store/billing/payments?${query}`, { headers: who.headers }))

    it("lists only the customer's payments made in the range; a bad bound is a 400 naming it", async () => {
      const january = await payNewInvoice(jane, "10.00")
      const february = await payNewInvoice(jane, "20.00")
      const today = await payNewInvoice(jane, "30.00")
      const theirs = await payNewInvoice(other, "40.00")
      await backdate(january, "2026-01-31T23:59:59.999Z")
      await backdate(february, "2026-02-01T00:00:00.000Z")
      await backdate(theirs, "2026-01-15T12:00:00.000Z")

      const jan = await list(jane, "created_at[gte]=2026-01-01&created_at[lt]=2026-02-01")
      expect(jan.status).toBe(200)
      expect(jan.data.payments.map((p: any) => p.id)).toEqual([january])
      expect(jan.data.count).toBe(1)
      const feb = await list(jane, "created_at[gte]=2026-02-01T00:00:00.000Z&created_at[lt]=2026-03-01")
      expect(feb.data.payments.map((p: any) => p.id)).toEqual([february])
      const since = await list(jane, "created_at[gt]=2026-01-31T23:59:59.999Z")
      expect(since.data.payments.map((p: any) => p.id)).toEqual([today, february])
      // another customer's payment in that month is not in jane's list, and the other customer sees only theirs
      expect((await list(other, "created_at[gte]=2026-01-01&created_at[lt]=2026-02-01")).data.payments.map((p: any) => p.id)).toEqual([theirs])

      const bad = await list(jane, "created_at[gte]=yesterday")
      expect(bad.status).toBe(400)
      expect(bad.data.message).toContain("created_at[gte] must be an ISO 8601 date")
      const unknownBound = await list(jane, "created_at[after]=2026-01-01")
      expect(unknownBound.status).toBe(400)
      expect(unknownBound.data.message).toContain("after")
    })
  },
})
