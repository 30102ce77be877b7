import { z } from "@medusajs/framework/zod"
import { oneOf, plainRecord } from "../../../utils/validators"

export const STORE_PAYMENT_METHOD_TYPES = ["card", "us_bank_account"] as const

export const StoreGetPaymentMethods = z.object({}).strict()
export type StoreGetPaymentMethodsType = z.infer<typeof StoreGetPaymentMethods>

/**
 * Save a payment method. `data` is provider-specific: for the sandbox the
 * same test details as a payment (`{ number }` or `{ account_number,
 * routing_number }`); for Stripe nothing, or `{ payment_method }` (an id
 * from Stripe.js) — the client then confirms the returned SetupIntent.
 */
export const StoreCreatePaymentMethod = z
  .object({
    type: oneOf("type", STORE_PAYMENT_METHOD_TYPES),
    data: plainRecord("data", z.unknown()).optional(),
  })
  .strict()
export type StoreCreatePaymentMethodType = z.infer<typeof StoreCreatePaymentMethod>
