import fc from "fast-check"
import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import {
  allocate,
  AllocationError,
  latestPayable,
  payableAsAllocatable,
  payableWindow,
  previewCurrentCharges,
  previewFromWindow,
  previewOf,
  type AllocationRequest,
  type AllocationSettings,
  type PayableWindowQuery,
} from "../../../domain/allocation"
import { toMajor } from "../../../domain/money"
import InvoicingModuleService from "../service"
import { INVOICING_RUNNER } from "./runner"
import { selectCreditAndPayableWindow, selectPayableWindow } from "../repositories/invoices"
import { inOneSnapshot, type SqlManager } from "../repositories/sql"

jest.setTimeout(240_000)

/**
 * The payment preview's payable window (DESIGN sec. 5) is computed by
 * PostgreSQL: running sums over the customer's payable invoices, oldest
 * first, returning only the rows a preview shows. This model test stores
 * generated accounts in the real database and checks that the SQL window is
 * exactly the JavaScript reference (`payableWindow`, which the unit tests
 * prove equal to allocating every invoice) over the same rows, and that the
 * preview built from it equals `allocate`'s. The SQL reads the payable
 * index's order, which is the core's because invoice dates are whole
 * milliseconds (a check constraint; the last test).
 */
const RUNS = Number(process.env.WINDOW_RUNS ?? 60)

const CUSTOMERS = ["cus_a", "cus_a", "cus_a", "cus_b"] as const
const CURRENCIES = ["usd", "usd", "jpy", "eur"] as const
const STATUSES = ["open", "open", "partially_paid", "partially_paid", "paid", "void", "draft"] as const

/** A few instants a millisecond or a day apart: many ties, broken by the next key. */
const dateArb = fc.option(
  fc.record({ day: fc.integer({ min: 1, max: 4 }), millis: fc.constantFrom(0, 1, 2) }).map(
    ({ day, millis }) => `2026-03-0${day} 09:00:00.00${millis}+00`
  ),
  { nil: null, freq: 5 }
)

const rowArb = fc
  .record({
    customer_id: fc.constantFrom(...CUSTOMERS),
    currency_code: fc.constantFrom(...CURRENCIES),
    status: fc.constantFrom(...STATUSES),
    issued_at: dateArb,
    due_at: dateArb,
    total: fc.bigInt({ min: 0n, max: 5000n }),
    paidShare: fc.integer({ min: 0, max: 4 }),
    pendingShare: fc.integer({ min: 0, max: 4 }),
    deleted: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
  })
  .map(({ total, paidShare, pendingShare, ...rest }) => {
    // paid + pending ≤ total (the table's check), paid often 0 or everything
    const paid = (total * BigInt(paidShare)) / 4n
    const pending = ((total - paid) * BigInt(pendingShare)) / 8n
    return { ...rest, total, paid, pending }
  })

type StoredRow = typeof rowArb extends fc.Arbitrary<infer T> ? T : never

const queryArb: fc.Arbitrary<{ currency: string; mode: "total_balance" | "fixed_amount"; credit: bigint; amount: bigint; limit: number; settings: AllocationSettings }> = fc.record({
  currency: fc.constantFrom("usd", "usd", "jpy"),
  mode: fc.constantFrom("total_balance" as const, "fixed_amount" as const),
  credit: fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 6_000n })),
  amount: fc.oneof(fc.bigInt({ min: 1n, max: 30_000n }), fc.bigInt({ min: 1n, max: 3_000n })),
  limit: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 12 })),
  settings: fc.record({
    allow_partial_payments: fc.boolean(),
    allow_prepayment: fc.boolean(),
    minimum_payment: fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 3000n })),
  }),
})

function outcome(run: () => unknown) {
  try {
    return { ok: run() }
  } catch (error) {
    if (!(error instanceof AllocationError)) throw error
    return { error: `${error.code} ${error.field}: ${error.message}` }
  }
}

moduleIntegrationTestRunner<InvoicingModuleService>({
  ...INVOICING_RUNNER,
  testSuite: ({ service, MikroOrmWrapper }) => {
    const sql = async (query: string, params: unknown[] = []) =>
      (await MikroOrmWrapper.forkManager().execute(query, params)) as any[]

    async function store(rows: StoredRow[]) {
      await sql(`DELETE FROM invoice`)
      if (rows.length === 0) return
      const values: unknown[] = []
      const tuples = rows.map((row, i) => {
        const major = (minor: bigint) => toMajor(minor, row.currency_code)
        const due = row.total - row.paid
        values.push(
          `inv_w${i.toString().padStart(3, "0")}`,
          i + 1,
          row.customer_id,
          row.currency_code,
          row.status,
          row.issued_at,
          row.due_at,
          major(row.total),
          major(row.paid),
          major(row.pending),
          major(due),
          row.deleted ? new Date() : null
        )
        return `(?, ?, ?, ?, ?, ?::timestamptz, ?::timestamptz, ?::numeric, ?::numeric, ?::numeric, ?::numeric, ?::timestamptz)`
      })
      await sql(
        `INSERT INTO invoice (id, display_id, customer_id, currency_code, status, issued_at, due_at, total, amount_paid, amount_pending, amount_due, deleted_at)
         VALUES ${tuples.join(", ")}`,
        values
      )
    }

    it(`${RUNS} generated accounts: the SQL window and latest invoice equal the JavaScript ones, and their previews equal allocate's`, async () => {
      let compared = 0
      let truncated = 0
      let creditRows = 0
      await fc.assert(
        fc.asyncProperty(fc.array(rowArb, { minLength: 8, maxLength: 60, size: "large" }), fc.array(queryArb, { minLength: 1, maxLength: 6 }), async (rows, queries) => {
          await store(rows)
          for (const q of queries) {
            const request: AllocationRequest = {
              customer_id: "cus_a",
              mode: q.mode,
              currency_code: q.currency,
              amount: q.mode === "fixed_amount" ? q.amount : undefined,
              credit: q.mode === "total_balance" ? q.credit : 0n,
            }
            const windowQuery: PayableWindowQuery = { credit: request.credit!, cap: request.amount ?? null, limit: q.limit }
            const payable = await service.listPayableInvoices("cus_a", q.currency)
            const fromSql = await service.getPayableWindow("cus_a", q.currency, windowQuery)
            expect(fromSql).toEqual(payableWindow(payable, windowQuery))

            const expected = outcome(() => previewOf(allocate(payable.map(payableAsAllocatable), request, q.settings), q.limit))
            expect(outcome(() => previewFromWindow(fromSql, request, q.settings, q.limit))).toEqual(expected)
            compared++
            // current_charges: the latest payable invoice from its index, and the total
            const latest = await service.getLatestPayable("cus_a", q.currency)
            expect(latest).toEqual(latestPayable(payable))
            const current: AllocationRequest = { customer_id: "cus_a", mode: "current_charges", currency_code: q.currency }
            expect(outcome(() => previewCurrentCharges(latest, current, q.settings, q.limit))).toEqual(
              outcome(() => previewOf(allocate(payable.map(payableAsAllocatable), current, q.settings), q.limit))
            )
            if (fromSql.pay_count > q.limit) truncated++
            if (fromSql.rows.some((r) => r.end - r.payable < (request.credit ?? 0n))) creditRows++
          }
        }),
        { numRuns: RUNS }
      )
      // the generated cases reach what matters: truncation and credit-paid rows
      expect(compared).toBeGreaterThan(RUNS)
      expect(truncated).toBeGreaterThan(RUNS / 10)
      expect(creditRows).toBeGreaterThan(RUNS / 10)
    })

    it("invoice dates are whole, finite milliseconds a JavaScript Date holds: the database refuses others", async () => {
      await store([])
      const insert = (due: string) =>
        sql(`INSERT INTO invoice (id, customer_id, currency_code, status, due_at) VALUES (?, 'cus_a', 'usd', 'open', ?::timestamptz)`, [
          `inv_ms_${due.length}_${Date.now()}`,
          due,
        ])
      await insert("2026-03-01 09:00:00.123+00")
      for (const refused of ["2026-03-01 09:00:00.1234+00", "infinity", "-infinity", "275761-01-01 00:00:00+00"]) {
        await expect(insert(refused)).rejects.toThrow(/invoice_dates_whole_milliseconds_check/)
      }
    })

    /**
     * A context for `inOneSnapshot` whose second statement runs only after
     * `between` has written and committed elsewhere (on its own connection).
     * Returns the context and the number of statements it ran.
     */
    const writeAfterFirstStatement = (between: () => Promise<void>) => {
      const state = { calls: 0 }
      let firstDone!: Promise<unknown>
      const interleaving = (manager: SqlManager): SqlManager => ({
        execute: async (text, params, method) => {
          const n = ++state.calls
          if (n === 1) return await (firstDone = manager.execute(text, params, method))
          if (n === 2) {
            await firstDone
            await between()
          }
          return await manager.execute(text, params, method)
        },
      })
      const fork = MikroOrmWrapper.forkManager() as any
      const context = { manager: { transactional: (run: any, options: any) => fork.transactional((m: SqlManager) => run(interleaving(m)), options) } }
      return { context, state }
    }
    // bigints as text: a failing comparison must reach the report (jest's workers cannot send bigints)
    const plain = (w: unknown) => JSON.parse(JSON.stringify(w, (_k, v) => (typeof v === "bigint" ? v.toString() : v)))

    it("the window's statements read one snapshot: an invoice issued between them is in all or none of the answer", async () => {
      const row = (due: string, total: bigint) => ({
        customer_id: "cus_a" as const, currency_code: "usd" as const, status: "open" as const, issued_at: due, due_at: due,
        total, paid: 0n, pending: 0n, deleted: false,
      })
      await store([row("2026-03-02 09:00:00+00", 10_000n), row("2026-03-03 09:00:00+00", 10_000n)])
      const before = await service.listPayableInvoices("cus_a", "usd")
      const query: PayableWindowQuery = { credit: 0n, cap: null, limit: 100 }
      // the second statement runs only after an older invoice was issued and committed elsewhere
      const { context, state } = writeAfterFirstStatement(async () => {
        await sql(
          `INSERT INTO invoice (id, display_id, customer_id, currency_code, status, issued_at, due_at, total, amount_due)
           VALUES ('inv_between', 99, 'cus_a', 'usd', 'open', '2026-03-01 09:00:00+00', '2026-03-01 09:00:00+00', 50, 50)`
        )
      })
      const window = await inOneSnapshot(context, (manager) => selectPayableWindow(manager, "cus_a", "usd", query))
      expect(state.calls).toBeGreaterThanOrEqual(2)
      expect(plain(window)).toEqual(plain(payableWindow(before, query)))
      // and the next preview sees the new invoice, whole
      expect(plain(await service.getPayableWindow("cus_a", "usd", query))).toEqual(
        plain(payableWindow(await service.listPayableInvoices("cus_a", "usd"), query))
      )
    })

    it("a total_balance preview's credit and window read one snapshot: credit applied between them is counted once", async () => {
      const row = (due: string, total: bigint) => ({
        customer_id: "cus_a" as const, currency_code: "usd" as const, status: "open" as const, issued_at: due, due_at: due,
        total, paid: 0n, pending: 0n, deleted: false,
      })
      await store([row("2026-03-02 09:00:00+00", 10_000n), row("2026-03-03 09:00:00+00", 10_000n)])
      await sql(`DELETE FROM customer_payment WHERE customer_id = 'cus_a'`)
      await sql(
        `INSERT INTO customer_payment (id, customer_id, amount, raw_amount, unapplied_amount, raw_unapplied_amount, currency_code, method, mode, status)
         VALUES ('cpay_credit', 'cus_a', 30, '{"value":"30"}', 30, '{"value":"30"}', 'usd', 'card', 'fixed_amount', 'succeeded')`
      )
      const before = await service.listPayableInvoices("cus_a", "usd")
      // after the credit is read, elsewhere the $30 credit is applied to the oldest invoice and committed
      const { context, state } = writeAfterFirstStatement(async () => {
        await sql(`UPDATE customer_payment SET unapplied_amount = 0, raw_unapplied_amount = '{"value":"0"}' WHERE id = 'cpay_credit'`)
        await sql(`UPDATE invoice SET amount_paid = 30, amount_due = total - 30, status = 'partially_paid' WHERE id = 'inv_w000'`)
      })
      const read = (ctx: any) =>
        inOneSnapshot(ctx, (manager) => selectCreditAndPayableWindow(manager, "cus_a", "usd", { withCredit: true, cap: null, limit: 100 }))
      const got = await read(context)
      expect(state.calls).toBeGreaterThanOrEqual(2)
      // the whole earlier state: $30 of credit and both invoices whole (not the $30 twice)
      expect(plain(got)).toEqual(plain({ credit: 3_000n, window: payableWindow(before, { credit: 3_000n, cap: null, limit: 100 }) }))
      // the service reads the later state, whole: no credit left, $30 already on the oldest invoice
      const after = await service.listPayableInvoices("cus_a", "usd")
      expect(plain(await service.getCreditAndPayableWindow("cus_a", "usd", { withCredit: true, cap: null, limit: 100 }))).toEqual(
        plain({ credit: 0n, window: payableWindow(after, { credit: 0n, cap: null, limit: 100 }) })
      )
      // a fixed amount reads no credit, even when the customer has some: its window is capped, not shifted
      await sql(
        `INSERT INTO customer_payment (id, customer_id, amount, raw_amount, unapplied_amount, raw_unapplied_amount, currency_code, method, mode, status)
         VALUES ('cpay_credit_2', 'cus_a', 20, '{"value":"20"}', 20, '{"value":"20"}', 'usd', 'card', 'fixed_amount', 'succeeded')`
      )
      expect((await service.getCreditAndPayableWindow("cus_a", "usd", { withCredit: true, cap: null, limit: 100 })).credit).toBe(2_000n)
      expect(plain(await service.getCreditAndPayableWindow("cus_a", "usd", { withCredit: false, cap: 5_000n, limit: 100 }))).toEqual(
        plain({ credit: 0n, window: payableWindow(after, { credit: 0n, cap: 5_000n, limit: 100 }) })
      )
    })

    it("an account with nothing payable answers a zero total and no rows", async () => {
      await store([])
      expect(await service.getPayableWindow("cus_a", "usd", { credit: 500n, cap: null, limit: 10 })).toEqual({ total: 0n, rows: [], pay_count: 0 })
    })
  },
})
