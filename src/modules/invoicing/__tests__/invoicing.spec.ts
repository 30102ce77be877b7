import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { toMinor } from "../../../domain/money"
import InvoicingModuleService from "../service"
import { INVARIANT_QUERIES } from "./invariants"
import { INVOICING_RUNNER } from "./runner"

jest.setTimeout(60_000)

const usd = (v: string) => toMinor(v, "usd")
const NOW = new Date("2026-06-15T12:00:00Z")

moduleIntegrationTestRunner<InvoicingModuleService>({
  ...INVOICING_RUNNER,
  testSuite: ({ service, MikroOrmWrapper }) => {
    const sql = async (query: string, params: unknown[] = []) =>
      (await MikroOrmWrapper.forkManager().execute(query, params)) as any[]

    const draft = (customer = "cus_a", lines = [{ title: "Visit", quantity: "1", unit_price: "100.00" }]) =>
      service.createDraftInvoice({
        customer_id: customer,
        currency_code: "usd",
        due_at: new Date("2026-06-01T00:00:00Z"),
        lines,
      })

    const issued = async (customer = "cus_a", price = "100.00") => {
      const d = await draft(customer, [{ title: "Visit", quantity: "1", unit_price: price }])
      return service.issueInvoice(d.id, { now: NOW })
    }

    describe("drafts and totals", () => {
      it("computes line and invoice totals exactly from the lines", async () => {
        const invoice = await draft("cus_a", [
          { title: "Labour", quantity: "2.5", unit_price: "90.10" },
          { title: "Parts", quantity: "3", unit_price: "0.10" },
        ])
        expect(invoice.status).toBe("draft")
        expect(invoice.lines).toHaveLength(2)
        // 2.5 × 90.10 = 225.25; 3 × 0.10 = 0.30 — no float drift
        expect((invoice as any).raw_total.value).toBe("225.55")
        expect((invoice as any).raw_amount_due.value).toBe("0")
      })

      it("gives every invoice a distinct display_id under concurrent creation", async () => {
        const invoices = await Promise.all(Array.from({ length: 25 }, (_, i) => draft(`cus_${i % 3}`)))
        const ids = invoices.map((i) => i.display_id)
        expect(new Set(ids).size).toBe(25)
      })

      it("rejects a unit price with more decimals than the currency has", async () => {
        await expect(draft("cus_a", [{ title: "x", quantity: "1", unit_price: "1.001" }])).rejects.toThrow(
          "lines[0].unit_price has more decimals than USD allows (2)"
        )
      })

      it("edits a draft and replaces its lines, but not an issued invoice", async () => {
        const d = await draft()
        const updated = await service.updateDraftInvoice(d.id, {
          lines: [{ title: "New", quantity: "2", unit_price: "10.00" }],
          notes: "edited",
        })
        expect(updated.lines.map((l) => l.title)).toEqual(["New"])
        expect((updated as any).raw_total.value).toBe("20")
        await service.issueInvoice(d.id, { now: NOW })
        await expect(service.updateDraftInvoice(d.id, { notes: "late" })).rejects.toThrow(
          /is open; only drafts can be edited/
        )
      })
    })

    describe("issue, void and the ledger", () => {
      it("issuing posts an invoice entry; voiding posts the reversing entry", async () => {
        const a = await issued("cus_a", "100.00")
        expect(a.status).toBe("open")
        expect((a as any).raw_amount_due.value).toBe("100")
        const b = await issued("cus_a", "40.00")
        await service.voidInvoice(b.id, { now: NOW })
        const entries = await sql(
          `SELECT type, amount::text, balance_after::text FROM ledger_entry WHERE customer_id = 'cus_a' ORDER BY sequence`
        )
        expect(entries).toEqual([
          { type: "invoice", amount: "100", balance_after: "100" },
          { type: "invoice", amount: "40", balance_after: "140" },
          { type: "void", amount: "-40", balance_after: "100" },
        ])
        await expect(service.issueInvoice(a.id, { now: NOW })).rejects.toThrow(/only drafts can be issued/)
        await expect(service.voidInvoice(b.id, { now: NOW })).rejects.toThrow(/already void/)
      })

      it("the database refuses to update or delete ledger entries", async () => {
        await issued()
        await expect(sql(`UPDATE ledger_entry SET amount = 0`)).rejects.toThrow(/append-only/)
        await expect(sql(`DELETE FROM ledger_entry`)).rejects.toThrow(/append-only/)
        const [{ count }] = await sql(`SELECT count(*)::int AS count FROM ledger_entry`)
        expect(count).toBe(1)
      })

      it("the database refuses an invoice paid beyond its total", async () => {
        const inv = await issued()
        await expect(
          sql(`UPDATE invoice SET amount_paid = 60, amount_pending = 41 WHERE id = ?`, [inv.id])
        ).rejects.toThrow(/invoice_amounts_check/)
      })

      it("does not void an invoice with payments applied", async () => {
        const inv = await issued()
        await service.recordSucceededPayment({
          customer_id: "cus_a",
          currency_code: "usd",
          amount: usd("10.00"),
          allocations: [{ invoice_id: inv.id, amount: usd("10.00") }],
          method: "manual",
          source: "admin",
          mode: "selected_invoices",
          occurred_at: NOW,
        })
        await expect(service.voidInvoice(inv.id, { now: NOW })).rejects.toThrow(/has payments applied/)
      })
    })

    describe("payments and balances", () => {
      it("applies a payment, updates statuses and keeps the three balances equal (invariant 3)", async () => {
        const a = await issued("cus_a", "100.00")
        const b = await issued("cus_a", "50.25")
        await issued("cus_b", "999.00")
        await service.recordSucceededPayment({
          customer_id: "cus_a",
          currency_code: "usd",
          amount: usd("130.00"),
          allocations: [
            { invoice_id: a.id, amount: usd("100.00") },
            { invoice_id: b.id, amount: usd("20.00") },
          ],
          method: "manual",
          source: "admin",
          mode: "fixed_amount",
          occurred_at: NOW,
        })
        const [ra, rb] = await Promise.all([service.retrieveInvoice(a.id), service.retrieveInvoice(b.id)])
        expect(ra.status).toBe("paid")
        expect(rb.status).toBe("partially_paid")
        // the 10.00 the allocations left over does not idle as credit while b is
        // payable (invariant 5): it pays b too
        expect((rb as any).raw_amount_due.value).toBe("20.25")

        const [balance] = await service.getAccountBalances("cus_a", { now: NOW, time_zone: "UTC" })
        expect(balance).toEqual({
          currency_code: "usd",
          total_balance: usd("20.25"),
          current_charges: usd("20.25"),
          past_due: usd("20.25"),
          not_yet_due: 0n,
          pending: 0n,
          credit: 0n,
        })
        const [{ ledger_sum, last_balance }] = await sql(
          `SELECT SUM(amount)::text AS ledger_sum,
                  (SELECT balance_after::text FROM ledger_entry WHERE customer_id = 'cus_a' ORDER BY sequence DESC LIMIT 1) AS last_balance
             FROM ledger_entry WHERE customer_id = 'cus_a'`
        )
        expect(toMinor(ledger_sum, "usd")).toBe(balance.total_balance)
        expect(toMinor(last_balance, "usd")).toBe(balance.total_balance)
        for (const [name, query] of Object.entries(INVARIANT_QUERIES)) {
          expect({ name, rows: await sql(query) }).toEqual({ name, rows: [] })
        }
      })

      it("never pays an invoice beyond its total under concurrent payments", async () => {
        const inv = await issued("cus_a", "100.00")
        const attempts = await Promise.allSettled(
          Array.from({ length: 10 }, () =>
            service.recordSucceededPayment({
              customer_id: "cus_a",
              currency_code: "usd",
              amount: usd("60.00"),
              allocations: [{ invoice_id: inv.id, amount: usd("60.00") }],
              method: "manual",
              source: "admin",
              mode: "selected_invoices",
              occurred_at: NOW,
            })
          )
        )
        expect(attempts.filter((a) => a.status === "fulfilled")).toHaveLength(1)
        const [row] = await sql(`SELECT amount_paid::text, amount_due::text FROM invoice WHERE id = ?`, [inv.id])
        expect(row).toEqual({ amount_paid: "60", amount_due: "40" })
        const [{ count }] = await sql(`SELECT count(*)::int AS count FROM ledger_entry WHERE type = 'payment'`)
        expect(count).toBe(1)
      })

      it("refuses another customer's invoice as if it did not exist", async () => {
        const inv = await issued("cus_b")
        await expect(
          service.recordSucceededPayment({
            customer_id: "cus_a",
            currency_code: "usd",
            amount: usd("1.00"),
            allocations: [{ invoice_id: inv.id, amount: usd("1.00") }],
            method: "manual",
            source: "admin",
            mode: "selected_invoices",
            occurred_at: NOW,
          })
        ).rejects.toThrow(`Invoice with id: ${inv.id} was not found`)
      })
    })
  },
})
