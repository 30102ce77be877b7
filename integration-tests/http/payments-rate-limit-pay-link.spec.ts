import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { INVOICING_MODULE } from "../../src/modules/invoicing"
import type InvoicingModuleService from "../../src/modules/invoicing/service"
import { makePayLink } from "../../src/workflows/pay-links/make-pay-link"
import { createLoggedInCustomer, createPublishableKey, setStoreCurrencies, settle } from "../helpers"

jest.setTimeout(120_000)

// Suites share process.env under --runInBand: this suite's limits, put back afterwards.
const savedOptions = process.env.BILLING_PORTAL_OPTIONS
process.env.BILLING_PORTAL_OPTIONS = JSON.stringify({
  rateLimits: { payments: { perCustomer: { windowMs: 60_000, max: 2 }, perIp: { windowMs: 60_000, max: 100 } } },
})

const CARD_DECLINED = { type: "card", data: { number: "4000000000000002" } }

/**
 * DESIGN sec. 11: payment attempts are limited per customer, whichever way
 * the customer pays. A customer's pay link is no second allowance beside the
 * portal's (it used to count per address only).
 */
medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    afterAll(() => {
      if (savedOptions === undefined) delete process.env.BILLING_PORTAL_OPTIONS
      else process.env.BILLING_PORTAL_OPTIONS = savedOptions
    })

    it("the per-customer payment limit counts the customer's pay-link attempts with the portal's; another customer's link is not held back", async () => {
      const container = getContainer()
      const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
      await setStoreCurrencies(container, ["usd"])
      const pk = await createPublishableKey(container)
      const jane = await createLoggedInCustomer(api, pk, "jane@test.dev", "Jane")
      const other = await createLoggedInCustomer(api, pk, "other@test.dev", "Other")
      const issue = async (customerId: string) => {
        const draft = await invoicing.createDraftInvoice({
          customer_id: customerId,
          currency_code: "usd",
          due_at: new Date(),
          lines: [{ title: "Service", quantity: "1", unit_price: "100.00" }],
        })
        return await invoicing.issueInvoice(draft.id, { now: new Date() })
      }
      const linkOf = async (customerId: string) => {
        const invoice = await issue(customerId)
        const link = await makePayLink(container, { customer_id: customerId, currency_code: "usd", invoices: [invoice] }, new Date())
        return { invoice, token: new URLSearchParams(new URL(link.payment_url).hash.slice(1)).get("token")! }
      }
      let n = 0
      const body = (invoiceId: string) => ({ mode: "selected_invoices", currency_code: "usd", invoice_ids: [invoiceId], payment_method: CARD_DECLINED })
      const viaLink = (link: { invoice: { id: string }; token: string }) =>
        settle(
          api.post("/store/billing/pay-link/pay", body(link.invoice.id), {
            headers: { "x-publishable-api-key": pk, "x-pay-link-token": link.token, "idempotency-key": `l-${++n}` },
          })
        )

      // two declined attempts in the portal use Jane's allowance (2 a minute)
      const janes = await linkOf(jane.id)
      for (let i = 0; i < 2; i++) {
        const r = await settle(api.post("/store/billing/payments", body(janes.invoice.id), { headers: { ...jane.headers, "idempotency-key": `p-${++n}` } }))
        expect(r.status).toBe(201)
      }
      // her pay link is no second allowance
      const limited = await viaLink(janes)
      expect([limited.status, limited.data.message]).toEqual([429, expect.stringMatching(/^Too many payment attempts for this account; try again in \d+ seconds?$/)])
      expect(await invoicing.listCustomerPayments({ customer_id: jane.id })).toHaveLength(2)

      // another customer's link counts against that customer's allowance only
      const others = await linkOf(other.id)
      expect((await viaLink(others)).status).toBe(201)
      expect((await viaLink(others)).status).toBe(201)
      expect((await viaLink(others)).status).toBe(429)
      // a token that is no link counts per address only: the route's own 404
      expect((await viaLink({ invoice: others.invoice, token: "x".repeat(43) })).status).toBe(404)
    })
  },
})
