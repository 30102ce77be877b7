import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { allocate, AllocationRequest, payableAsAllocatable } from "../../../domain/allocation"
import { toMinor } from "../../../domain/money"
import { INVARIANT_QUERIES } from "./invariants"
import InvoicingModuleService from "../service"
import { INVOICING_RUNNER } from "./runner"
import { Migration20261201170000 } from "../migrations/Migration20261201170000"

jest.setTimeout(60_000)

const usd = (v: string) => toMinor(v, "usd")
const NOW = new Date("2026-06-15T12:00:00Z")
const SETTINGS = { allow_partial_payments: false, allow_prepayment: false, minimum_payment: 0n }

moduleIntegrationTestRunner<InvoicingModuleService>({
  ...INVOICING_RUNNER,
  testSuite: ({ service, MikroOrmWrapper }) => {
    const sql = async (query: string, params: unknown[] = []) =>
      (await MikroOrmWrapper.forkManager().execute(query, params)) as any[]

    const expectInvariants = async () => {
      for (const [name, query] of Object.entries(INVARIANT_QUERIES)) {
        expect({ name, rows: await sql(query) }).toEqual({ name, rows: [] })
      }
    }

    const issued = async (customer: string, price: string, dueDaysFromNow = 0) => {
      const d = await service.createDraftInvoice({
        customer_id: customer,
        currency_code: "usd",
        due_at: new Date(NOW.getTime() + dueDaysFromNow * 86_400_000),
        lines: [{ title: "Visit", quantity: "1", unit_price: price }],
      })
      return service.issueInvoice(d.id, { now: NOW })
    }

    const reserve = (
      request: Omit<AllocationRequest, "customer_id" | "currency_code">,
      key: string,
      customer = "cus_a",
      settings = SETTINGS,
      method: "card" | "us_bank_account" = "card"
    ) =>
      service.reservePayment(
        {
          customer_id: customer,
          currency_code: "usd",
          invoice_ids: request.invoice_ids,
          method,
          source: "portal",
          idempotency_key: key,
          request_hash: JSON.stringify(request, (_, v) => (typeof v === "bigint" ? v.toString() : v)),
        },
        (invoices, credit) =>
          allocate(invoices, { ...request, customer_id: customer, currency_code: "usd", credit }, settings)
      )

    const creditOf = async (customer = "cus_a") =>
      (await sql(
        `SELECT COALESCE(SUM(unapplied_amount), 0)::text AS credit FROM customer_payment
          WHERE customer_id = ? AND status = 'succeeded'`,
        [customer]
      ))[0].credit

    it("the lean payable-invoice list allocates exactly like the full rows: same order, same amounts", async () => {
      const later = await issued("cus_a", "80.00", 20)
      const overdue = await issued("cus_a", "100.00", -10)
      const current = await issued("cus_a", "50.25", 5)
      const sameDue = await issued("cus_a", "10.00", 5) // ties on due date: issue date, then display id
      await issued("cus_b", "999.00", -30) // someone else's
      await reserve({ mode: "selected_invoices", invoice_ids: [current.id] }, "pending") // 50.25 pending
      const partial = await service.recordSucceededPayment({
        customer_id: "cus_a", currency_code: "usd", amount: usd("30.00"), allocations: [{ invoice_id: overdue.id, amount: usd("30.00") }],
        method: "manual", source: "admin", mode: "selected_invoices", occurred_at: NOW,
      })
      expect(partial.status).toBe("succeeded")

      const lean = await service.listPayableInvoices("cus_a", "USD")
      expect(lean.map((i) => [i.id, i.payable_minor])).toEqual([
        [overdue.id, usd("70.00")],
        [current.id, 0n],
        [sameDue.id, usd("10.00")],
        [later.id, usd("80.00")],
      ])
      const full = await service.listAllocatableInvoices("cus_a", { currency_code: "usd" })
      for (const request of [
        { mode: "total_balance" as const },
        { mode: "current_charges" as const },
        { mode: "fixed_amount" as const, amount: usd("75.01") },
      ]) {
        const decide = (invoices: any[]) =>
          allocate(invoices, { ...request, customer_id: "cus_a", currency_code: "usd", credit: 0n }, SETTINGS)
        expect(decide(lean.map(payableAsAllocatable))).toEqual(decide(full))
      }
      expect(allocate(lean.map(payableAsAllocatable), { mode: "total_balance", customer_id: "cus_a", currency_code: "usd", credit: 0n }, SETTINGS).amount).toBe(
        usd("160.00")
      )
    })

    it("reserves, then applies on success: invoice paid, ledger entry posted, invariants hold", async () => {
      const a = await issued("cus_a", "100.00", -10)
      const b = await issued("cus_a", "50.00", 5)
      const { payment_id, created } = await reserve({ mode: "fixed_amount", amount: usd("120.00") }, "k1")
      expect(created).toBe(true)
      let [ia, ib] = await Promise.all([service.retrieveInvoice(a.id), service.retrieveInvoice(b.id)])
      expect((ia as any).raw_amount_pending.value).toBe("100")
      expect((ib as any).raw_amount_pending.value).toBe("20")
      await expectInvariants()

      expect(await service.recordPaymentOutcome(payment_id, { status: "succeeded", transaction_id: "txn_1" })).toEqual({
        status: "succeeded",
        changed: true,
      })
      ;[ia, ib] = await Promise.all([service.retrieveInvoice(a.id), service.retrieveInvoice(b.id)])
      expect([ia.status, ib.status]).toEqual(["paid", "partially_paid"])
      expect((ib as any).raw_amount_due.value).toBe("30")
      expect((ib as any).raw_amount_pending.value).toBe("0")
      const ledger = await sql(`SELECT type, amount::text FROM ledger_entry WHERE type = 'payment'`)
      expect(ledger).toEqual([{ type: "payment", amount: "-120" }])
      await expectInvariants()

      // replayed or out-of-order outcomes change nothing
      expect(await service.recordPaymentOutcome(payment_id, { status: "succeeded" })).toMatchObject({ changed: false })
      expect(await service.recordPaymentOutcome(payment_id, { status: "failed" })).toMatchObject({
        status: "succeeded",
        changed: false,
      })
      expect(await sql(`SELECT count(*)::int AS n FROM ledger_entry WHERE type = 'payment'`)).toEqual([{ n: 1 }])
      await expectInvariants()
    })

    it("applies unapplied credit to the next issued invoice, oldest credit first, without moving the balance", async () => {
      const a = await issued("cus_a", "100.00")
      // an overpayment leaves 30.00 of credit, a later one 5.00 more
      await service.recordSucceededPayment({
        customer_id: "cus_a",
        currency_code: "usd",
        amount: usd("130.00"),
        allocations: [{ invoice_id: a.id, amount: usd("100.00") }],
        method: "manual",
        source: "admin",
        mode: "fixed_amount",
        occurred_at: new Date("2026-06-01T00:00:00Z"),
      })
      const extra = await service.recordSucceededPayment({
        customer_id: "cus_a",
        currency_code: "usd",
        amount: usd("5.00"),
        allocations: [],
        method: "manual",
        source: "admin",
        mode: "fixed_amount",
        occurred_at: new Date("2026-06-02T00:00:00Z"),
      })
      const [before] = await service.getAccountBalances("cus_a", { now: NOW, time_zone: "UTC" })
      expect(before).toMatchObject({ total_balance: -usd("35.00"), credit: usd("35.00") })

      const next = await issued("cus_a", "32.00")
      const invoice = await service.retrieveInvoice(next.id, { relations: ["allocations"] })
      expect(invoice.status).toBe("paid")
      expect(invoice.allocations.map((x: any) => x.raw_amount.value).sort()).toEqual(["2", "30"])
      const [after] = await service.getAccountBalances("cus_a", { now: NOW, time_zone: "UTC" })
      expect(after).toMatchObject({ total_balance: -usd("3.00"), credit: usd("3.00") })
      expect((await service.retrieveCustomerPayment(extra.id) as any).raw_unapplied_amount.value).toBe("3")
      const entries = await sql(`SELECT type, amount::text, balance_after::text FROM ledger_entry ORDER BY sequence`)
      expect(entries.slice(-2)).toEqual([
        { type: "invoice", amount: "32", balance_after: "-3" },
        { type: "credit_applied", amount: "0", balance_after: "-3" },
      ])
      await expectInvariants()
    })

    it("an ACH prepayment that settles while a newer invoice is open applies its credit to it (invariant 5)", async () => {
      const a = await issued("cus_a", "100.00", -10)
      await issued("cus_b", "40.00", -10) // another customer's invoice stays untouched
      const { payment_id } = await reserve(
        { mode: "fixed_amount", amount: usd("130.00") },
        "prepay",
        "cus_a",
        { ...SETTINGS, allow_prepayment: true },
        "us_bank_account"
      )
      await service.recordPaymentOutcome(payment_id, { status: "processing" })
      // issued while the debit is on its way: no credit exists yet
      const b = await issued("cus_a", "50.00", 5)
      expect((await service.retrieveInvoice(b.id) as any).raw_amount_paid.value).toBe("0")

      await service.recordPaymentOutcome(payment_id, { status: "succeeded", transaction_id: "txn_ach" })
      const [ia, ib] = await Promise.all([service.retrieveInvoice(a.id), service.retrieveInvoice(b.id)])
      expect([ia.status, ib.status]).toEqual(["paid", "partially_paid"])
      expect((ib as any).raw_amount_paid.value).toBe("30")
      expect((ib as any).raw_amount_due.value).toBe("20")
      expect(await creditOf()).toBe("0")
      const allocations = await sql(
        `SELECT invoice_id, amount::text AS amount, status FROM payment_allocation a WHERE customer_payment_id = ? ORDER BY a.amount`,
        [payment_id]
      )
      expect(allocations).toEqual([
        { invoice_id: b.id, amount: "30", status: "applied" },
        { invoice_id: a.id, amount: "100", status: "applied" },
      ])
      const entries = await sql(
        `SELECT type, amount::text, balance_after::text FROM ledger_entry WHERE customer_id = 'cus_a' ORDER BY sequence`
      )
      expect(entries.slice(-2)).toEqual([
        { type: "payment", amount: "-130", balance_after: "20" },
        { type: "credit_applied", amount: "0", balance_after: "20" },
      ])
      expect(await creditOf("cus_b")).toBe("0")
      await expectInvariants()
    })

    it("a total_balance payment uses the customer's credit first and persists those credit allocations", async () => {
      // Credit that idled before credit was applied everywhere: a 30.00 prepayment
      // that settled (simulated by hiding it) while two invoices were issued.
      const credit = await service.recordSucceededPayment({
        customer_id: "cus_a", currency_code: "usd", amount: usd("30.00"), allocations: [],
        method: "manual", source: "admin", mode: "fixed_amount", occurred_at: NOW,
      })
      await sql(`UPDATE customer_payment SET status = 'processing' WHERE id = ?`, [credit.id])
      const a = await issued("cus_a", "100.00", -10)
      const b = await issued("cus_a", "50.00", 5)
      await sql(`UPDATE customer_payment SET status = 'succeeded' WHERE id = ?`, [credit.id])

      const { payment_id, amount } = await reserve({ mode: "total_balance" }, "tb")
      expect(amount).toBe("120.00") // 150 owed − 30 credit
      const [ia, ib] = await Promise.all([service.retrieveInvoice(a.id), service.retrieveInvoice(b.id)])
      expect((ia as any).raw_amount_paid.value).toBe("30")
      expect((ia as any).raw_amount_pending.value).toBe("70")
      expect((ib as any).raw_amount_pending.value).toBe("50")
      expect(await creditOf()).toBe("0")
      expect(
        await sql(`SELECT invoice_id, amount::text AS amount, status FROM payment_allocation WHERE customer_payment_id = ?`, [credit.id])
      ).toEqual([{ invoice_id: a.id, amount: "30", status: "applied" }])
      expect(await sql(`SELECT type, amount::text FROM ledger_entry ORDER BY sequence DESC LIMIT 1`)).toEqual([
        { type: "credit_applied", amount: "0" },
      ])
      await expectInvariants()

      await service.recordPaymentOutcome(payment_id, { status: "succeeded", transaction_id: "txn_tb" })
      const [pa, pb] = await Promise.all([service.retrieveInvoice(a.id), service.retrieveInvoice(b.id)])
      expect([pa.status, pb.status]).toEqual(["paid", "paid"])
      const [balance] = await service.getAccountBalances("cus_a", { now: NOW, time_zone: "UTC" })
      expect(balance).toMatchObject({ total_balance: 0n, credit: 0n })
      await expectInvariants()
    })

    it("an invoice can take credit more than once (each application is its own ledger entry)", async () => {
      await service.recordSucceededPayment({
        customer_id: "cus_a", currency_code: "usd", amount: usd("30.00"), allocations: [],
        method: "manual", source: "admin", mode: "fixed_amount", occurred_at: NOW,
      })
      const b = await issued("cus_a", "50.00") // takes the 30.00
      expect((await service.retrieveInvoice(b.id) as any).raw_amount_paid.value).toBe("30")
      await service.recordSucceededPayment({
        customer_id: "cus_a", currency_code: "usd", amount: usd("25.00"), allocations: [],
        method: "manual", source: "admin", mode: "fixed_amount", occurred_at: NOW,
      })
      const paid = await service.retrieveInvoice(b.id)
      expect(paid.status).toBe("paid")
      expect(await creditOf()).toBe("5")
      expect(await sql(`SELECT count(*)::int AS n FROM ledger_entry WHERE type = 'credit_applied'`)).toEqual([{ n: 2 }])
      await expectInvariants()
    })

    it("releases the reservation when the payment fails", async () => {
      const a = await issued("cus_a", "80.00")
      const { payment_id } = await reserve({ mode: "total_balance" }, "k1")
      await service.recordPaymentOutcome(payment_id, { status: "processing" })
      await service.recordPaymentOutcome(payment_id, { status: "failed", failure_reason: "card_declined" })
      const invoice = await service.retrieveInvoice(a.id)
      expect(invoice.status).toBe("open")
      expect((invoice as any).raw_amount_pending.value).toBe("0")
      const payment = await service.retrieveCustomerPayment(payment_id, { relations: ["allocations"] })
      expect(payment.status).toBe("failed")
      expect(payment.failure_reason).toBe("card_declined")
      expect(payment.allocations.map((x) => x.status)).toEqual(["released"])
      expect(await sql(`SELECT count(*)::int AS n FROM ledger_entry WHERE type = 'payment'`)).toEqual([{ n: 0 }])
      await expectInvariants()
    })

    it("same key and body returns the same payment; a different body is a conflict", async () => {
      await issued("cus_a", "80.00")
      const first = await reserve({ mode: "total_balance" }, "same-key")
      const again = await reserve({ mode: "total_balance" }, "same-key")
      expect(again).toEqual({ payment_id: first.payment_id, created: false, amount: first.amount, currency_code: "usd" })
      await expect(reserve({ mode: "current_charges" }, "same-key")).rejects.toThrow(
        "Idempotency-Key was already used with a different request body"
      )
      // keys are per customer
      await issued("cus_b", "10.00")
      const other = await reserve({ mode: "total_balance" }, "same-key", "cus_b")
      expect(other.created).toBe(true)
    })

    it("20 concurrent payments for one invoice: exactly one reserves it, nothing over-reserved", async () => {
      const a = await issued("cus_a", "100.00")
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => reserve({ mode: "selected_invoices", invoice_ids: [a.id] }, `key-${i}`))
      )
      const won = results.filter((r) => r.status === "fulfilled")
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected")
      expect(won).toHaveLength(1)
      expect(lost).toHaveLength(19)
      for (const loser of lost) {
        expect(loser.reason.message).toMatch(/has nothing left to pay/)
      }
      const [row] = await sql(`SELECT amount_pending::text AS pending FROM invoice WHERE id = ?`, [a.id])
      expect(row.pending).toBe("100")
      await expectInvariants()
    })

    it("20 concurrent identical requests under one key make exactly one payment", async () => {
      await issued("cus_a", "100.00")
      const results = await Promise.all(
        Array.from({ length: 20 }, () => reserve({ mode: "total_balance" }, "one-key"))
      )
      expect(new Set(results.map((r) => r.payment_id)).size).toBe(1)
      expect(results.filter((r) => r.created)).toHaveLength(1)
      expect(await sql(`SELECT count(*)::int AS n FROM customer_payment`)).toEqual([{ n: 1 }])
      await expectInvariants()
    })

    it("a reversal that arrives before the success is kept in its columns, then applied when the success is recorded", async () => {
      const a = await issued("cus_a", "40.00")
      const { payment_id } = await reserve({ mode: "total_balance" }, "k-early", "cus_a", SETTINGS, "us_bank_account")
      await service.recordPaymentOutcome(payment_id, { status: "processing" })
      const early = new Date("2026-06-16T08:00:00.000Z")
      expect(await service.reversePayment(payment_id, { reason: "returned (R01)", occurred_at: early })).toEqual({
        status: "processing",
        changed: false,
      })
      // a second early report keeps the first
      await service.reversePayment(payment_id, { reason: "disputed", occurred_at: NOW })
      const [row] = await sql(
        `SELECT deferred_reversal_reason, deferred_reversal_at, metadata FROM customer_payment WHERE id = ?`,
        [payment_id]
      )
      expect([row.deferred_reversal_reason, new Date(row.deferred_reversal_at).toISOString(), row.metadata]).toEqual([
        "returned (R01)",
        early.toISOString(),
        null,
      ])
      expect(await service.recordPaymentOutcome(payment_id, { status: "succeeded" })).toEqual({ status: "reversed", changed: true })
      expect((await service.retrieveCustomerPayment(payment_id)).failure_reason).toBe("returned (R01)")
      expect((await service.retrieveInvoice(a.id)).status).toBe("open")
      const entries = await sql(`SELECT type, occurred_at FROM ledger_entry ORDER BY sequence`)
      expect(entries.map((e) => e.type)).toEqual(["invoice", "payment", "payment_reversal"])
      expect(new Date(entries[2].occurred_at).toISOString()).toBe(early.toISOString())
      await expectInvariants()
    })

    it("the deferred-reversal migration moves metadata.deferred_reversal into its columns and drops the key", async () => {
      await issued("cus_a", "40.00")
      const { payment_id } = await reserve({ mode: "total_balance" }, "k-migrate", "cus_a", SETTINGS, "us_bank_account")
      await sql(`UPDATE customer_payment SET metadata = ?::jsonb WHERE id = ?`, [
        JSON.stringify({ kept: "yes", deferred_reversal: { reason: "disputed", occurred_at: "2026-06-16T08:00:00.000Z" } }),
        payment_id,
      ])
      const migration = new Migration20261201170000({} as any, {} as any)
      await migration.up()
      for (const query of migration.getQueries()) await sql(String(query))
      const [row] = await sql(
        `SELECT deferred_reversal_reason, deferred_reversal_at, metadata FROM customer_payment WHERE id = ?`,
        [payment_id]
      )
      expect([row.deferred_reversal_reason, new Date(row.deferred_reversal_at).toISOString(), row.metadata]).toEqual([
        "disputed",
        "2026-06-16T08:00:00.000Z",
        { kept: "yes" },
      ])
    })
  },
})
