import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { INVOICING_MODULE } from "../../src/modules/invoicing"
import type InvoicingModuleService from "../../src/modules/invoicing/service"
import { createLoggedInCustomer, createPublishableKey, setStoreCurrencies, settle } from "../helpers"

jest.setTimeout(120_000)

// Suites share process.env under --runInBand: set this suite's limits (read per
// request) and put the environment back afterwards.
const savedOptions = process.env.BILLING_PORTAL_OPTIONS
const options = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    rateLimits: {
      payments: { perCustomer: { windowMs: 60_000, max: 100 }, perIp: { windowMs: 60_000, max: 3 } },
      invitations: { perToken: { windowMs: 60_000, max: 100 }, perIp: { windowMs: 60_000, max: 3 } },
    },
    ...extra,
  })

const CARD_OK = { type: "card", data: { number: "4242424242424242" } }

// Probe finding 13: a client talking to Medusa directly must not escape the
// per-address limits by sending a new X-Forwarded-For on every request.
medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    beforeAll(() => {
      process.env.BILLING_PORTAL_OPTIONS = options()
    })
    afterAll(() => {
      if (savedOptions === undefined) delete process.env.BILLING_PORTAL_OPTIONS
      else process.env.BILLING_PORTAL_OPTIONS = savedOptions
    })

    it("keys per-address limits on the connection, not on a client-sent X-Forwarded-For", async () => {
      const container = getContainer()
      await setStoreCurrencies(container, ["usd"])
      const key = await createPublishableKey(container)
      const jane = await createLoggedInCustomer(api, key, "jane@test.dev", "Jane")
      const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
      const draft = await invoicing.createDraftInvoice({
        customer_id: jane.id,
        currency_code: "usd",
        due_at: new Date(),
        lines: [{ title: "Service", quantity: "1", unit_price: "10.00" }],
      })
      await invoicing.issueInvoice(draft.id, { now: new Date() })

      // invitations (no login): three lookups per address, whatever the header says
      const lookup = (n: number) =>
        settle(
          api.get("/store/billing/invitation", {
            headers: { "x-publishable-api-key": key, "x-invitation-token": `token-${n}`, "x-forwarded-for": `198.51.100.${n}` },
          })
        )
      for (const n of [1, 2, 3]) expect((await lookup(n)).status).toBe(404)
      const limited = await lookup(4)
      expect(limited.status).toBe(429)
      expect(limited.data.message).toMatch(/^Too many invitation attempts from this address; try again in \d+ seconds?$/)

      // payments: the same
      let n = 0
      const pay = () =>
        settle(
          api.post(
            "/store/billing/payments",
            { mode: "fixed_amount", currency_code: "usd", amount: "1.00", payment_method: CARD_OK },
            { headers: { ...jane.headers, "idempotency-key": `k-${++n}`, "x-forwarded-for": `203.0.113.${n}` } }
          )
        )
      for (let i = 0; i < 3; i++) expect((await pay()).status).toBe(201)
      const byIp = await pay()
      expect(byIp.status).toBe(429)
      expect(byIp.data.message).toMatch(/^Too many payment attempts from this address; try again in \d+ seconds?$/)

      // behind a proxy the operator says how many hops to trust; then the
      // address the proxy appended is the client's (a new key, so allowed)
      process.env.BILLING_PORTAL_OPTIONS = options({ trustProxy: 1 })
      const proxied = await settle(
        api.get("/store/billing/invitation", {
          headers: { "x-publishable-api-key": key, "x-invitation-token": "token-9", "x-forwarded-for": "192.0.2.7, 192.0.2.8" },
        })
      )
      expect(proxied.status).toBe(404)
      process.env.BILLING_PORTAL_OPTIONS = options()
    })
  },
})
