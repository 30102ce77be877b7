import { model } from "@medusajs/framework/utils"
import { AUTOPAY_STATUSES } from "../../../domain/autopay"

/**
 * A customer's autopay enrollment, with the consent they gave: when, the
 * terms text and version they saw, from where. One live (not canceled)
 * enrollment per customer; cancelling keeps the row as a record.
 */
const AutopayEnrollment = model
  .define("autopay_enrollment", {
    id: model.id({ prefix: "apay" }).primaryKey(),
    customer_id: model.text(),
    status: model.enum([...AUTOPAY_STATUSES]).default("active"),
    /** the saved payment method (provider's id) and what the customer saw of it */
    payment_method_id: model.text(),
    payment_method_type: model.enum(["card", "us_bank_account"]),
    payment_method_label: model.text().nullable(),
    provider_id: model.text(),
    /**
     * The limit per charge: major units of `max_amount_currency_code`; null
     * means no limit. It limits charges in that currency only (an enrollment
     * may charge invoices in several): other currencies have no limit.
     */
    max_amount: model.bigNumber().nullable(),
    max_amount_currency_code: model.text().nullable(),
    consented_at: model.dateTime(),
    terms_version: model.text(),
    terms_text: model.text(),
    consent_ip: model.text().nullable(),
    consent_user_agent: model.text().nullable(),
    paused_at: model.dateTime().nullable(),
    pause_reason: model.text().nullable(),
    canceled_at: model.dateTime().nullable(),
  })
  .indexes([
    { on: ["customer_id"], unique: true, where: "status <> 'canceled' AND deleted_at IS NULL" },
    { on: ["status"], where: "deleted_at IS NULL" },
  ])

export default AutopayEnrollment
