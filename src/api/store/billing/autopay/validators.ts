import { z } from "@medusajs/framework/zod"
import { isoDate } from "../../../utils/validators"

// Exactness (no more decimals than the limit's currency has) is checked with the currency, in the workflow.
const decimal = /^\d+(\.\d+)?$/

/**
 * Enroll in autopay (or change the method or limit): a saved payment method
 * of the customer's, and the customer's agreement to the terms shown.
 * `max_amount` (major units of `max_amount_currency_code`, which it
 * requires) caps one charge in that currency; above it nothing is charged
 * and the customer pays in the portal. Charges in other currencies have no cap.
 */
export const StoreUpdateAutopay = z
  .object({
    payment_method_id: z.string({ error: "payment_method_id is required" }).min(1, "payment_method_id is required"),
    consent: z
      .boolean()
      .refine((v) => v === true, { message: "consent must be true: the customer has to agree to the autopay terms" }),
    terms_version: z.string().max(50).optional(),
    max_amount: z
      .union([z.string(), z.number()])
      .transform((v) => String(v))
      .refine((v) => decimal.test(v) && /[1-9]/.test(v), {
        message: "max_amount must be a positive decimal amount",
      })
      .refine((v) => !decimal.test(v) || v.split(".")[0].replace(/^0+/, "").length <= 13, {
        message: "max_amount must be at most 9999999999999.99",
      })
      .nullable()
      .optional(),
    max_amount_currency_code: z
      .string()
      .regex(/^[a-zA-Z]{3}$/, "max_amount_currency_code must be a 3-letter ISO code")
      .nullable()
      .optional(),
    /**
     * A consent given earlier and applied now ("use it for autopay" with a
     * payment confirmed later): only if the customer's autopay was not set
     * up, changed, paused or canceled after this time; 409 otherwise.
     */
    unless_changed_since: isoDate("unless_changed_since").optional(),
  })
  .strict()
export type StoreUpdateAutopayType = z.infer<typeof StoreUpdateAutopay>

/** Pausing takes no fields (an unknown one is a 400, as everywhere). */
export const StorePauseAutopay = z.object({}).strict()
