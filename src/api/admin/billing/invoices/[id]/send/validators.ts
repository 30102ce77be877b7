import { z } from "@medusajs/framework/zod"
import { emailAddress } from "../../../settings/validators"

/**
 * `POST /admin/billing/invoices/:id/send`: no body sends to the customer's
 * email; `to` sends to another address (an accounts-payable inbox). Nothing
 * else is accepted.
 */
export const AdminSendInvoice = z
  .object({
    to: emailAddress("to").optional(),
  })
  .strict()
export type AdminSendInvoiceType = z.infer<typeof AdminSendInvoice>
