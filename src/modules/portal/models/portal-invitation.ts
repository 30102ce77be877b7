import { model } from "@medusajs/framework/utils"

/**
 * A portal invitation for an existing customer. The token itself is never
 * stored: only its SHA-256 hash. Usable while not accepted, not revoked and
 * not expired; a new invitation revokes the customer's older ones.
 */
const PortalInvitation = model
  .define("portal_invitation", {
    id: model.id({ prefix: "pinv" }).primaryKey(),
    customer_id: model.text(),
    email: model.text(),
    token_hash: model.text(),
    expires_at: model.dateTime(),
    accepted_at: model.dateTime().nullable(),
    revoked_at: model.dateTime().nullable(),
    invited_by: model.text().nullable(),
    sent_at: model.dateTime().nullable(),
  })
  .indexes([
    { on: ["token_hash"], unique: true, where: "deleted_at IS NULL" },
    { on: ["customer_id", "created_at"], where: "deleted_at IS NULL" },
  ])

export default PortalInvitation
