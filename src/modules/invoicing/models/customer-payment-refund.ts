import { model } from "@medusajs/framework/utils"

export const REFUND_STATUSES = ["pending", "succeeded"] as const

/**
 * One admin refund of a customer payment, keyed by the request's
 * `Idempotency-Key`. The row is written (status `pending`) before the
 * provider is asked for the money back, so a retry with the same key finds
 * it and finishes that refund instead of starting another; its amount counts
 * as already refunded for every other refund while it is pending. It becomes
 * `succeeded` in the same transaction as the ledger's `refund` entry, whose
 * reference is this row's id.
 */
const CustomerPaymentRefund = model
  .define("customer_payment_refund", {
    id: model.id({ prefix: "cpref" }).primaryKey(),
    customer_payment_id: model.text(),
    customer_id: model.text(),
    currency_code: model.text(),
    amount: model.bigNumber(),
    status: model.enum([...REFUND_STATUSES]).default("pending"),
    idempotency_key: model.text(),
    /** a hash of the request (payment, amount, reason), to tell a retry from another request under the same key */
    request_hash: model.text(),
    reason: model.text().nullable(),
    created_by: model.text().nullable(),
    /** the Payment Module's refund (`refund` row) when the payment went through a provider */
    provider_refund_id: model.text().nullable(),
    completed_at: model.dateTime().nullable(),
  })
  .indexes([
    { on: ["idempotency_key"], unique: true, where: "deleted_at IS NULL" },
    { on: ["customer_payment_id", "status"], where: "deleted_at IS NULL" },
  ])

export default CustomerPaymentRefund
