import { query, trimDecimal, type SqlManager } from "./sql"

/** The last `balance_after` of a customer's ledger in a currency (major units, exact text), or null when empty. */
export async function selectLastBalance(
  manager: SqlManager,
  customerId: string,
  currencyCode: string
): Promise<string | null> {
  const [last] = await query<{ balance_after: string }>(
    manager,
    `SELECT balance_after FROM ledger_entry
      WHERE customer_id = ? AND currency_code = ? AND deleted_at IS NULL
      ORDER BY sequence DESC LIMIT 1`,
    [customerId, currencyCode]
  )
  return last ? String(last.balance_after) : null
}

/** A ledger entry to append; money as exact major-unit decimal text. */
export type LedgerEntryRow = {
  id: string
  customer_id: string
  currency_code: string
  type: string
  amount: string
  balance_after: string
  reference_type: string
  reference_id: string
  description: string | null
  occurred_at: Date
}

/**
 * Appends one entry (`sequence` from its column default), with the columns the
 * ORM's create writes: trimmed big numbers and their `raw_` twins.
 */
export async function insertLedgerEntry(manager: SqlManager, row: LedgerEntryRow): Promise<void> {
  const amount = trimDecimal(row.amount)
  const balance = trimDecimal(row.balance_after)
  const now = new Date()
  await manager.execute(
    `INSERT INTO ledger_entry
       (id, customer_id, currency_code, type, amount, raw_amount, balance_after, raw_balance_after,
        reference_type, reference_id, description, occurred_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?::numeric, ?::jsonb, ?::numeric, ?::jsonb, ?, ?, ?, ?, ?, ?)`,
    [
      row.id,
      row.customer_id,
      row.currency_code,
      row.type,
      amount,
      JSON.stringify({ value: amount, precision: 20 }),
      balance,
      JSON.stringify({ value: balance, precision: 20 }),
      row.reference_type,
      row.reference_id,
      row.description,
      row.occurred_at,
      now,
      now,
    ]
  )
}
