import { query, type SqlManager } from "./sql"

/**
 * The customer's transaction-scoped advisory lock (the one reservePayment_
 * takes). Every transaction that moves credit takes it before any row lock,
 * so two of them for one customer serialise instead of locking invoices and
 * credit-carrying payments in opposite orders.
 */
export async function lockCustomer(manager: SqlManager, customerId: string): Promise<void> {
  await manager.execute("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", [`billing-customer:${customerId}`])
}

/** lockCustomer for the customer of an invoice or payment (read without a row lock: it never changes). */
export async function lockCustomerOf(manager: SqlManager, table: "invoice" | "customer_payment", id: string): Promise<void> {
  const [row] = await query<{ customer_id: string }>(
    manager,
    `SELECT customer_id FROM ${table} WHERE id = ? AND deleted_at IS NULL`,
    [id]
  )
  if (row) await lockCustomer(manager, row.customer_id)
}

/**
 * The ledger's transaction-scoped advisory locks, one per `customer:currency`
 * key, taken in the order given (callers sort the keys).
 */
export async function lockLedgers(manager: SqlManager, keys: string[]): Promise<void> {
  for (const key of keys) {
    await manager.execute("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", [`billing-ledger:${key}`])
  }
}
