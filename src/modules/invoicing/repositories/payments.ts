import { MedusaError } from "@medusajs/framework/utils"
import type { PaymentStatus } from "../../../domain/payment-state"
import { lockCustomerOf } from "./locks"
import { moneySet, moneyValue, placeholders, query, queryOne, type SqlFragment, type SqlManager } from "./sql"

/** A payment under its idempotency key: what a retried reservation answers with. */
export type IdempotentPaymentRow = { id: string; request_hash: string | null; amount: string; currency_code: string }

/** A payment carrying unapplied credit, locked; `unapplied` is exact major-unit text. */
export type CreditPaymentRow = { id: string; unapplied: string; completed_at: Date | null; created_at: Date }

/** A payment read under its row lock; money as exact major-unit decimal text. */
export type LockedPaymentRow = {
  id: string
  customer_id: string
  currency_code: string
  status: PaymentStatus
  amount: string
  refunded_amount: string
  unapplied_amount: string
  metadata: Record<string, unknown> | null
  failure_reason: string | null
  transaction_id: string | null
  payment_collection_id: string | null
  provider_id: string | null
  /** a return or dispute that arrived before the success it undoes */
  deferred_reversal_reason: string | null
  deferred_reversal_at: Date | null
}

/** The provider references an outcome may bring. */
export type PaymentReferenceKey = "transaction_id" | "payment_collection_id" | "provider_id"

export async function selectPaymentByIdempotencyKey(
  manager: SqlManager,
  customerId: string,
  idempotencyKey: string
): Promise<IdempotentPaymentRow | undefined> {
  return await queryOne<IdempotentPaymentRow>(
    manager,
    `SELECT id, request_hash, amount::text AS amount, currency_code FROM customer_payment
          WHERE customer_id = ? AND idempotency_key = ? AND deleted_at IS NULL`,
    [customerId, idempotencyKey]
  )
}

export type ProviderEventPaymentRow = { id: string; method: string; payment_collection_id: string | null; provider_id: string | null }

/** The payment a provider event names by its transaction (the PaymentIntent), or undefined. */
export async function selectPaymentByTransaction(manager: SqlManager, transactionId: string): Promise<ProviderEventPaymentRow | undefined> {
  return await queryOne<ProviderEventPaymentRow>(
    manager,
    `SELECT id, method, payment_collection_id, provider_id FROM customer_payment
      WHERE transaction_id = ? AND deleted_at IS NULL
      LIMIT 1`,
    [transactionId]
  )
}

/** Locks (`FOR UPDATE`) and reads one payment; 404 when there is none. */
export async function lockPayment(manager: SqlManager, id: string): Promise<LockedPaymentRow> {
  const payment = await queryOne<LockedPaymentRow>(
    manager,
    `SELECT id, customer_id, currency_code, status, amount::text AS amount,
              refunded_amount::text AS refunded_amount, unapplied_amount::text AS unapplied_amount,
              metadata, failure_reason, transaction_id, payment_collection_id, provider_id,
              deferred_reversal_reason, deferred_reversal_at
         FROM customer_payment WHERE id = ? AND deleted_at IS NULL FOR UPDATE`,
    [id]
  )
  if (!payment) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Payment with id: ${id} was not found`)
  }
  return payment
}

/** The payment's customer lock (lockCustomerOf), then the payment's row lock: the order every credit-moving transaction keeps. */
export async function lockCustomerThenPayment(manager: SqlManager, id: string): Promise<LockedPaymentRow> {
  await lockCustomerOf(manager, "customer_payment", id)
  return await lockPayment(manager, id)
}

/** Locks (id order) a customer's succeeded payments in a currency that still carry unapplied credit. */
export async function lockCreditPayments(
  manager: SqlManager,
  customerId: string,
  currencyCode: string
): Promise<CreditPaymentRow[]> {
  return await query<CreditPaymentRow>(
    manager,
    `SELECT id, unapplied_amount::text AS unapplied, completed_at, created_at FROM customer_payment
        WHERE customer_id = ? AND currency_code = ? AND status = 'succeeded' AND unapplied_amount > 0
          AND deleted_at IS NULL
        ORDER BY id FOR UPDATE`,
    [customerId, currencyCode]
  )
}

/** The customer's unapplied credit in a currency (major units, exact text). */
export async function sumCustomerCredit(manager: SqlManager, customerId: string, currencyCode: string): Promise<string> {
  const [row] = await query<{ credit: string }>(
    manager,
    `SELECT COALESCE(SUM(unapplied_amount), 0)::text AS credit FROM customer_payment
        WHERE customer_id = ? AND currency_code = ? AND status = 'succeeded' AND deleted_at IS NULL`,
    [customerId, currencyCode]
  )
  return row.credit
}

export async function updateUnappliedAmount(manager: SqlManager, id: string, unapplied: bigint, currency: string) {
  const set = moneySet("unapplied_amount", unapplied, currency)
  await manager.execute(`UPDATE customer_payment SET ${set.sql}, updated_at = now() WHERE id = ?`, [...set.params, id])
}

export async function updatePaymentCollection(
  manager: SqlManager,
  id: string,
  paymentCollectionId: string,
  providerId: string
): Promise<void> {
  await manager.execute(
    `UPDATE customer_payment SET payment_collection_id = ?, provider_id = ?, updated_at = now()
        WHERE id = ? AND deleted_at IS NULL`,
    [paymentCollectionId, providerId, id]
  )
}

/** Notes the provider reference once (a later one never replaces it); returns the reference in effect. */
export async function updateProviderReferenceOnce(manager: SqlManager, id: string, reference: string): Promise<string | null> {
  const rows = await query<{ provider_reference: string | null }>(
    manager,
    `UPDATE customer_payment SET provider_reference = COALESCE(provider_reference, ?), updated_at = now()
        WHERE id = ? AND deleted_at IS NULL RETURNING provider_reference`,
    [reference, id]
  )
  return rows[0]?.provider_reference ?? null
}

/** What a provider object is checked against (`adapter.verify`): the payment as stored. */
export type PaymentVerificationRow = {
  id: string
  customer_id: string
  currency_code: string
  amount: string
  raw_amount: unknown
  provider_id: string | null
  provider_reference: string | null
  payment_collection_id: string | null
}

const VERIFICATION_COLUMNS = `id, customer_id, currency_code, amount::text AS amount, raw_amount, provider_id, provider_reference,
       payment_collection_id`

/** The stored facts a provider object must match; undefined when there is no such payment. */
export async function selectPaymentForVerification(manager: SqlManager, id: string): Promise<PaymentVerificationRow | undefined> {
  return await queryOne<PaymentVerificationRow>(
    manager,
    `SELECT ${VERIFICATION_COLUMNS} FROM customer_payment WHERE id = ? AND deleted_at IS NULL`,
    [id]
  )
}

/**
 * What a new provider session tells about a payment, in one statement: its
 * provider object (kept once: a later one never replaces it) and how it is
 * paid (`method_details`, kept once too). Answers the stored row after this
 * write — what the payment's provider object is checked against — and
 * whether it now has method details.
 */
export async function updateSessionFactsOnce(
  manager: SqlManager,
  id: string,
  reference: string | null,
  details: Record<string, unknown> | null
): Promise<(PaymentVerificationRow & { has_method_details: boolean }) | undefined> {
  return await queryOne<PaymentVerificationRow & { has_method_details: boolean }>(
    manager,
    `UPDATE customer_payment
        SET provider_reference = COALESCE(provider_reference, ?),
            method_details = COALESCE(method_details, ?::jsonb),
            updated_at = now()
      WHERE id = ? AND deleted_at IS NULL
      RETURNING ${VERIFICATION_COLUMNS}, method_details IS NOT NULL AS has_method_details`,
    [reference, details ? JSON.stringify(details) : null, id]
  )
}

/** Our payment behind a Payment Module payment collection (one indexed query), or undefined. */
export async function selectPaymentByCollection(
  manager: SqlManager,
  paymentCollectionId: string
): Promise<{ id: string; status: string; transaction_id: string | null; failure_reason: string | null } | undefined> {
  return await queryOne(
    manager,
    `SELECT id, status, transaction_id, failure_reason FROM customer_payment
      WHERE payment_collection_id = ? AND deleted_at IS NULL LIMIT 1`,
    [paymentCollectionId]
  )
}

/**
 * Notes how a payment was made (`method_details`), once: details already
 * recorded are kept. Returns whether this call wrote them.
 */
export async function updateMethodDetailsOnce(manager: SqlManager, id: string, details: Record<string, unknown>): Promise<boolean> {
  const rows = await query<{ id: string }>(
    manager,
    `UPDATE customer_payment SET method_details = ?::jsonb, updated_at = now()
        WHERE id = ? AND method_details IS NULL AND deleted_at IS NULL RETURNING id`,
    [JSON.stringify(details), id]
  )
  return rows.length > 0
}

/** Writes provider references only. */
export async function updatePaymentReferences(
  manager: SqlManager,
  id: string,
  references: Partial<Record<PaymentReferenceKey, string>>
): Promise<void> {
  const keys = Object.keys(references) as PaymentReferenceKey[]
  await manager.execute(
    `UPDATE customer_payment SET ${keys.map((k) => `${k} = ?`).join(", ")}, updated_at = now() WHERE id = ?`,
    [...keys.map((k) => references[k]), id]
  )
}

/** Moves a payment to a new status, with its failure reason, completion time and new provider references. */
export async function updatePaymentStatus(
  manager: SqlManager,
  id: string,
  change: {
    status: PaymentStatus
    failure_reason: string | null
    completed_at: Date | null
    references: Partial<Record<PaymentReferenceKey, string>>
    /** set when the payment is to keep nothing unapplied */
    unapplied?: { minor: bigint; currency: string }
  }
): Promise<void> {
  const keys = Object.keys(change.references) as PaymentReferenceKey[]
  const unapplied: SqlFragment | null = change.unapplied
    ? moneySet("unapplied_amount", change.unapplied.minor, change.unapplied.currency)
    : null
  await manager.execute(
    `UPDATE customer_payment
          SET status = ?, failure_reason = ?, completed_at = ?, attention = NULL, attention_since = NULL, updated_at = now()
              ${keys.map((k) => `, ${k} = ?`).join("")}${unapplied ? `, ${unapplied.sql}` : ""}
        WHERE id = ?`,
    [
      change.status,
      change.failure_reason,
      change.completed_at,
      ...keys.map((k) => change.references[k]),
      ...(unapplied?.params ?? []),
      id,
    ]
  )
}

/** A payment given up on that the provider captured after all: succeeded, with what it left unapplied. */
export async function updateLateCaptured(
  manager: SqlManager,
  id: string,
  capture: {
    completed_at: Date
    metadata: Record<string, unknown>
    transaction_id: string | null
    unapplied: bigint
    currency: string
  }
): Promise<void> {
  const unapplied = moneySet("unapplied_amount", capture.unapplied, capture.currency)
  await manager.execute(
    `UPDATE customer_payment
          SET status = 'succeeded', failure_reason = NULL, completed_at = ?, metadata = ?::jsonb, attention = NULL, attention_since = NULL,
              transaction_id = COALESCE(transaction_id, ?), ${unapplied.sql}, updated_at = now()
        WHERE id = ?`,
    [capture.completed_at, JSON.stringify(capture.metadata), capture.transaction_id, ...unapplied.params, id]
  )
}

/**
 * Notes why the reconciler cannot finish a payment still in the status it
 * saw, pending or processing (the latest reason; the time it was first seen
 * is kept). True when written; false for a payment that has moved on since
 * (a webhook during the run): its reason would be stale.
 */
export async function updateAttention(
  manager: SqlManager,
  id: string,
  reason: string,
  status: "pending" | "processing"
): Promise<boolean> {
  const rows = await query<{ id: string }>(
    manager,
    `UPDATE customer_payment SET attention = ?, attention_since = COALESCE(attention_since, now())
      WHERE id = ? AND status = ? AND deleted_at IS NULL RETURNING id`,
    [reason, id, status]
  )
  return rows.length > 0
}

/** A note for an admin on a payment whatever its status (a reversal that differs from what the dispute took). */
export async function noteAttention(manager: SqlManager, id: string, reason: string): Promise<void> {
  await manager.execute(
    `UPDATE customer_payment SET attention = ?, attention_since = COALESCE(attention_since, now()) WHERE id = ? AND deleted_at IS NULL`,
    [reason.slice(0, 2000), id]
  )
}

/** Clears the note of a payment not pending or processing (one statement; the reconciler owns those); whether it had one. */
export async function clearSettledAttention(manager: SqlManager, id: string): Promise<boolean> {
  const rows = await query<{ id: string }>(
    manager,
    `UPDATE customer_payment SET attention = NULL, attention_since = NULL
      WHERE id = ? AND status NOT IN ('pending', 'processing') AND attention IS NOT NULL AND deleted_at IS NULL RETURNING id`,
    [id]
  )
  return rows.length > 0
}

/** Puts a note back on a payment that has none now (one statement). */
export async function restoreAttention(manager: SqlManager, id: string, reason: string, since: Date | null): Promise<void> {
  await manager.execute(
    `UPDATE customer_payment SET attention = ?, attention_since = COALESCE(?::timestamptz, now())
      WHERE id = ? AND attention IS NULL AND deleted_at IS NULL`,
    [reason, since, id]
  )
}

/** Clears the note of `updateAttention` on those of these payments that have one (one statement); how many. */
export async function clearAttention(manager: SqlManager, ids: string[]): Promise<number> {
  if (!ids.length) return 0
  const rows = await query<{ id: string }>(
    manager,
    // only the reconciler's notes (pending, processing): a settled payment's note is the admin's to resolve
    `UPDATE customer_payment SET attention = NULL, attention_since = NULL
      WHERE id IN (${placeholders(ids)}) AND attention IS NOT NULL AND status IN ('pending', 'processing') RETURNING id`,
    ids
  )
  return rows.length
}

/** Where a deferred dispute's amount is kept on the payment (`metadata`), until the success it undoes applies it. */
export const DEFERRED_REVERSAL_TAKEN = "deferred_reversal_taken"

/**
 * Keeps a return or dispute that arrived before the success it undoes, with
 * what the dispute took when the provider said (in `metadata`, as exact
 * strings), so that the reversal applied then can tell the admin of a
 * difference as an in-order one does.
 */
export async function updateDeferredReversal(
  manager: SqlManager,
  id: string,
  reversal: { reason: string; occurred_at: Date; taken?: { amount: bigint; currency_code: string; tolerance?: bigint } | null }
): Promise<void> {
  const taken = reversal.taken
    ? JSON.stringify({
        amount: reversal.taken.amount.toString(),
        currency_code: reversal.taken.currency_code,
        tolerance: (reversal.taken.tolerance ?? 0n).toString(),
      })
    : null
  await manager.execute(
    `UPDATE customer_payment SET deferred_reversal_reason = ?, deferred_reversal_at = ?,
            metadata = CASE WHEN ?::jsonb IS NULL THEN metadata
                            ELSE COALESCE(metadata, '{}'::jsonb) || jsonb_build_object('${DEFERRED_REVERSAL_TAKEN}', ?::jsonb) END,
            updated_at = now()
      WHERE id = ?`,
    [reversal.reason, reversal.occurred_at, taken, taken, id]
  )
}

/** The dispute amount `updateDeferredReversal` kept, if any (malformed: none). */
export function deferredReversalTaken(metadata: unknown): { amount: bigint; currency_code: string; tolerance: bigint } | null {
  const kept = (metadata as Record<string, any> | null)?.[DEFERRED_REVERSAL_TAKEN]
  if (!kept || typeof kept !== "object") return null
  const { amount, currency_code, tolerance } = kept as Record<string, unknown>
  if (typeof amount !== "string" || !/^\d+$/.test(amount) || typeof currency_code !== "string") return null
  return { amount: BigInt(amount), currency_code, tolerance: typeof tolerance === "string" && /^\d+$/.test(tolerance) ? BigInt(tolerance) : 0n }
}

/** What a new `pending` payment is written with (money in integer minor units). */
export type NewPaymentRow = {
  id: string
  customer_id: string
  currency_code: string
  amount: bigint
  unapplied_amount: bigint
  method: string
  source: string
  mode: string
  provider_id: string | null
  idempotency_key: string | null
  request_hash: string | null
  note: string | null
  metadata: Record<string, unknown> | null
  created_at: Date
}

/**
 * Inserts a payment in one statement, with the columns the ORM's create
 * writes (big numbers and their `raw_` twins, `created_at` = `updated_at` from
 * the caller's clock): a reservation is written without the ORM's unit of work.
 */
export async function insertPayment(manager: SqlManager, row: NewPaymentRow): Promise<void> {
  const amount = moneyValue(row.amount, row.currency_code)
  const unapplied = moneyValue(row.unapplied_amount, row.currency_code)
  await manager.execute(
    `INSERT INTO customer_payment
       (id, customer_id, currency_code, amount, raw_amount, unapplied_amount, raw_unapplied_amount,
        refunded_amount, raw_refunded_amount, method, source, mode, status, provider_id,
        idempotency_key, request_hash, note, metadata, created_at, updated_at)
     VALUES (?, ?, ?, ?::numeric, ?::jsonb, ?::numeric, ?::jsonb, 0, '{"value": "0", "precision": 20}'::jsonb,
             ?, ?, ?, 'pending', ?, ?, ?, ?, ?::jsonb, ?, ?)`,
    [
      row.id,
      row.customer_id,
      row.currency_code,
      amount,
      JSON.stringify({ value: amount, precision: 20 }),
      unapplied,
      JSON.stringify({ value: unapplied, precision: 20 }),
      row.method,
      row.source,
      row.mode,
      row.provider_id,
      row.idempotency_key,
      row.request_hash,
      row.note,
      row.metadata == null ? null : JSON.stringify(row.metadata),
      row.created_at,
      row.created_at,
    ]
  )
}

/** A payment as the store answers it: its columns and its live allocations (money as exact text plus `raw_`). */
export type PaymentWithAllocationsRow = Record<string, any> & {
  id: string
  /** `display_id`: the invoice's number (its row may be gone: null) */
  allocations: { id: string; invoice_id: string; amount: string; raw_amount: unknown; status: string; display_id: number | null }[]
}

/**
 * One payment with its allocations in one query (what
 * `retrieveCustomerPayment(id, { relations: ["allocations"] })` reads, without
 * the ORM's entity building); 404 when there is none.
 */
export async function selectPaymentWithAllocations(manager: SqlManager, id: string): Promise<PaymentWithAllocationsRow> {
  const row = await queryOne<PaymentWithAllocationsRow>(
    manager,
    `SELECT p.id, p.customer_id, p.status, p.mode, p.method, p.source, p.currency_code,
            p.amount::text AS amount, p.raw_amount, p.unapplied_amount::text AS unapplied_amount, p.raw_unapplied_amount,
            p.refunded_amount::text AS refunded_amount, p.raw_refunded_amount, p.transaction_id, p.method_details,
            p.failure_reason, p.note, p.completed_at, p.created_at, p.updated_at, p.provider_id, p.payment_collection_id,
            p.provider_reference, p.idempotency_key, p.metadata,
            COALESCE((SELECT json_agg(json_build_object('id', a.id, 'invoice_id', a.invoice_id, 'amount', a.amount::text,
                                                        'raw_amount', a.raw_amount, 'status', a.status,
                                                        'display_id', CASE WHEN i.deleted_at IS NULL THEN i.display_id END)
                              ORDER BY i.due_at, i.issued_at, i.display_id, a.id)
                        FROM payment_allocation a LEFT JOIN invoice i ON i.id = a.invoice_id
                       WHERE a.customer_payment_id = p.id AND a.deleted_at IS NULL), '[]'::json) AS allocations
       FROM customer_payment p WHERE p.id = ? AND p.deleted_at IS NULL`,
    [id]
  )
  if (!row) throw new MedusaError(MedusaError.Types.NOT_FOUND, `CustomerPayment with id: ${id} was not found`)
  if (typeof row.allocations === "string") row.allocations = JSON.parse(row.allocations)
  return row
}
