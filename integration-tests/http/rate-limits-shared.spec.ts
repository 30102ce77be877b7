import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { INVOICING_MODULE } from "../../src/modules/invoicing"
import type InvoicingModuleService from "../../src/modules/invoicing/service"
import { createLoggedInCustomer, createPublishableKey, expectInvariants, setStoreCurrencies, settle } from "../helpers"
import { MedusaProcess } from "../production/support/medusa-process"

jest.setTimeout(900_000)

// Low limits for this suite (read per request, by both instances: the second
// inherits the environment) and the Postgres locking provider (read at boot).
// Suites share process.env under --runInBand: put both back afterwards.
const saved = { options: process.env.BILLING_PORTAL_OPTIONS, locking: process.env.BILLING_LOCKING }
process.env.BILLING_PORTAL_OPTIONS = JSON.stringify({
  rateLimits: {
    payments: { perCustomer: { windowMs: 600_000, max: 4 }, perIp: { windowMs: 600_000, max: 100_000 } },
    invitations: { perToken: { windowMs: 600_000, max: 3 }, perIp: { windowMs: 600_000, max: 100_000 } },
  },
})
process.env.BILLING_LOCKING = "postgres"

const CARD_OK = { type: "card", data: { number: "4242424242424242" } }

// DESIGN sec. 16: without Redis the limits are counted in the app's
// PostgreSQL, so two Medusa instances on one database share them.
medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer, dbConfig }) => {
    let second: MedusaProcess | null = null

    afterAll(async () => {
      await second?.stop()
      for (const [name, value] of [
        ["BILLING_PORTAL_OPTIONS", saved.options],
        ["BILLING_LOCKING", saved.locking],
      ] as const) {
        if (value === undefined) delete process.env[name]
        else process.env[name] = value
      }
    })

    it("counts a customer's payment attempts and a token's lookups across two instances on one database", async () => {
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
          lines: [{ title: "Service", quantity: "1", unit_price: "50.00" }],
        })
        await invoicing.issueInvoice(draft.id, { now: new Date() })
      }

      second = await new MedusaProcess({ databaseUrl: dbConfig.clientUrl, role: "shared", name: "second" }).start(480_000)

      let n = 0
      const body = { mode: "fixed_amount", currency_code: "usd", amount: "1.00", payment_method: CARD_OK }
      const viaFirst = (who: typeof jane) =>
        settle(api.post("/store/billing/payments", body, { headers: { ...who.headers, "idempotency-key": `k-${++n}` } }))
      const viaSecond = (who: typeof jane) =>
        second!.request("POST", "/store/billing/payments", { headers: { ...who.headers, "idempotency-key": `k-${++n}` }, body })

      // four a window for Jane, whichever instance takes them: 2 + 2 is her allowance
      expect((await viaFirst(jane)).status).toBe(201)
      expect((await viaSecond(jane)).status).toBe(201)
      expect((await viaFirst(jane)).status).toBe(201)
      expect((await viaSecond(jane)).status).toBe(201)
      for (const limited of [await viaFirst(jane), await viaSecond(jane)]) {
        expect(limited.status).toBe(429)
        expect(limited.data).toEqual({
          type: "too_many_requests",
          message: expect.stringMatching(/^Too many payment attempts for this account; try again in \d+ seconds?$/),
        })
        const retryAfter = Number(limited.headers instanceof Headers ? limited.headers.get("retry-after") : limited.headers["retry-after"])
        expect(retryAfter).toBeGreaterThan(0)
        expect(retryAfter).toBeLessThanOrEqual(600)
      }
      expect(await invoicing.listCustomerPayments({ customer_id: jane.id })).toHaveLength(4)
      // the other customer has an allowance of their own, on both
      expect((await viaSecond(other)).status).toBe(201)
      expect((await viaFirst(other)).status).toBe(201)

      // the counts are rows of the app's database, not process memory
      const pg = container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
      const { rows } = await pg.raw(`SELECT key, points FROM rate_limit_counter WHERE key LIKE ? ORDER BY key`, [
        `billing-rl:payments:customer:%`,
      ])
      expect(rows.map((r: any) => [r.key.split(":").pop(), r.points]).sort()).toEqual(
        [
          [jane.id, 6],
          [other.id, 2],
        ].sort()
      )

      // a secret token's attempts too: three lookups of one invitation token, whichever instance
      const lookup = (via: "first" | "second") =>
        via === "first"
          ? settle(api.get("/store/billing/invitation", { headers: { "x-publishable-api-key": key, "x-invitation-token": "not-a-token" } }))
          : second!.request("GET", "/store/billing/invitation", { headers: { "x-publishable-api-key": key, "x-invitation-token": "not-a-token" } })
      expect((await lookup("second")).status).toBe(404)
      expect((await lookup("first")).status).toBe(404)
      expect((await lookup("second")).status).toBe(404)
      const byToken = await lookup("first")
      expect(byToken.status).toBe(429)
      expect(byToken.data.message).toMatch(/^Too many attempts with this invitation; try again in \d+ seconds?$/)

      await expectInvariants(container)
    })
  },
})
