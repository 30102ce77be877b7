import { model } from "@medusajs/framework/utils"

export const AUTOPAY_ATTEMPT_STATUSES = ["pending", "processing", "succeeded", "failed", "requires_action"] as const

/**
 * One charge autopay made (or tried) for one enrollment and one set of due
 * invoices. `series_key` identifies the invoice set: retries of a declined
 * charge belong to the same series with increasing `attempt`. The payment's
 * idempotency key is unique, so two runs never make two attempts of the same
 * number.
 */
const AutopayAttempt = model
  .define("autopay_attempt", {
    id: model.id({ prefix: "apatt" }).primaryKey(),
    enrollment_id: model.text(),
    customer_id: model.text(),
    run_id: model.text().nullable(),
    currency_code: model.text(),
    invoice_ids: model.json(),
    series_key: model.text(),
    attempt: model.number(),
    amount: model.bigNumber(),
    idempotency_key: model.text(),
    customer_payment_id: model.text().nullable(),
    status: model.enum([...AUTOPAY_ATTEMPT_STATUSES]).default("pending"),
    failure_reason: model.text().nullable(),
    /** when the run (or the webhook) learned of the failure; retries count from the series' first */
    failed_at: model.dateTime().nullable(),
    next_retry_at: model.dateTime().nullable(),
  })
  .indexes([
    { on: ["idempotency_key"], unique: true, where: "deleted_at IS NULL" },
    { on: ["enrollment_id", "series_key", "attempt"], where: "deleted_at IS NULL" },
    { on: ["customer_payment_id"], where: "deleted_at IS NULL AND customer_payment_id IS NOT NULL" },
  ])

export default AutopayAttempt
