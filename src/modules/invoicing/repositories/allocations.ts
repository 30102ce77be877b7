import { generateEntityId } from "@medusajs/framework/utils"
import { moneyValue, placeholders, query, type SqlManager } from "./sql"

/** An allocation's invoice and amount (exact major-unit text). */
export type AllocationAmountRow = { invoice_id: string; amount: string }

/** An allocation row with its id. */
export type AllocationRow = AllocationAmountRow & { id: string }

/** An applied allocation of an invoice with its payment's unapplied amount, both locked. */
export type InvoiceAllocationRow = { id: string; customer_payment_id: string; amount: string; unapplied: string }

/**
 * Moves a payment's `reserved` allocations to `applied` or `released` in one
 * statement; returns what they were, in invoice-id order.
 */
export async function settleReservedAllocations(
  manager: SqlManager,
  paymentId: string,
  status: "applied" | "released"
): Promise<AllocationAmountRow[]> {
  const rows = await query<AllocationAmountRow>(
    manager,
    `UPDATE payment_allocation SET status = ?, updated_at = now()
            WHERE customer_payment_id = ? AND status = 'reserved' AND deleted_at IS NULL
            RETURNING invoice_id, amount::text AS amount`,
    [status, paymentId]
  )
  return rows.sort((a, b) => (a.invoice_id < b.invoice_id ? -1 : a.invoice_id > b.invoice_id ? 1 : 0))
}

/** A payment's released reservations, summed per invoice, in invoice-id order. */
export async function selectReleasedByInvoice(manager: SqlManager, paymentId: string): Promise<AllocationAmountRow[]> {
  return await query<AllocationAmountRow>(
    manager,
    `SELECT invoice_id, SUM(amount)::text AS amount FROM payment_allocation
        WHERE customer_payment_id = ? AND status = 'released' AND deleted_at IS NULL
        GROUP BY invoice_id ORDER BY invoice_id`,
    [paymentId]
  )
}

/** Locks an invoice's applied allocations and their payments (payment-id order). */
export async function lockAppliedAllocationsOfInvoice(manager: SqlManager, invoiceId: string): Promise<InvoiceAllocationRow[]> {
  return await query<InvoiceAllocationRow>(
    manager,
    `SELECT a.id, a.customer_payment_id, a.amount::text AS amount, p.unapplied_amount::text AS unapplied
         FROM payment_allocation a JOIN customer_payment p ON p.id = a.customer_payment_id
        WHERE a.invoice_id = ? AND a.status = 'applied' AND a.deleted_at IS NULL
        ORDER BY a.customer_payment_id
          FOR UPDATE OF a, p`,
    [invoiceId]
  )
}

export async function releaseAllocations(manager: SqlManager, ids: string[]): Promise<void> {
  await manager.execute(
    `UPDATE payment_allocation SET status = 'released', updated_at = now()
          WHERE id IN (${placeholders(ids)})`,
    ids
  )
}

/** A payment's applied allocations, most recently due invoice first (what a refund takes back first). */
export async function selectAppliedForRefund(manager: SqlManager, paymentId: string): Promise<AllocationRow[]> {
  return await query<AllocationRow>(
    manager,
    `SELECT a.id, a.invoice_id, a.amount::text AS amount FROM payment_allocation a
           JOIN invoice i ON i.id = a.invoice_id
          WHERE a.customer_payment_id = ? AND a.status = 'applied' AND a.deleted_at IS NULL
          ORDER BY i.due_at DESC NULLS FIRST, i.issued_at DESC NULLS FIRST, i.display_id DESC`,
    [paymentId]
  )
}

/** A payment's applied allocations, in invoice-id order. */
export async function selectAppliedOfPayment(manager: SqlManager, paymentId: string): Promise<AllocationRow[]> {
  return await query<AllocationRow>(
    manager,
    `SELECT id, invoice_id, amount::text AS amount FROM payment_allocation
        WHERE customer_payment_id = ? AND status = 'applied' AND deleted_at IS NULL ORDER BY invoice_id`,
    [paymentId]
  )
}

/**
 * Inserts a payment's allocations, all in one status, in one statement (the
 * columns the ORM's create writes; ids as the model generates them).
 */
export async function insertAllocations(
  manager: SqlManager,
  paymentId: string,
  currency: string,
  allocations: { invoice_id: string; amount: bigint }[],
  status: "reserved" | "applied",
  createdAt: Date
): Promise<void> {
  if (!allocations.length) return
  const params: unknown[] = []
  for (const a of allocations) {
    const amount = moneyValue(a.amount, currency)
    params.push(generateEntityId(undefined, "palloc"), amount, JSON.stringify({ value: amount, precision: 20 }), status, paymentId, a.invoice_id, createdAt, createdAt)
  }
  await manager.execute(
    `INSERT INTO payment_allocation (id, amount, raw_amount, status, customer_payment_id, invoice_id, created_at, updated_at)
     VALUES ${allocations.map(() => "(?, ?::numeric, ?::jsonb, ?, ?, ?, ?, ?)").join(", ")}`,
    params
  )
}
