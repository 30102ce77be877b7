import { model } from "@medusajs/framework/utils"

/**
 * The admin turned a customer's portal access off: while this row exists,
 * every signed-in billing route answers 401 for the customer, and no
 * invitation or password reset is sent to them. Turning access on again
 * deletes it. Billing itself (invoices, autopay, pay links) goes on.
 */
const PortalAccessBlock = model
  .define("portal_access_block", {
    id: model.id({ prefix: "pablk" }).primaryKey(),
    customer_id: model.text(),
    blocked_by: model.text().nullable(),
  })
  .indexes([{ on: ["customer_id"], unique: true, where: "deleted_at IS NULL" }])

export default PortalAccessBlock
