import { newId } from "../../../utils/ids"
import { queryOne, type SqlManager } from "./sql"

/**
 * The webhook inbox (billing_webhook_event) in plain statements: a provider
 * may send hundreds of events a second, and each is stored before it is
 * answered and processed after (DESIGN sec. 6). One statement per step, no
 * ORM unit of work: storing is one INSERT, claiming an attempt one UPDATE …
 * RETURNING, finishing one UPDATE.
 */

/** `pending`: left for processing (`false`: finished as it was stored, or an earlier delivery's row). */
export type StoredWebhookEvent = { id: string; created: boolean; pending: boolean }

/**
 * Stores an event once per (provider, event id): the unique index decides,
 * so concurrent redeliveries (on any instance) store it once and learn the
 * stored row's id.
 *
 * `transaction_id` is the provider transaction the event is about, or null
 * for an event the billing ledger does not act on. An event that names no
 * payment of ours (none, or a transaction no customer payment has: a Stripe
 * account shared with Medusa's own checkout sends those too) is stored
 * already processed, with its one attempt — in the same statement, so such
 * an event costs one statement and nothing after its answer.
 */
export async function insertWebhookEvent(
  manager: SqlManager,
  input: { provider: string; event_id: string; type: string; payload: Record<string, unknown>; received_at: Date; transaction_id: string | null }
): Promise<StoredWebhookEvent> {
  const inserted = await queryOne<{ id: string; pending: boolean }>(
    manager,
    `INSERT INTO billing_webhook_event (id, provider, event_id, type, payload, received_at, attempts, processed_at, created_at, updated_at)
     SELECT ?, ?, ?, ?, ?::jsonb, ?,
            CASE WHEN ours.id IS NULL THEN 1 ELSE 0 END, CASE WHEN ours.id IS NULL THEN now() END, now(), now()
       FROM (SELECT 1) one
       LEFT JOIN LATERAL (
         SELECT id FROM customer_payment WHERE transaction_id = ?::text AND deleted_at IS NULL LIMIT 1
       ) ours ON true
     ON CONFLICT (provider, event_id) WHERE deleted_at IS NULL DO NOTHING
     RETURNING id, processed_at IS NULL AS pending`,
    [newId("bwhe"), input.provider, input.event_id, input.type, JSON.stringify(input.payload), input.received_at, input.transaction_id]
  )
  if (inserted) return { id: inserted.id, created: true, pending: inserted.pending }
  const existing = await queryOne<{ id: string }>(
    manager,
    `SELECT id FROM billing_webhook_event WHERE provider = ? AND event_id = ? AND deleted_at IS NULL`,
    [input.provider, input.event_id]
  )
  if (!existing) throw new Error(`billing_webhook_event ${input.provider}/${input.event_id}: neither inserted nor found`)
  return { id: existing.id, created: false, pending: false }
}

export type ClaimedWebhookEvent = { id: string; payload: Record<string, unknown>; attempts: number }

/**
 * Counts one more processing attempt of an unprocessed event and returns it
 * (`attempts` includes this one); `null` when it was already processed,
 * `undefined` when there is no such event.
 */
export async function claimWebhookEvent(manager: SqlManager, id: string): Promise<ClaimedWebhookEvent | null | undefined> {
  const claimed = await queryOne<ClaimedWebhookEvent>(
    manager,
    `UPDATE billing_webhook_event SET attempts = attempts + 1, updated_at = now()
      WHERE id = ? AND processed_at IS NULL AND deleted_at IS NULL
      RETURNING id, payload, attempts`,
    [id]
  )
  if (claimed) return claimed
  const exists = await queryOne<{ id: string }>(manager, `SELECT id FROM billing_webhook_event WHERE id = ? AND deleted_at IS NULL`, [id])
  return exists ? null : undefined
}

/** Marks an event processed (`error` null) or records why an attempt failed (it stays unprocessed for the reconciler). */
export async function finishWebhookEvent(manager: SqlManager, id: string, error: string | null): Promise<void> {
  if (error === null) {
    await manager.execute(
      `UPDATE billing_webhook_event SET processed_at = now(), last_error = NULL, updated_at = now() WHERE id = ?`,
      [id]
    )
  } else {
    await manager.execute(`UPDATE billing_webhook_event SET last_error = ?, updated_at = now() WHERE id = ?`, [error, id])
  }
}
