import { query, type SqlManager } from "./sql"

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
