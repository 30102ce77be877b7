/**
 * The pay_link table's SQL (DESIGN sec. 15), with typed rows. The service
 * composes these inside its transactions; nothing here opens one.
 */

/** What a query runner needs: MikroORM's entity manager `execute`. */
export type SqlManager = { execute: (sql: string, params?: unknown[]) => Promise<any[]> }

/** A pay link as the module answers it (never the token, never its hash). */
export type PayLinkRow = {
  id: string
  customer_id: string
  currency_code: string
  invoice_ids: string[]
  expires_at: Date
  revoked_at: Date | null
  last_used_at: Date | null
  created_at: Date
}

const COLUMNS = "id, customer_id, currency_code, invoice_ids, expires_at, revoked_at, last_used_at, created_at"

const placeholders = (values: readonly unknown[]) => values.map(() => "?").join(", ")
/** `jsonb_exists_any` is the `?|` operator, which a `?`-placeholder query cannot spell. */
const overlaps = (ids: readonly string[]) => `jsonb_exists_any(invoice_ids, ARRAY[${placeholders(ids)}]::text[])`

const date = (value: unknown) => (value == null ? null : value instanceof Date ? value : new Date(value as string))

export function toPayLinkRow(row: any): PayLinkRow {
  const ids = typeof row.invoice_ids === "string" ? JSON.parse(row.invoice_ids) : row.invoice_ids
  return {
    id: row.id,
    customer_id: row.customer_id,
    currency_code: row.currency_code,
    invoice_ids: Array.isArray(ids) ? ids.map(String) : [],
    expires_at: date(row.expires_at)!,
    revoked_at: date(row.revoked_at),
    last_used_at: date(row.last_used_at),
    created_at: date(row.created_at)!,
  }
}

/** Serialises link writes for one customer until the transaction ends. */
export async function lockCustomerPayLinks(manager: SqlManager, customerId: string): Promise<void> {
  await manager.execute("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", [`billing-pay-link:${customerId}`])
}

/** Revokes the customer's links that pay any of these invoices and are not revoked yet; their ids. */
export async function revokeLinksForInvoices(
  manager: SqlManager,
  customerId: string,
  invoiceIds: readonly string[],
  now: Date
): Promise<string[]> {
  if (!invoiceIds.length) return []
  const rows: { id: string }[] = await manager.execute(
    `UPDATE pay_link SET revoked_at = ?, updated_at = ?
      WHERE customer_id = ? AND revoked_at IS NULL AND deleted_at IS NULL AND ${overlaps(invoiceIds)}
      RETURNING id`,
    [now, now, customerId, ...invoiceIds]
  )
  return rows.map((r) => r.id)
}

/** Whether the customer's link is still open (not revoked, not deleted). */
export async function isOpenLink(manager: SqlManager, customerId: string, id: string): Promise<boolean> {
  const [row] = await manager.execute(
    "SELECT 1 AS open FROM pay_link WHERE id = ? AND customer_id = ? AND revoked_at IS NULL AND deleted_at IS NULL",
    [id, customerId]
  )
  return !!row
}

export async function insertPayLink(
  manager: SqlManager,
  row: { id: string; customer_id: string; currency_code: string; invoice_ids: string[]; token_hash: string; expires_at: Date; now: Date }
): Promise<PayLinkRow> {
  const [created] = await manager.execute(
    `INSERT INTO pay_link (id, customer_id, currency_code, invoice_ids, token_hash, expires_at, created_at, updated_at)
     VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?)
     RETURNING ${COLUMNS}`,
    [row.id, row.customer_id, row.currency_code, JSON.stringify(row.invoice_ids), row.token_hash, row.expires_at, row.now, row.now]
  )
  return toPayLinkRow(created)
}

/** Deletes a link; the customer it belonged to, or null when it was gone already. */
export async function deletePayLink(manager: SqlManager, id: string): Promise<string | null> {
  const [row]: { customer_id: string }[] = await manager.execute("DELETE FROM pay_link WHERE id = ? RETURNING customer_id", [id])
  return row?.customer_id ?? null
}

/** The customer a link belongs to, or null. */
export async function selectPayLinkCustomer(manager: SqlManager, id: string): Promise<string | null> {
  const [row]: { customer_id: string }[] = await manager.execute("SELECT customer_id FROM pay_link WHERE id = ?", [id])
  return row?.customer_id ?? null
}

/**
 * Reopens links a rotation revoked at `revokedAt` — each only while no other
 * open link pays any of its invoices (a newer rotation won meanwhile).
 */
export async function unrevokeLinks(manager: SqlManager, ids: readonly string[], revokedAt: Date): Promise<void> {
  if (!ids.length) return
  await manager.execute(
    `UPDATE pay_link p SET revoked_at = NULL
      WHERE p.id IN (${placeholders(ids)}) AND p.revoked_at = ? AND p.deleted_at IS NULL
        AND NOT EXISTS (
          SELECT 1 FROM pay_link o
           WHERE o.customer_id = p.customer_id AND o.id <> p.id AND o.revoked_at IS NULL AND o.deleted_at IS NULL
             AND jsonb_exists_any(o.invoice_ids, ARRAY(SELECT jsonb_array_elements_text(p.invoice_ids))))`,
    [...ids, revokedAt]
  )
}

export async function selectByTokenHash(manager: SqlManager, tokenHash: string): Promise<PayLinkRow | null> {
  const [row] = await manager.execute(`SELECT ${COLUMNS} FROM pay_link WHERE token_hash = ? AND deleted_at IS NULL`, [
    tokenHash,
  ])
  return row ? toPayLinkRow(row) : null
}

/** The customer's open (not revoked) link that pays this invoice, newest first; null when there is none. */
export async function selectOpenLinkForInvoice(manager: SqlManager, customerId: string, invoiceId: string): Promise<PayLinkRow | null> {
  const [row] = await manager.execute(
    `SELECT ${COLUMNS} FROM pay_link
      WHERE customer_id = ? AND revoked_at IS NULL AND deleted_at IS NULL AND ${overlaps([invoiceId])}
      ORDER BY created_at DESC LIMIT 1`,
    [customerId, invoiceId]
  )
  return row ? toPayLinkRow(row) : null
}

/** Sets `last_used_at`; answers what it was before (null also when there is no such link). */
export async function updateLastUsed(manager: SqlManager, id: string, at: Date): Promise<{ found: boolean; previous: Date | null }> {
  const [row] = await manager.execute(
    `UPDATE pay_link n SET last_used_at = ?
       FROM pay_link o WHERE n.id = o.id AND n.id = ? AND n.deleted_at IS NULL
     RETURNING o.last_used_at AS previous`,
    [at, id]
  )
  return { found: !!row, previous: row ? date(row.previous) : null }
}

/** Puts `last_used_at` back to `previous`, unless a later use has set it since `at`. */
export async function restoreLastUsed(manager: SqlManager, id: string, previous: Date | null, at: Date): Promise<void> {
  await manager.execute("UPDATE pay_link SET last_used_at = ? WHERE id = ? AND last_used_at = ?", [previous, id, at])
}

/** When the newest link (any state) paying any of these invoices was made. */
export async function selectNewestCreatedAt(
  manager: SqlManager,
  customerId: string,
  invoiceIds: readonly string[]
): Promise<Date | null> {
  if (!invoiceIds.length) return null
  const [row] = await manager.execute(
    `SELECT max(created_at) AS newest FROM pay_link
      WHERE customer_id = ? AND deleted_at IS NULL AND ${overlaps(invoiceIds)}`,
    [customerId, ...invoiceIds]
  )
  return date(row?.newest)
}
