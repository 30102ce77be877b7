import { model } from "@medusajs/framework/utils"

/**
 * A pay link (DESIGN sec. 15): lets whoever holds its token pay a fixed set
 * of one customer's invoices in one currency, without a login. The token is
 * never stored, only its SHA-256 hash. Reusable until its invoices are paid
 * or voided, it expires, or a newer link for the same invoices revokes it
 * (the rules: src/domain/pay-links.ts).
 */
const PayLink = model
  .define("pay_link", {
    id: model.id({ prefix: "plink" }).primaryKey(),
    customer_id: model.text(),
    currency_code: model.text(),
    /** the invoice ids it pays (a JSON array of strings) */
    invoice_ids: model.json(),
    token_hash: model.text(),
    expires_at: model.dateTime(),
    revoked_at: model.dateTime().nullable(),
    /** the last payment attempted through it (a GET never sets it) */
    last_used_at: model.dateTime().nullable(),
  })
  .indexes([
    { on: ["token_hash"], unique: true },
    { on: ["customer_id", "created_at"], where: "deleted_at IS NULL" },
  ])

export default PayLink
