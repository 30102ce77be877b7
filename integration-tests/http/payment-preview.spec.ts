import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { INVOICING_MODULE } from "../../src/modules/invoicing"
import type InvoicingModuleService from "../../src/modules/invoicing/service"
import { createLoggedInCustomer, createPublishableKey, setStoreCurrencies, settle } from "../helpers"

jest.setTimeout(120_000)

const DAY = 24 * 60 * 60 * 1000

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let jane: { id: string; headers: Record<string, string> }
    let other: { id: string; headers: Record<string, string> }
    let invoicing: InvoicingModuleService
    const inv: Record<string, any> = {}

    const issue = async (customerId: string, price: string, dueInDays: number, issuedDaysAgo: number, currency = "usd") => {
      const draft = await invoicing.createDraftInvoice({
        customer_id: customerId,
        currency_code: currency,
        due_at: new Date(Date.now() + dueInDays * DAY),
        lines: [{ title: "Service", quantity: "1", unit_price: price }],
      })
      return invoicing.issueInvoice(draft.id, { now: new Date(), issued_at: new Date(Date.now() - issuedDaysAgo * DAY) })
    }

    beforeEach(async () => {
      const container = getContainer()
      invoicing = container.resolve(INVOICING_MODULE)
      await setStoreCurrencies(container, ["usd", "eur"])
      const key = await createPublishableKey(container)
      jane = await createLoggedInCustomer(api, key, "jane@test.dev", "Jane")
      other = await createLoggedInCustomer(api, key, "other@test.dev", "Other")
      inv.oldest = await issue(jane.id, "100.00", -20, 50)
      inv.middle = await issue(jane.id, "50.50", -5, 35)
      inv.newest = await issue(jane.id, "20.00", 25, 5)
      inv.eur = await issue(jane.id, "9.99", 10, 10, "eur")
      inv.others = await issue(other.id, "500.00", 10, 10)
      const voided = await issue(jane.id, "5.00", 10, 10)
      inv.void = await invoicing.voidInvoice(voided.id, { now: new Date() })
      inv.draft = await invoicing.createDraftInvoice({
        customer_id: jane.id,
        currency_code: "usd",
        due_at: new Date(),
        lines: [{ title: "Draft", quantity: "1", unit_price: "1" }],
      })
    })

    const preview = (body: Record<string, unknown>, who = jane) =>
      settle(api.post("/store/billing/payments/preview", body, { headers: who.headers }))

    it("previews each mode exactly, oldest first", async () => {
      const total = await preview({ mode: "total_balance", currency_code: "usd" })
      expect(total.status).toBe(200)
      expect(total.data.preview).toEqual({
        mode: "total_balance",
        amount: 170.5,
        currency_code: "usd",
        allocations: [
          expect.objectContaining({ invoice_id: inv.oldest.id, amount: 100 }),
          expect.objectContaining({ invoice_id: inv.middle.id, amount: 50.5 }),
          expect.objectContaining({ invoice_id: inv.newest.id, amount: 20 }),
        ],
        allocation_count: 3,
        credit_allocations: [],
        unapplied_amount: 0,
      })

      const current = await preview({ mode: "current_charges", currency_code: "usd" })
      expect(current.data.preview.allocations).toEqual([
        { invoice_id: inv.newest.id, display_id: inv.newest.display_id, number: expect.any(String), amount: 20 },
      ])

      const fixed = await preview({ mode: "fixed_amount", currency_code: "usd", amount: "120.25" })
      expect(fixed.data.preview.allocations.map((a: any) => [a.invoice_id, a.amount])).toEqual([
        [inv.oldest.id, 100],
        [inv.middle.id, 20.25],
      ])

      const selected = await preview({
        mode: "selected_invoices",
        currency_code: "usd",
        invoice_ids: [inv.newest.id, inv.middle.id],
      })
      expect(selected.data.preview.amount).toBe(70.5)
      expect(selected.data.preview.allocations.map((a: any) => a.invoice_id)).toEqual([inv.middle.id, inv.newest.id])

      const eur = await preview({ mode: "total_balance", currency_code: "EUR" })
      expect(eur.data.preview).toMatchObject({ amount: 9.99, currency_code: "eur" })
    })

    it("lists at most allocations_limit allocations, oldest first, with allocation_count (DESIGN sec. 5)", async () => {
      const limited = await preview({ mode: "total_balance", currency_code: "usd", allocations_limit: 2 })
      expect(limited.status).toBe(200)
      expect(limited.data.preview.amount).toBe(170.5)
      expect(limited.data.preview.allocation_count).toBe(3)
      expect(limited.data.preview.allocations.map((a: any) => a.invoice_id)).toEqual([inv.oldest.id, inv.middle.id])

      // the payment's answer too; GET …/payments/:id (the receipt) lists every allocation
      const paid = await settle(
        api.post(
          "/store/billing/payments",
          { mode: "total_balance", currency_code: "usd", allocations_limit: 1, payment_method: { type: "card", data: { number: "4242424242424242" } } },
          { headers: { ...jane.headers, "idempotency-key": "limit-1" } }
        )
      )
      expect(paid.status).toBe(201)
      expect(paid.data.payment.allocation_count).toBe(3)
      expect(paid.data.payment.allocations.map((a: any) => a.invoice_id)).toEqual([inv.oldest.id])
      const receipt = await settle(api.get(`/store/billing/payments/${paid.data.payment.id}`, { headers: jane.headers }))
      expect(receipt.data.payment.allocations).toHaveLength(3)

      for (const bad of [0, 1001, 2.5, "10"]) {
        const refused = await preview({ mode: "total_balance", currency_code: "usd", allocations_limit: bad })
        expect(refused.status).toBe(400)
        expect(refused.data.message).toMatch(/allocations_limit/)
      }
    })

    it("a total_balance preview uses the customer's own credit first, oldest invoice first; a fixed amount does not", async () => {
      const pg = getContainer().resolve("__pg_connection__") as any
      const credit = (id: string, customerId: string, amount: string) =>
        pg.raw(
          `INSERT INTO customer_payment (id, customer_id, amount, raw_amount, unapplied_amount, raw_unapplied_amount, currency_code, method, mode, status)
           VALUES (?, ?, ?::numeric, ?::jsonb, ?::numeric, ?::jsonb, 'usd', 'card', 'fixed_amount', 'succeeded')`,
          [id, customerId, amount, JSON.stringify({ value: amount }), amount, JSON.stringify({ value: amount })]
        )
      await credit("cpay_preview_jane", jane.id, "30.00")
      await credit("cpay_preview_other", other.id, "400.00")

      const total = await preview({ mode: "total_balance", currency_code: "usd" })
      expect(total.status).toBe(200)
      expect(total.data.preview).toMatchObject({
        amount: 140.5,
        credit_allocations: [expect.objectContaining({ invoice_id: inv.oldest.id, amount: 30 })],
        allocations: [
          expect.objectContaining({ invoice_id: inv.oldest.id, amount: 70 }),
          expect.objectContaining({ invoice_id: inv.middle.id, amount: 50.5 }),
          expect.objectContaining({ invoice_id: inv.newest.id, amount: 20 }),
        ],
        allocation_count: 3,
      })
      // the window reaches past what the credit pays: with a limit of 1 the one listed is the first the payment pays
      const limited = await preview({ mode: "total_balance", currency_code: "usd", allocations_limit: 1 })
      expect(limited.data.preview.allocations).toEqual([expect.objectContaining({ invoice_id: inv.oldest.id, amount: 70 })])

      const fixed = await preview({ mode: "fixed_amount", currency_code: "usd", amount: "120.25" })
      expect(fixed.data.preview).toMatchObject({ amount: 120.25, credit_allocations: [] })
      expect(fixed.data.preview.allocations.map((a: any) => [a.invoice_id, a.amount])).toEqual([
        [inv.oldest.id, 100],
        [inv.middle.id, 20.25],
      ])
    })

    it("rejects every invalid request with 400 naming the field, and never reveals another customer's invoice", async () => {
      const cases: [Record<string, unknown>, RegExp][] = [
        [{ mode: "everything", currency_code: "usd" }, /mode must be one of/],
        [{ mode: "fixed_amount", currency_code: "usd" }, /amount/],
        [{ mode: "fixed_amount", currency_code: "usd", amount: "0" }, /amount/],
        [{ mode: "fixed_amount", currency_code: "usd", amount: "-5" }, /amount/],
        [{ mode: "fixed_amount", currency_code: "usd", amount: "10.001" }, /amount has more decimals than USD allows/],
        [{ mode: "fixed_amount", currency_code: "usd", amount: "1000" }, /amount: .*exceeds/],
        [{ mode: "selected_invoices", currency_code: "usd", invoice_ids: [inv.others.id] }, new RegExp(`invoice_ids: Invoice ${inv.others.id} was not found`)],
        [{ mode: "selected_invoices", currency_code: "usd", invoice_ids: [inv.draft.id] }, /invoice_ids: .*not found/],
        [{ mode: "selected_invoices", currency_code: "usd", invoice_ids: [inv.void.id] }, /invoice_ids: .*is void/],
        [{ mode: "selected_invoices", currency_code: "usd", invoice_ids: [inv.eur.id] }, /invoice_ids: .*EUR/],
        [{ mode: "selected_invoices", currency_code: "usd", invoice_ids: [inv.oldest.id], amounts: { [inv.oldest.id]: "1" } }, /amounts: Partial payments are not allowed/],
        [{ mode: "total_balance", currency_code: "gbp" }, /Nothing is payable in GBP/],
        [{ mode: "total_balance", currency_code: "usd", bogus: 1 }, /Unrecognized fields: 'bogus'/],
        [{ mode: "total_balance", currency_code: "usd", payment_method: { type: "paypal" } }, /payment_method.type must be one of/],
      ]
      for (const [body, message] of cases) {
        const res = await preview(body)
        expect({ body, status: res.status }).toEqual({ body, status: 400 })
        expect(res.data.message).toMatch(message)
      }
      // the other customer sees only their own balance
      const theirs = await preview({ mode: "total_balance", currency_code: "usd" }, other)
      expect(theirs.data.preview.allocations.map((a: any) => a.invoice_id)).toEqual([inv.others.id])
      const stolen = await preview({ mode: "selected_invoices", currency_code: "usd", invoice_ids: [inv.oldest.id] }, other)
      expect(stolen.status).toBe(400)
      expect(stolen.data.message).toBe(`invoice_ids: Invoice ${inv.oldest.id} was not found`)
    })
  },
})
