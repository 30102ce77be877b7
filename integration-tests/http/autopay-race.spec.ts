import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { INVOICING_MODULE } from "../../src/modules/invoicing"
import type InvoicingModuleService from "../../src/modules/invoicing/service"
import { PORTAL_MODULE } from "../../src/modules/portal"
import type PortalModuleService from "../../src/modules/portal/service"
import { runAutopayWorkflow } from "../../src/workflows/autopay/workflows/run-autopay"
import { createLoggedInCustomer, createPublishableKey, expectInvariants, setStoreCurrencies, settle } from "../helpers"

jest.setTimeout(600_000)

const DAY = 24 * 60 * 60 * 1000
const CUSTOMERS = 20
// 1,000 due invoices in all with `npm test -- --long`, 400 in CI
const INVOICES_EACH = process.env.BILLING_TEST_LONG ? 50 : 20
const MANUAL_PAYMENTS = 60

type Customer = { id: string; headers: Record<string, string> }

/** Deterministic PRNG (mulberry32): the same race layout on every run. */
function prng(seed: number) {
  return () => {
    seed |= 0
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    it(`an autopay run over ${CUSTOMERS * INVOICES_EACH} due invoices while ${MANUAL_PAYMENTS} manual payments hit the same customers: nothing paid twice, invariants hold`, async () => {
      const container = getContainer()
      const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
      await setStoreCurrencies(container, ["usd"])
      await container.resolve<PortalModuleService>(PORTAL_MODULE).updateSettings({ autopay: { allowed: true } })
      const key = await createPublishableKey(container)

      // Set up the customers side by side (each one's invoices in order: issuing posts to its ledger).
      const customers: Customer[] = await Promise.all(
        Array.from({ length: CUSTOMERS }, (_, c) => createLoggedInCustomer(api, key, `race${c}@test.dev`, `Race${c}`))
      )
      const invoiceIds = new Map<string, string[]>()
      await Promise.all(
        customers.map(async (customer) => {
          const saved = await api.post("/store/billing/payment-methods", { type: "card", data: { number: "4242424242424242" } }, { headers: customer.headers })
          const enrolled = await api.put("/store/billing/autopay", { payment_method_id: saved.data.payment_method.id, consent: true }, { headers: customer.headers })
          expect(enrolled.status).toBe(201)
          const ids: string[] = []
          for (let i = 0; i < INVOICES_EACH; i++) {
            const draft = await invoicing.createDraftInvoice({
              customer_id: customer.id,
              currency_code: "usd",
              due_at: new Date(Date.now() - (i + 1) * DAY),
              lines: [{ title: `Visit ${i}`, quantity: "1", unit_price: `${10 + (i % 7)}.${String(i % 100).padStart(2, "0")}` }],
            })
            ids.push((await invoicing.issueInvoice(draft.id, { now: new Date() })).id)
          }
          invoiceIds.set(customer.id, ids)
        })
      )

      const random = prng(20261121)
      const manual = Array.from({ length: MANUAL_PAYMENTS }, (_, n) => {
        const customer = customers[Math.floor(random() * customers.length)]
        const ids = invoiceIds.get(customer.id)!
        const picked = [...new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, () => ids[Math.floor(random() * ids.length)]))]
        return { customer, picked, key: `manual-race-${n}` }
      })

      const [runResult, ...manualResults] = await Promise.all([
        runAutopayWorkflow(container).run({ input: { trigger: "admin" } }),
        ...manual.map(({ customer, picked, key }) =>
          settle(
            api.post(
              "/store/billing/payments",
              { mode: "selected_invoices", currency_code: "usd", invoice_ids: picked, payment_method: { type: "card", data: { number: "4242424242424242" } } },
              { headers: { ...customer.headers, "idempotency-key": key } }
            )
          )
        ),
      ])
      // Every manual payment either went through or lost cleanly to a reservation made first.
      for (const res of manualResults) {
        expect([201, 400]).toContain(res.status)
        if (res.status === 400) expect(res.data.message).toMatch(/invoice|payable/i)
      }
      expect(runResult.result.run.failed).toBe(0)
      // It was a race: both sides got through for some invoices.
      expect(runResult.result.run.charged).toBeGreaterThan(0)
      expect(manualResults.filter((r) => r.status === 201).length).toBeGreaterThan(0)
      await expectInvariants(container)

      // A second run picks up whatever the race left open; then everything is paid exactly once.
      await runAutopayWorkflow(container).run({ input: { trigger: "admin" } })
      await expectInvariants(container)
      const pg = container.resolve("__pg_connection__") as any
      const { rows: unpaid } = await pg.raw(`SELECT count(*)::int AS n FROM invoice WHERE status <> 'paid' AND deleted_at IS NULL`)
      expect(unpaid[0].n).toBe(0)
      const { rows: twice } = await pg.raw(
        `SELECT invoice_id FROM payment_allocation WHERE status IN ('applied', 'reserved') AND deleted_at IS NULL
          GROUP BY invoice_id HAVING count(*) > 1`
      )
      expect(twice).toEqual([])
      const { rows: totals } = await pg.raw(
        `SELECT (SELECT COALESCE(sum(amount), 0) FROM customer_payment WHERE status = 'succeeded' AND deleted_at IS NULL)::text AS charged,
                (SELECT COALESCE(sum(total), 0) FROM invoice WHERE deleted_at IS NULL)::text AS owed`
      )
      expect(totals[0].charged).toBe(totals[0].owed)
      const { rows: credit } = await pg.raw(
        `SELECT count(*)::int AS n FROM customer_payment WHERE unapplied_amount <> 0 AND deleted_at IS NULL`
      )
      expect(credit[0].n).toBe(0)
    })
  },
})
