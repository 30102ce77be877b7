import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { INVOICING_MODULE } from "../../src/modules/invoicing"
import type InvoicingModuleService from "../../src/modules/invoicing/service"
import { makePayLink } from "../../src/workflows/pay-links/make-pay-link"
import { createLoggedInCustomer, createPublishableKey, setStoreCurrencies, settle } from "../helpers"

jest.setTimeout(120_000)

// Suites share process.env under --runInBand: set low limits for this suite
// only (read per request) and put the environment back afterwards.
const savedOptions = process.env.BILLING_PORTAL_OPTIONS
process.env.BILLING_PORTAL_OPTIONS = JSON.stringify({
  rateLimits: { payments: { perCustomer: { windowMs: 60_000, max: 3 }, perIp: { windowMs: 60_000, max: 6 } } },
})

const CARD_OK = { type: "card", data: { number: "4242424242424242" } }

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    afterAll(() => {
      if (savedOptions === undefined) delete process.env.BILLING_PORTAL_OPTIONS
      else process.env.BILLING_PORTAL_OPTIONS = savedOptions
    })

    it("limits payment creation per customer and per IP with 429, Retry-After and a clear message", async () => {
      const container = getContainer()
      const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
      await setStoreCurrencies(container, ["usd"])
      const key = await createPublishableKey(container)
      const jane = await createLoggedInCustomer(api, key, "jane@test.dev", "Jane")
      const other = await createLoggedInCustomer(api, key, "other@test.dev", "Other")
      for (const who of [jane, other]) {
        const draft = await invoicing.createDraftInvoice({
          customer_id: who.id,
          currency_code: "usd",
          due_at: new Date(),
          lines: [{ title: "Service", quantity: "1", unit_price: "10.00" }],
        })
        await invoicing.issueInvoice(draft.id, { now: new Date() })
      }
      let n = 0
      const pay = (who: typeof jane, body: Record<string, unknown>) =>
        settle(api.post("/store/billing/payments", body, { headers: { ...who.headers, "idempotency-key": `k-${++n}` } }))
      const valid = { mode: "fixed_amount", currency_code: "usd", amount: "1.00", payment_method: CARD_OK }

      // three attempts a minute per customer — invalid ones count too (card testing sends junk)
      expect((await pay(jane, valid)).status).toBe(201)
      expect((await pay(jane, { ...valid, amount: "-1" })).status).toBe(400)
      expect((await pay(jane, valid)).status).toBe(201)
      const limited = await pay(jane, valid)
      expect(limited.status).toBe(429)
      expect(limited.data).toEqual({
        type: "too_many_requests",
        message: expect.stringMatching(/^Too many payment attempts for this account; try again in \d+ seconds?$/),
      })
      const retryAfter = Number(limited.headers["retry-after"])
      expect(retryAfter).toBeGreaterThan(0)
      expect(retryAfter).toBeLessThanOrEqual(60)
      expect(await invoicing.listCustomerPayments({ customer_id: jane.id })).toHaveLength(2)
      // her pay link is no second allowance (it used to count per address only)
      const linkFor = async (who: typeof jane) => {
        const [invoice] = await invoicing.listInvoices({ customer_id: who.id })
        const link = await makePayLink(container, { customer_id: who.id, currency_code: "usd", invoices: [invoice] }, new Date())
        const token = new URLSearchParams(new URL(link.payment_url).hash.slice(1)).get("token")!
        return () =>
          settle(
            api.post(
              "/store/billing/pay-link/pay",
              { mode: "selected_invoices", currency_code: "usd", invoice_ids: [invoice.id], payment_method: CARD_OK },
              { headers: { "x-publishable-api-key": key, "x-pay-link-token": token, "idempotency-key": `k-${++n}` } }
            )
          )
      }
      const viaLink = await (await linkFor(jane))()
      expect([viaLink.status, viaLink.data.message]).toEqual([429, expect.stringMatching(/^Too many payment attempts for this account; /)])
      expect(await invoicing.listCustomerPayments({ customer_id: jane.id })).toHaveLength(2)
      // a link replaced by a newer one (revoked) is refused (404), counted per address only: whoever
      // holds an old link cannot use up its customer's allowance
      const revoked = await linkFor(other)
      await linkFor(other)
      expect((await revoked()).status).toBe(404)

      // another customer is not held back by Jane's limit, but the address (6 a minute) runs out
      expect((await pay(other, valid)).status).toBe(201)
      expect((await pay(other, valid)).status).toBe(201)
      const byIp = await pay(other, valid)
      expect(byIp.status).toBe(429)
      expect(byIp.data.message).toMatch(/^Too many payment attempts from this address; try again in \d+ seconds?$/)
      expect(await invoicing.listCustomerPayments({ customer_id: other.id })).toHaveLength(2)

      // the rest of the store API is not limited
      expect((await api.get("/store/billing/payments", { headers: jane.headers })).status).toBe(200)
    })
  },
})
