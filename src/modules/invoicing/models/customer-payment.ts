import { model } from "@medusajs/framework/utils"
import { PAYMENT_MODES } from "../../../domain/allocation"
import { PAYMENT_STATUSES } from "../../../domain/payment-state"
import PaymentAllocation from "./payment-allocation"

export const PAYMENT_METHODS = ["card", "us_bank_account", "manual", "credit"] as const
export const PAYMENT_SOURCES = ["portal", "autopay", "pay_link", "admin"] as const

const CustomerPayment = model
  .define("customer_payment", {
    id: model.id({ prefix: "cpay" }).primaryKey(),
    customer_id: model.text(),
    amount: model.bigNumber(),
    currency_code: model.text(),
    method: model.enum([...PAYMENT_METHODS]),
    source: model.enum([...PAYMENT_SOURCES]).default("portal"),
    mode: model.enum([...PAYMENT_MODES]),
    status: model.enum([...PAYMENT_STATUSES]).default("pending"),
    /** a return or dispute that arrived before the success it undoes, applied when the success is recorded */
    deferred_reversal_reason: model.text().nullable(),
    deferred_reversal_at: model.dateTime().nullable(),
    unapplied_amount: model.bigNumber().default(0),
    refunded_amount: model.bigNumber().default(0),
    provider_id: model.text().nullable(),
    payment_collection_id: model.text().nullable(),
    transaction_id: model.text().nullable(),
    /** the provider object (PaymentIntent, sandbox payment) created for this payment, written once */
    provider_reference: model.text().nullable(),
    idempotency_key: model.text().nullable(),
    request_hash: model.text().nullable(),
    failure_reason: model.text().nullable(),
    note: model.text().nullable(),
    completed_at: model.dateTime().nullable(),
    /**
     * How the payment was made, for receipts ("Visa •••• 4242"): brand, last4,
     * bank_name, offline_method — only what `sanitizeMethodDetails` keeps,
     * never a card or account number. Written once, when the method is known.
     */
    method_details: model.json().nullable(),
    metadata: model.json().nullable(),
    /**
     * Why the reconciler cannot finish this pending or processing payment
     * (the provider refuses to undo what it holds, cannot be reached, or its
     * object does not check out), for an admin to look at; cleared when it
     * can, and whenever the status changes.
     */
    attention: model.text().nullable(),
    /** when the problem in `attention` was first seen (kept while it lasts) */
    attention_since: model.dateTime().nullable(),
    allocations: model.hasMany(() => PaymentAllocation, { mappedBy: "customer_payment" }),
  })
  .indexes([
    { on: ["customer_id", "idempotency_key"], unique: true, where: "idempotency_key IS NOT NULL AND deleted_at IS NULL" },
    { on: ["customer_id", "status"], where: "deleted_at IS NULL" },
    { on: ["status", "created_at"], where: "deleted_at IS NULL" },
    // Provider callbacks find the payment by its collection or provider reference.
    { on: ["payment_collection_id"], where: "deleted_at IS NULL AND payment_collection_id IS NOT NULL" },
    { on: ["transaction_id"], where: "deleted_at IS NULL AND transaction_id IS NOT NULL" },
    // The admin's "needs attention" list: a handful of rows, found without a scan.
    { on: ["attention_since"], where: "deleted_at IS NULL AND attention IS NOT NULL" },
  ])

export default CustomerPayment
