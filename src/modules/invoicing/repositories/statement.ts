import { query, queryOne, type SqlManager } from "./sql"

/** A ledger entry as a statement reads it; money as exact major-unit decimal text. */
export type StatementLedgerRow = {
  id: string
  sequence: number
  type: string
  amount: string
  /** the running balance in posting order, as stored */
  balance_after: string
  reference_type: string
  reference_id: string
  description: string | null
  occurred_at: Date
}

/** A point in the ledger's date order: entries sort by `occurred_at`, then by posting `sequence`. */
export type LedgerPoint = { occurred_at: Date; sequence: number }

const ENTRY_COLUMNS = `id, sequence, type, amount::text AS amount, balance_after::text AS balance_after,
       reference_type, reference_id, description, occurred_at`

/** The currencies a customer has ledger entries in, alphabetically. */
export async function selectLedgerCurrencies(manager: SqlManager, customerId: string): Promise<string[]> {
  const rows = await query<{ currency_code: string }>(
    manager,
    `SELECT DISTINCT currency_code FROM ledger_entry
      WHERE customer_id = ? AND deleted_at IS NULL ORDER BY currency_code`,
    [customerId]
  )
  return rows.map((r) => r.currency_code)
}

/**
 * What the customer owed just before `before` (exact text): the sum of the
 * amounts of every earlier entry. With entries posted in date order this is
 * the `balance_after` of the last one; unlike that, it stays right when an
 * entry was posted with an earlier date (an invoice issued with a past
 * `issued_at`, a check recorded as received last week).
 */
export async function selectBalanceBefore(
  manager: SqlManager,
  customerId: string,
  currencyCode: string,
  before: Date
): Promise<string> {
  const row = await queryOne<{ balance: string }>(
    manager,
    `SELECT COALESCE(SUM(amount), 0)::text AS balance FROM ledger_entry
      WHERE customer_id = ? AND currency_code = ? AND occurred_at < ? AND deleted_at IS NULL`,
    [customerId, currencyCode, before]
  )
  return row?.balance ?? "0"
}

/**
 * The latest entry at or before `to`, in date order, after which the
 * customer owed exactly nothing; undefined when the balance has not been
 * zero since the first entry.
 */
export async function selectLastZeroPoint(
  manager: SqlManager,
  customerId: string,
  currencyCode: string,
  to: Date
): Promise<LedgerPoint | undefined> {
  return await queryOne<LedgerPoint>(
    manager,
    `SELECT occurred_at, sequence FROM (
         SELECT occurred_at, sequence,
                SUM(amount) OVER (ORDER BY occurred_at, sequence ROWS UNBOUNDED PRECEDING) AS running
           FROM ledger_entry
          WHERE customer_id = ? AND currency_code = ? AND occurred_at <= ? AND deleted_at IS NULL
       ) AS ledger
      WHERE running = 0
      ORDER BY occurred_at DESC, sequence DESC
      LIMIT 1`,
    [customerId, currencyCode, to]
  )
}

/**
 * The entries of a period in date order (`occurred_at`, then `sequence`):
 * from `from` (inclusive) or strictly after the point `after`, up to `to`
 * (inclusive); everything up to `to` when neither is given.
 */
export async function selectStatementEntries(
  manager: SqlManager,
  customerId: string,
  currencyCode: string,
  bounds: { from?: Date | null; after?: LedgerPoint | null; to: Date }
): Promise<StatementLedgerRow[]> {
  const where = ["customer_id = ?", "currency_code = ?", "occurred_at <= ?", "deleted_at IS NULL"]
  const params: unknown[] = [customerId, currencyCode, bounds.to]
  if (bounds.from) {
    where.push("occurred_at >= ?")
    params.push(bounds.from)
  }
  if (bounds.after) {
    where.push("(occurred_at, sequence) > (?::timestamptz, ?)")
    params.push(bounds.after.occurred_at, bounds.after.sequence)
  }
  return await query<StatementLedgerRow>(
    manager,
    `SELECT ${ENTRY_COLUMNS} FROM ledger_entry WHERE ${where.join(" AND ")} ORDER BY occurred_at, sequence`,
    params
  )
}
