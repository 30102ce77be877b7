import { Context } from "@medusajs/framework/types"
import {
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaError,
  MedusaService,
} from "@medusajs/framework/utils"
import { newId } from "../../utils/ids"
import { AutopayAttempt, AutopayEnrollment, AutopayRun } from "./models"

export type EnrollInput = {
  customer_id: string
  payment_method_id: string
  payment_method_type: "card" | "us_bank_account"
  payment_method_label?: string | null
  provider_id: string
  /** major units of `max_amount_currency_code`, decimal string; null for no limit */
  max_amount: string | null
  max_amount_currency_code?: string | null
  terms_version: string
  terms_text: string
  consent_ip?: string | null
  consent_user_agent?: string | null
  now: Date
  /**
   * Only if no enrollment of the customer's was enrolled, changed, paused or
   * canceled after this moment (a consent given with a payment and applied
   * later must not undo what the customer chose since); otherwise
   * `autopayChangedError`, nothing written.
   */
  unless_changed_since?: Date | null
}

export const AUTOPAY_CHANGED_MESSAGE = "Autopay was changed after that moment, so it was left as it is"

/** The conflict `enroll` answers when `unless_changed_since` does not hold (a flag survives workflow error serialisation). */
export function autopayChangedError() {
  return Object.assign(new MedusaError(MedusaError.Types.CONFLICT, AUTOPAY_CHANGED_MESSAGE), { autopay_changed: true })
}

export function isAutopayChangedError(error: unknown): boolean {
  return (error as any)?.autopay_changed === true || (error as any)?.message === AUTOPAY_CHANGED_MESSAGE
}

export type AttemptInput = {
  enrollment_id: string
  customer_id: string
  run_id: string | null
  currency_code: string
  invoice_ids: string[]
  series_key: string
  attempt: number
  /** major units, decimal string */
  amount: string
  idempotency_key: string
}

type SqlManager = { execute: (sql: string, params?: unknown[]) => Promise<any> }

/** An attempt as the charge path reads it (plain statements; `amount` is the exact decimal string). */
export type AttemptRow = AttemptInput & {
  id: string
  customer_payment_id: string | null
  status: "pending" | "processing" | "succeeded" | "failed" | "requires_action"
  failure_reason: string | null
  failed_at: Date | null
  next_retry_at: Date | null
  created_at: Date
}

const ATTEMPT_COLUMNS = `id, enrollment_id, customer_id, run_id, currency_code, invoice_ids, series_key, attempt, amount::text AS amount,
  idempotency_key, customer_payment_id, status, failure_reason, failed_at, next_retry_at, created_at`

const lockCustomer = (manager: SqlManager, customerId: string) =>
  manager.execute("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", [`billing-autopay:${customerId}`])

/** What one consent writes over an enrollment, and what undoing it puts back. */
const RESTORABLE_ENROLLMENT_FIELDS = [
  "status",
  "payment_method_id",
  "payment_method_type",
  "payment_method_label",
  "provider_id",
  "max_amount",
  "max_amount_currency_code",
  "consented_at",
  "terms_version",
  "terms_text",
  "consent_ip",
  "consent_user_agent",
  "paused_at",
  "pause_reason",
] as const

class AutopayModuleService extends MedusaService({
  AutopayEnrollment,
  AutopayRun,
  AutopayAttempt,
}) {
  /** The customer's live (active or paused) enrollment, if any. */
  @InjectManager()
  async retrieveLiveEnrollment(customerId: string, @MedusaContext() sharedContext: Context = {}) {
    const [enrollment] = await this.listAutopayEnrollments(
      { customer_id: customerId, status: ["active", "paused"] },
      { take: 1 },
      sharedContext
    )
    return enrollment ?? null
  }

  /**
   * The same, read with one plain query for the account summary (every page
   * view): the unique partial index on customer_id answers it.
   */
  @InjectManager()
  async findLiveEnrollment(customerId: string, @MedusaContext() sharedContext: Context = {}) {
    const manager = sharedContext.manager as SqlManager
    const [row] = await manager.execute(
      `SELECT id, customer_id, status, payment_method_id, payment_method_type, payment_method_label, provider_id,
              max_amount::text AS max_amount, max_amount_currency_code, consented_at, terms_version, terms_text, paused_at, pause_reason,
              canceled_at, created_at
         FROM autopay_enrollment
        WHERE customer_id = ? AND status <> 'canceled' AND deleted_at IS NULL LIMIT 1`,
      [customerId]
    )
    return (row as Record<string, unknown> | undefined) ?? null
  }

  /**
   * Enrolls the customer, or replaces the method, limit and consent of their
   * live enrollment (which reactivates a paused one): the consent recorded is
   * always the latest the customer gave. Serialised per customer.
   */
  @InjectManager()
  async enroll(input: EnrollInput, @MedusaContext() sharedContext: Context = {}) {
    return await this.enroll_(input, sharedContext)
  }

  @InjectTransactionManager()
  protected async enroll_(input: EnrollInput, @MedusaContext() sharedContext: Context = {}) {
    const manager = sharedContext.transactionManager as SqlManager
    await lockCustomer(manager, input.customer_id)
    if (input.unless_changed_since) {
      const since = input.unless_changed_since
      const [changed] = await manager.execute(
        `SELECT id FROM autopay_enrollment
          WHERE customer_id = ? AND deleted_at IS NULL AND (consented_at > ? OR paused_at > ? OR canceled_at > ?)
          LIMIT 1`,
        [input.customer_id, since, since, since]
      )
      if (changed) throw autopayChangedError()
    }
    const [live] = await this.listAutopayEnrollments(
      { customer_id: input.customer_id, status: ["active", "paused"] },
      { take: 1 },
      sharedContext
    )
    const fields = {
      status: "active" as const,
      payment_method_id: input.payment_method_id,
      payment_method_type: input.payment_method_type,
      payment_method_label: input.payment_method_label ?? null,
      provider_id: input.provider_id,
      max_amount: input.max_amount as any,
      max_amount_currency_code: input.max_amount === null ? null : input.max_amount_currency_code ?? null,
      consented_at: input.now,
      terms_version: input.terms_version,
      terms_text: input.terms_text,
      consent_ip: input.consent_ip ?? null,
      consent_user_agent: input.consent_user_agent ?? null,
      paused_at: null,
      pause_reason: null,
    }
    const enrollment = live
      ? await this.updateAutopayEnrollments({ id: live.id, ...fields }, sharedContext)
      : await this.createAutopayEnrollments({ customer_id: input.customer_id, ...fields }, sharedContext)
    return { enrollment, created: !live }
  }

  /**
   * Undoes one enrollment (its step's compensation, when a later step
   * failed): puts back the enrollment as it was before (`previous`), or
   * removes the one it created. Only while the enrollment is still what
   * that consent wrote (active, with its `consented_at`), under the
   * customer's autopay lock: a pause, a cancellation or a newer consent made
   * since is never undone. Whether it undid it.
   */
  @InjectManager()
  async undoEnroll(
    written: { id: string; customer_id: string; consented_at: Date | string },
    previous: Record<string, unknown> | null,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    return await this.undoEnroll_(written, previous, sharedContext)
  }

  @InjectTransactionManager()
  protected async undoEnroll_(
    written: { id: string; customer_id: string; consented_at: Date | string },
    previous: Record<string, unknown> | null,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    const manager = sharedContext.transactionManager as SqlManager
    await lockCustomer(manager, written.customer_id)
    const unchanged = await manager.execute(
      `SELECT id FROM autopay_enrollment
        WHERE id = ? AND status = 'active' AND consented_at = ? AND deleted_at IS NULL FOR UPDATE`,
      [written.id, new Date(written.consented_at)]
    )
    if (!unchanged.length) return false
    if (previous) {
      const restore = Object.fromEntries(RESTORABLE_ENROLLMENT_FIELDS.map((k) => [k, previous[k] ?? null]))
      await this.updateAutopayEnrollments({ id: written.id, ...(restore as any) }, sharedContext)
    } else {
      await this.softDeleteAutopayEnrollments([written.id], {}, sharedContext)
    }
    return true
  }

  /**
   * One page of active enrollments (or one customer's) in id order, after
   * `after`: keyset paging, so that enrollments paused or canceled while a
   * run goes through the pages do not shift the next page and skip others.
   */
  @InjectManager()
  async listActiveEnrollmentsPage(
    page: { customer_id?: string | null; after?: string | null; take: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ id: string; customer_id: string }[]> {
    const filters: Record<string, unknown> = { status: "active" }
    if (page.customer_id) filters.customer_id = page.customer_id
    if (page.after) filters.id = { $gt: page.after }
    return await this.listAutopayEnrollments(
      filters,
      { take: page.take, order: { id: "ASC" }, select: ["id", "customer_id"] },
      sharedContext
    )
  }

  /** Cancels the customer's live enrollment at once; null when there was none. */
  @InjectManager()
  async cancelEnrollment(customerId: string, now: Date, @MedusaContext() sharedContext: Context = {}) {
    return await this.cancelEnrollment_(customerId, now, sharedContext)
  }

  @InjectTransactionManager()
  protected async cancelEnrollment_(customerId: string, now: Date, @MedusaContext() sharedContext: Context = {}) {
    await lockCustomer(sharedContext.transactionManager as SqlManager, customerId)
    const [live] = await this.listAutopayEnrollments(
      { customer_id: customerId, status: ["active", "paused"] },
      { take: 1 },
      sharedContext
    )
    if (!live) return null
    return await this.updateAutopayEnrollments({ id: live.id, status: "canceled", canceled_at: now }, sharedContext)
  }

  /**
   * Pauses an active enrollment (an ACH return, a failed method); a paused or
   * canceled one is left as it is. With `unchangedSince`, only if the
   * customer has not confirmed the enrollment (a method, a limit) since then:
   * a customer who has chosen another method after a charge started is not
   * paused for the old one. Whether it paused it.
   */
  @InjectManager()
  async pauseEnrollment(
    id: string,
    reason: string,
    now: Date,
    unchangedSince?: Date | null,
    @MedusaContext() sharedContext: Context = {}
  ) {
    return await this.pauseEnrollment_(id, reason, now, unchangedSince ?? null, sharedContext)
  }

  @InjectTransactionManager()
  protected async pauseEnrollment_(
    id: string,
    reason: string,
    now: Date,
    unchangedSince: Date | null,
    @MedusaContext() sharedContext: Context = {}
  ) {
    const manager = sharedContext.transactionManager as SqlManager
    // the customer's autopay lock, as enroll and cancel take it: a pause never lands between
    // enroll's "changed since?" check and its write (which would make it active again)
    const [row] = await manager.execute(`SELECT customer_id FROM autopay_enrollment WHERE id = ?`, [id])
    if (!row) return false
    await lockCustomer(manager, (row as { customer_id: string }).customer_id)
    const rows = await manager.execute(
      `UPDATE autopay_enrollment SET status = 'paused', paused_at = ?, pause_reason = ?, updated_at = now()
        WHERE id = ? AND status = 'active' AND deleted_at IS NULL AND (?::timestamptz IS NULL OR consented_at <= ?)
        RETURNING id`,
      [now, reason, id, unchangedSince, unchangedSince]
    )
    return rows.length > 0
  }

  /** Undoes one pause (its compensation): active again only if it is still paused by that very pause. */
  @InjectManager()
  async undoPause(id: string, pausedAt: Date, @MedusaContext() sharedContext: Context = {}): Promise<boolean> {
    const manager = sharedContext.manager as SqlManager
    const rows = await manager.execute(
      `UPDATE autopay_enrollment SET status = 'active', paused_at = NULL, pause_reason = NULL, updated_at = now()
        WHERE id = ? AND status = 'paused' AND paused_at = ? AND deleted_at IS NULL
        RETURNING id`,
      [id, pausedAt]
    )
    return rows.length > 0
  }

  /**
   * Records an attempt under its idempotency key, once: a second run that
   * reaches the same key gets the existing attempt back (`created: false`).
   * One insert that the key's unique index turns into nothing when the key
   * is taken (then the one that has it is read), under the customer's
   * autopay lock.
   */
  @InjectManager()
  async claimAttempt(input: AttemptInput, @MedusaContext() sharedContext: Context = {}): Promise<{ attempt: AttemptRow; created: boolean }> {
    return await this.claimAttempt_(input, sharedContext)
  }

  @InjectTransactionManager()
  protected async claimAttempt_(input: AttemptInput, @MedusaContext() sharedContext: Context = {}) {
    const manager = sharedContext.transactionManager as SqlManager
    await lockCustomer(manager, input.customer_id)
    const [inserted] = await manager.execute(
      `INSERT INTO autopay_attempt (id, enrollment_id, customer_id, run_id, currency_code, invoice_ids, series_key, attempt,
                                    amount, raw_amount, idempotency_key, status)
       VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?::numeric, ?::jsonb, ?, 'pending')
       ON CONFLICT (idempotency_key) WHERE deleted_at IS NULL DO NOTHING
       RETURNING ${ATTEMPT_COLUMNS}`,
      [
        newId("apatt"),
        input.enrollment_id,
        input.customer_id,
        input.run_id,
        input.currency_code,
        JSON.stringify(input.invoice_ids),
        input.series_key,
        input.attempt,
        input.amount,
        JSON.stringify({ value: input.amount, precision: 20 }),
        input.idempotency_key,
      ]
    )
    if (inserted) return { attempt: inserted as AttemptRow, created: true }
    const [existing] = await manager.execute(
      `SELECT ${ATTEMPT_COLUMNS} FROM autopay_attempt WHERE idempotency_key = ? AND deleted_at IS NULL LIMIT 1`,
      [input.idempotency_key]
    )
    return { attempt: existing as AttemptRow, created: false }
  }

  /** The attempts of one invoice set (a series), oldest first: one indexed statement. */
  @InjectManager()
  async listSeriesAttempts(enrollmentId: string, seriesKey: string, @MedusaContext() sharedContext: Context = {}): Promise<AttemptRow[]> {
    return (await (sharedContext.manager as SqlManager).execute(
      `SELECT ${ATTEMPT_COLUMNS} FROM autopay_attempt
        WHERE enrollment_id = ? AND series_key = ? AND deleted_at IS NULL ORDER BY attempt ASC`,
      [enrollmentId, seriesKey]
    )) as AttemptRow[]
  }

  /** The attempt a payment was made for, if any (id and status): one indexed statement. */
  @InjectManager()
  async findAttemptOfPayment(
    customerPaymentId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ id: string; status: AttemptRow["status"] } | null> {
    const [row] = await (sharedContext.manager as SqlManager).execute(
      `SELECT id, status FROM autopay_attempt WHERE customer_payment_id = ? AND deleted_at IS NULL LIMIT 1`,
      [customerPaymentId]
    )
    return (row as { id: string; status: AttemptRow["status"] } | undefined) ?? null
  }

  /**
   * Moves an attempt to `succeeded` or `processing` (its payment's status),
   * linking the payment when given: one statement.
   */
  @InjectManager()
  async markAttemptCharged(
    id: string,
    fields: { status: "succeeded" | "processing"; customer_payment_id?: string | null },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await (sharedContext.manager as SqlManager).execute(
      `UPDATE autopay_attempt SET status = ?, customer_payment_id = COALESCE(?, customer_payment_id), updated_at = now()
        WHERE id = ? AND deleted_at IS NULL`,
      [fields.status, fields.customer_payment_id ?? null, id]
    )
  }

  /**
   * An enrollment as a charge reads it, by id and customer (`max_amount` the
   * exact decimal string): one statement by primary key.
   */
  @InjectManager()
  async findEnrollmentForCharge(id: string, customerId: string, @MedusaContext() sharedContext: Context = {}) {
    const [row] = await (sharedContext.manager as SqlManager).execute(
      `SELECT id, customer_id, status, payment_method_id, payment_method_type, payment_method_label, provider_id,
              max_amount::text AS max_amount, max_amount_currency_code
         FROM autopay_enrollment WHERE id = ? AND customer_id = ? AND deleted_at IS NULL LIMIT 1`,
      [id, customerId]
    )
    return (row as Record<string, unknown> | undefined) ?? null
  }

  async retrieveEnrollmentOrFail(id: string) {
    const [enrollment] = await this.listAutopayEnrollments({ id }, { take: 1 })
    if (!enrollment) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Autopay enrollment with id: ${id} was not found`)
    return enrollment
  }
}

export default AutopayModuleService
