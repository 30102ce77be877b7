import { MedusaError } from "@medusajs/framework/utils"
import {
  payableAmount,
  type AllocatableInvoice,
  type LatestPayable,
  type PayableInvoice,
  type PayableWindow,
  type PayableWindowQuery,
} from "../../../domain/allocation"
import { moveInvoiceMoney, type InvoiceStatus } from "../../../domain/invoice-status"
import { currencyExponent, toMajor } from "../../../domain/money"
import { minorFromValue } from "../../../utils/money"
import type { InvoiceOrderField } from "../../../domain/invoice-order"
import type { InvoicePageFilter } from "../types"
import { sumCustomerCredit } from "./payments"
import { joinSets, moneyIncrement, moneySet, moneyValue, placeholders, query, type SqlManager } from "./sql"

/** An invoice row read under its row lock; money as exact major-unit decimal text. */
export type LockedInvoiceRow = Pick<AllocatableInvoice, "id" | "display_id" | "customer_id" | "currency_code" | "status" | "issued_at"> & {
  total: string
  amount_paid: string
  amount_pending: string
  amount_due: string
}

export type LockedPayableInvoiceRow = LockedInvoiceRow & { due_at: Date | null }

/** An invoice as the allocation core reads it; money as exact major-unit decimal text. */
export type AllocatableInvoiceRow = Omit<LockedPayableInvoiceRow, "amount_due">

/** A payable invoice, lean: what it can still take in integer minor units, dates as epoch milliseconds. */
export type PayableInvoiceRow = {
  id: string
  display_id: number
  /** `amount_due − amount_pending`, integer minor units (as the driver returns a bigint: text) */
  payable_minor: string
  due_ms: number | null
  issued_ms: number | null
}

/** One row of the store's invoice list; money as exact major-unit decimal text. */
export type InvoicePageRow = LockedPayableInvoiceRow & {
  subtotal: string
  tax_total: string
  order_id: string | null
  notes: string | null
  created_at: Date
  updated_at: Date
}

const LOCKED_COLUMNS = `id, display_id, customer_id, currency_code, status, issued_at,
            total::text AS total, amount_paid::text AS amount_paid,
            amount_pending::text AS amount_pending, amount_due::text AS amount_due`

/** What a locked invoice can still take (`total − paid − pending`), minor units. */
export function payableMinor(row: LockedInvoiceRow): bigint {
  const c = row.currency_code
  return payableAmount({
    total: minorFromValue(row.total, c),
    amount_paid: minorFromValue(row.amount_paid, c),
    amount_pending: minorFromValue(row.amount_pending, c),
  })
}

/** Locks one invoice (`FOR UPDATE`) and reads it; 404 when there is none. */
export async function lockInvoice(manager: SqlManager, id: string): Promise<LockedInvoiceRow> {
  const [row] = await query<LockedInvoiceRow>(
    manager,
    `SELECT ${LOCKED_COLUMNS}
       FROM invoice WHERE id = ? AND deleted_at IS NULL FOR UPDATE`,
    [id]
  )
  if (!row) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Invoice with id: ${id} was not found`)
  }
  return row
}

/**
 * Locks (id order) and reads a customer's invoices in one currency that can
 * still take money — open or partially paid, with `amount_due > amount_pending` —
 * all of them, or only those of `ids`.
 */
export async function lockPayableInvoices(
  manager: SqlManager,
  customerId: string,
  currencyCode: string,
  ids: string[] | null
): Promise<LockedPayableInvoiceRow[]> {
  return await query<LockedPayableInvoiceRow>(
    manager,
    `SELECT id, display_id, customer_id, currency_code, status, issued_at, due_at,
              total::text AS total, amount_paid::text AS amount_paid,
              amount_pending::text AS amount_pending, amount_due::text AS amount_due
         FROM invoice
        WHERE customer_id = ? AND currency_code = ? AND deleted_at IS NULL
          AND status IN ('open', 'partially_paid') AND amount_due > amount_pending
          ${ids ? `AND id IN (${placeholders(ids)})` : ""}
        ORDER BY id FOR UPDATE`,
    [customerId, currencyCode, ...(ids ?? [])]
  )
}

/** Row locks, in id order, on the given invoices of a customer (reads nothing). */
export async function lockCustomerInvoices(manager: SqlManager, customerId: string, ids: string[]): Promise<void> {
  await manager.execute(
    `SELECT id FROM invoice WHERE customer_id = ? AND id IN (${placeholders(ids)})
          ORDER BY id FOR UPDATE`,
    [customerId, ...ids]
  )
}

/** Row locks, in id order, on a customer's open and partially paid invoices in a currency (reads nothing). */
export async function lockOpenInvoices(manager: SqlManager, customerId: string, currencyCode: string): Promise<void> {
  await manager.execute(
    `SELECT id FROM invoice WHERE customer_id = ? AND currency_code = ?
            AND status IN ('open', 'partially_paid') AND deleted_at IS NULL
          ORDER BY id FOR UPDATE`,
    [customerId, currencyCode]
  )
}

/** Writes a locked invoice's paid, pending and due amounts and its status in one statement. */
export async function updateInvoiceAmounts(
  manager: SqlManager,
  id: string,
  currency: string,
  amounts: { paid: bigint; pending: bigint; due: bigint; status: InvoiceStatus }
): Promise<void> {
  const set = joinSets([
    moneySet("amount_paid", amounts.paid, currency),
    moneySet("amount_pending", amounts.pending, currency),
    moneySet("amount_due", amounts.due, currency),
  ])
  await manager.execute(`UPDATE invoice SET ${set.sql}, status = ?, updated_at = now() WHERE id = ?`, [
    ...set.params,
    amounts.status,
    id,
  ])
}

/**
 * Moves money on a locked invoice — `pending` (reserved by in-flight
 * payments) and `paid` (applied) change by the given signed amounts — and
 * writes `amount_due` and the status derived from the result, in one
 * statement on the row the caller locked (the ORM's update would read it
 * again first). The row object follows, as callers may move the same invoice
 * again in this transaction.
 */
export async function moveInvoiceAmounts(
  manager: SqlManager,
  invoice: LockedInvoiceRow,
  change: { paid?: bigint; pending?: bigint }
): Promise<void> {
  const currency = invoice.currency_code
  const moved = moveInvoiceMoney(
    {
      status: invoice.status,
      total: minorFromValue(invoice.total, currency),
      paid: minorFromValue(invoice.amount_paid, currency),
      pending: minorFromValue(invoice.amount_pending, currency),
    },
    change
  )
  await updateInvoiceAmounts(manager, invoice.id, currency, moved)
  invoice.amount_paid = toMajor(moved.paid, currency)
  invoice.amount_pending = toMajor(moved.pending, currency)
  invoice.amount_due = toMajor(moved.due, currency)
  invoice.status = moved.status
}

/**
 * Raises `amount_pending` of locked invoices (status and amount due follow
 * what is paid, so nothing else moves), in one statement per 500 invoices.
 * The CHECK constraint on invoice refuses any over-reservation.
 */
export async function addPendingAmounts(
  manager: SqlManager,
  currency: string,
  additions: { invoice_id: string; amount: bigint }[]
): Promise<void> {
  const pending = moneyIncrement("i", "amount_pending", "v.amount")
  for (let i = 0; i < additions.length; i += 500) {
    const chunk = additions.slice(i, i + 500)
    await manager.execute(
      `UPDATE invoice AS i
            SET ${pending.sql},
                updated_at = now()
           FROM (VALUES ${chunk.map(() => "(?, ?::numeric)").join(", ")}) AS v(id, amount)
          WHERE i.id = v.id AND i.deleted_at IS NULL`,
      chunk.flatMap((a) => [a.invoice_id, moneyValue(a.amount, currency)])
    )
  }
}

/** Voids an invoice whose issue is undone: nothing paid, pending or due. */
export async function voidWithNothingDue(manager: SqlManager, id: string, currency: string, now: Date): Promise<void> {
  const set = joinSets([
    moneySet("amount_paid", 0n, currency),
    moneySet("amount_pending", 0n, currency),
    moneySet("amount_due", 0n, currency),
  ])
  await manager.execute(`UPDATE invoice SET ${set.sql}, status = 'void', voided_at = ?, updated_at = now() WHERE id = ?`, [
    ...set.params,
    now,
    id,
  ])
}

/**
 * A customer's invoices a payment may be allocated to: the unpaid ones in a
 * currency, or exactly `ids` (any status but draft), oldest-first.
 */
export async function selectAllocatableInvoices(
  manager: SqlManager,
  customerId: string,
  selector: { currency_code: string; ids?: string[] }
): Promise<AllocatableInvoice[]> {
  const ids = selector.ids
  const rows = await query<AllocatableInvoiceRow>(
    manager,
    `SELECT id, display_id, customer_id, currency_code, status, issued_at, due_at,
              total::text AS total, amount_paid::text AS amount_paid, amount_pending::text AS amount_pending
         FROM invoice
        WHERE customer_id = ? AND deleted_at IS NULL AND status <> 'draft'
          AND ${ids ? `id IN (${placeholders(ids)})` : "currency_code = ? AND status IN ('open', 'partially_paid')"}
        ORDER BY due_at ASC NULLS LAST, issued_at ASC NULLS LAST, display_id ASC`,
    [customerId, ...(ids ?? [selector.currency_code])]
  )
  return rows.map((row) => ({
    id: row.id,
    display_id: row.display_id,
    customer_id: row.customer_id,
    currency_code: row.currency_code,
    status: row.status,
    issued_at: row.issued_at ? new Date(row.issued_at) : null,
    due_at: row.due_at ? new Date(row.due_at) : null,
    total: minorFromValue(row.total, row.currency_code),
    amount_paid: minorFromValue(row.amount_paid, row.currency_code),
    amount_pending: minorFromValue(row.amount_pending, row.currency_code),
  }))
}

/**
 * A customer's payable invoices in one currency, oldest-first from the index,
 * with the payable amount computed exactly by PostgreSQL in integer minor
 * units and the dates as epoch milliseconds (no big-number or date strings
 * to decode).
 */
export async function selectPayableInvoices(
  manager: SqlManager,
  customerId: string,
  currencyCode: string
): Promise<PayableInvoice[]> {
  const columns = "id, display_id, (extract(epoch FROM due_at) * 1000)::float8 AS due_ms, (extract(epoch FROM issued_at) * 1000)::float8 AS issued_ms"
  const rows = await query<PayableInvoiceRow>(
    manager,
    `${payableInvoicesSql(currencyCode, columns)}
     ORDER BY due_at ASC NULLS LAST, issued_at ASC NULLS LAST, display_id ASC`,
    [customerId, currencyCode]
  )
  const invoices: PayableInvoice[] = new Array(rows.length)
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]
    invoices[i] = {
      id: row.id,
      display_id: row.display_id,
      customer_id: customerId,
      currency_code: currencyCode,
      issued_at: row.issued_ms === null ? null : new Date(row.issued_ms),
      due_at: row.due_ms === null ? null : new Date(row.due_ms),
      payable_minor: BigInt(row.payable_minor),
    }
  }
  return invoices
}

/**
 * A customer's payable invoices in one currency (open or partially paid, not
 * deleted) with what each can still take in integer minor units
 * (`payable_minor`: `amount_due − amount_pending` × 10^exponent, exact in
 * PostgreSQL); bind the customer id and the currency code. Filter on
 * `payable_minor > 0` outside it.
 */
function payableInvoicesSql(currencyCode: string, columns: string): string {
  const scale = 10n ** BigInt(currencyExponent(currencyCode))
  return `SELECT ${columns}, ((amount_due - amount_pending) * ${scale})::bigint AS payable_minor
            FROM invoice
           WHERE customer_id = ? AND currency_code = ? AND status IN ('open', 'partially_paid') AND deleted_at IS NULL`
}

/**
 * The payable window of DESIGN sec. 5's preview (`PayableWindow` in
 * src/domain/allocation.ts) without reading every payable invoice: the total
 * and count in one aggregate, and the oldest-first running sums from the
 * payable index (`IDX_invoice_payable_oldest_first`, in the allocation core's
 * order since invoice dates are whole milliseconds) streamed until the
 * `limit`-th invoice the payment reaches (PostgreSQL stops there: a window in
 * ROWS mode under a LIMIT). A customer with 5,000 open invoices costs one
 * index-only aggregate and ~`limit` rows, not 5,000 rows in Node (when the
 * LIMIT is reached; a small fixed amount or a credit covering most invoices
 * reads further). The statements must see one snapshot: the service runs
 * them in one REPEATABLE READ transaction.
 */
export async function selectPayableWindow(
  manager: SqlManager,
  customerId: string,
  currencyCode: string,
  window: PayableWindowQuery
): Promise<PayableWindow> {
  if (!(window.limit >= 1) || (window.credit > 0n && window.cap !== null)) {
    // a programming error, not a customer's: the routes bound the limit, and only total_balance has credit
    throw new Error(`selectPayableWindow: limit must be ≥ 1 and credit and cap exclusive (${window.limit}, ${window.credit}, ${window.cap})`)
  }
  const payable = payableInvoicesSql(currencyCode, "id, display_id, due_at, issued_at")
  const running = `SELECT id, display_id, due_at, issued_at, payable_minor,
                          sum(payable_minor) OVER (ORDER BY due_at ASC NULLS LAST, issued_at ASC NULLS LAST, display_id ASC
                                                   ROWS UNBOUNDED PRECEDING) AS run_end
                     FROM (${payable}) i
                    WHERE payable_minor > 0`
  const credit = window.credit.toString()
  const cap = window.cap === null ? null : window.cap.toString()
  const capFilter = cap === null ? "" : "WHERE run_end - payable_minor < ?::numeric"
  const prefix = (count: number) =>
    query<{ id: string; display_id: number; payable_minor: string; run_end: string }>(
      manager,
      `SELECT id, display_id, payable_minor::text AS payable_minor, run_end::text AS run_end
         FROM (${running}) s ${capFilter}
        ORDER BY due_at ASC NULLS LAST, issued_at ASC NULLS LAST, display_id ASC
        LIMIT ?`,
      [customerId, currencyCode, ...(cap === null ? [] : [cap]), count]
    )
  const totalsQuery = query<{ total: string; n: number }>(
    manager,
    `SELECT coalesce(sum(payable_minor), 0)::text AS total, count(*)::int AS n FROM (${payable}) i WHERE payable_minor > 0`,
    [customerId, currencyCode]
  )

  // The first `limit` rows usually hold everything (no credit to use up
  // first); otherwise read a longer prefix until `limit` invoices are paid.
  let fetch = window.limit
  const [[totals], firstRows] = await Promise.all([totalsQuery, prefix(fetch)])
  let rows = firstRows
  const isPaid = (row: { run_end: string }) => BigInt(row.run_end) > window.credit
  for (;;) {
    const paid = rows.reduce((n, row) => n + (isPaid(row) ? 1 : 0), 0)
    if (paid >= window.limit || rows.length < fetch) break
    fetch *= 4
    rows = await prefix(fetch)
  }
  const exhausted = rows.length < fetch
  const out: PayableWindow["rows"] = []
  let paid = 0
  let fromCreditOnly = 0
  for (const row of rows) {
    const end = BigInt(row.run_end)
    if (end > window.credit) paid++
    else fromCreditOnly++
    out.push({ invoice_id: row.id, display_id: row.display_id, payable: BigInt(row.payable_minor), end })
    if (paid === window.limit) break
  }
  let payCount: number
  if (cap === null) {
    // every invoice the credit pays in full comes before the first the payment reaches
    payCount = totals.n - fromCreditOnly
  } else if (exhausted) {
    payCount = paid
  } else {
    const [{ count }] = await query<{ count: number }>(
      manager,
      `SELECT count(*)::int AS count FROM (${running}) s WHERE run_end - payable_minor < ?::numeric AND run_end > ?::numeric`,
      [customerId, currencyCode, cap, credit]
    )
    payCount = count
  }
  return { total: BigInt(totals.total), rows: out, pay_count: payCount }
}

/**
 * What a total_balance or fixed_amount preview of the whole account reads:
 * with `withCredit` (total_balance) the customer's unapplied credit, and the
 * payable window that credit implies (a fixed amount uses no credit). The
 * credit decides how far the window reaches, so both must come from one
 * state of the account: run this in one snapshot (the service does).
 */
export async function selectCreditAndPayableWindow(
  manager: SqlManager,
  customerId: string,
  currencyCode: string,
  { withCredit, cap, limit }: { withCredit: boolean; cap: bigint | null; limit: number }
): Promise<{ credit: bigint; window: PayableWindow }> {
  const credit = withCredit ? minorFromValue(await sumCustomerCredit(manager, customerId, currencyCode), currencyCode) : 0n
  const window = await selectPayableWindow(manager, customerId, currencyCode, { credit: credit > 0n ? credit : 0n, cap, limit })
  return { credit, window }
}

/**
 * What a current_charges preview needs (`LatestPayable`): the payable total
 * and the most recently issued payable invoice, read from the
 * (issued_at DESC, display_id DESC) payable index — one row, not every
 * payable invoice. Two statements: run them in one snapshot (the service does).
 */
export async function selectLatestPayable(manager: SqlManager, customerId: string, currencyCode: string): Promise<LatestPayable> {
  const payable = payableInvoicesSql(currencyCode, "id, display_id, issued_at")
  const [[totals], [latest]] = await Promise.all([
    query<{ total: string }>(manager, `SELECT coalesce(sum(payable_minor), 0)::text AS total FROM (${payable}) i WHERE payable_minor > 0`, [
      customerId,
      currencyCode,
    ]),
    query<{ id: string; display_id: number; payable_minor: string }>(
      manager,
      `SELECT id, display_id, payable_minor::text AS payable_minor FROM (${payable}) i
        WHERE payable_minor > 0 ORDER BY issued_at DESC NULLS LAST, display_id DESC LIMIT 1`,
      [customerId, currencyCode]
    ),
  ])
  return {
    total: BigInt(totals.total),
    latest: latest ? { invoice_id: latest.id, display_id: latest.display_id, payable: BigInt(latest.payable_minor) } : null,
  }
}

/** The WHERE clause of the store's invoice list (every filter on the customer's indexes). */
function invoicePageWhere(filter: InvoicePageFilter): { sql: string; params: unknown[] } {
  const where: string[] = ["deleted_at IS NULL", "customer_id = ?"]
  const params: unknown[] = [filter.customer_id]
  if (filter.status?.length) {
    where.push(`status IN (${placeholders(filter.status)})`)
    params.push(...filter.status)
  }
  if (filter.currency_code) {
    where.push("currency_code = ?")
    params.push(filter.currency_code)
  }
  if (filter.display_id !== undefined) {
    where.push("display_id = ?")
    params.push(filter.display_id)
  }
  if (filter.notes_ilike) {
    where.push("notes ILIKE ?")
    params.push(filter.notes_ilike)
  }
  for (const field of ["due_at", "issued_at", "created_at"] as const) {
    for (const [op, sql] of [["$gte", ">="], ["$gt", ">"], ["$lte", "<="], ["$lt", "<"]] as const) {
      const value = filter[field]?.[op]
      if (value !== undefined) {
        where.push(`${field} ${sql} ?`)
        params.push(value)
      }
    }
  }
  return { sql: where.join(" AND "), params }
}

/**
 * One page of a customer's invoices and the total count: two plain queries
 * on the (customer, …) indexes. `order` is a checked invoice order field;
 * PostgreSQL's default null ordering, so a backward index scan serves
 * "newest first".
 */
export async function selectInvoicePage(
  manager: SqlManager,
  filter: InvoicePageFilter,
  page: { field: InvoiceOrderField; descending: boolean; offset: number; limit: number }
): Promise<[InvoicePageRow[], number]> {
  const direction = page.descending ? "DESC" : "ASC"
  // Qualified: the select list has text aliases of the same names.
  const orderBy =
    page.field === "display_id"
      ? `invoice.display_id ${direction}`
      : `invoice.${page.field} ${direction}, invoice.display_id ${direction}`
  const where = invoicePageWhere(filter)
  const [rows, [{ count }]] = await Promise.all([
    query<InvoicePageRow>(
      manager,
      `SELECT id, display_id, customer_id, currency_code, status, issued_at, due_at,
                subtotal::text AS subtotal, tax_total::text AS tax_total, total::text AS total,
                amount_paid::text AS amount_paid, amount_pending::text AS amount_pending,
                amount_due::text AS amount_due, order_id, notes, created_at, updated_at
           FROM invoice WHERE ${where.sql}
          ORDER BY ${orderBy} LIMIT ? OFFSET ?`,
      [...where.params, page.limit, page.offset]
    ),
    query<{ count: number }>(manager, `SELECT count(*)::int AS count FROM invoice WHERE ${where.sql}`, where.params),
  ])
  return [rows, count]
}
