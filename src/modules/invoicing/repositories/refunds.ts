import { query, queryOne, type SqlManager } from "./sql"

export type RefundStatusRow = { status: string }
export type RefundKeyRow = { id: string; request_hash: string | null }

/** The status of a refund of this payment, or undefined when the payment has no such refund. */
export async function selectRefundStatus(manager: SqlManager, refundId: string, paymentId: string): Promise<string | undefined> {
  const row = await queryOne<RefundStatusRow>(
    manager,
    `SELECT status FROM customer_payment_refund
          WHERE id = ? AND customer_payment_id = ? AND deleted_at IS NULL`,
    [refundId, paymentId]
  )
  return row?.status
}

export async function selectRefundByIdempotencyKey(manager: SqlManager, key: string): Promise<RefundKeyRow | undefined> {
  return await queryOne<RefundKeyRow>(
    manager,
    `SELECT id, request_hash FROM customer_payment_refund WHERE idempotency_key = ? AND deleted_at IS NULL`,
    [key]
  )
}

/** What a payment's refunds still pending add up to (major units, exact text). */
export async function sumPendingRefunds(manager: SqlManager, paymentId: string): Promise<string> {
  const [row] = await query<{ amount: string }>(
    manager,
    `SELECT COALESCE(SUM(amount), 0)::text AS amount FROM customer_payment_refund
        WHERE customer_payment_id = ? AND status = 'pending' AND deleted_at IS NULL`,
    [paymentId]
  )
  return row.amount
}

export type ConfirmedRefundRow = { id: string; amount: string; reason: string | null; created_at: Date }

/**
 * A payment's refunds that the provider has made (they carry its refund id)
 * but the ledger has not recorded yet, oldest first, locked: the money is
 * back with the customer already.
 */
export async function lockProviderConfirmedPendingRefunds(manager: SqlManager, paymentId: string): Promise<ConfirmedRefundRow[]> {
  return await query<ConfirmedRefundRow>(
    manager,
    `SELECT id, amount::text AS amount, reason, created_at FROM customer_payment_refund
        WHERE customer_payment_id = ? AND status = 'pending' AND provider_refund_id IS NOT NULL
          AND deleted_at IS NULL
        ORDER BY created_at, id FOR UPDATE`,
    [paymentId]
  )
}
