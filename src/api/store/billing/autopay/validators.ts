import { z } from "@medusajs/framework/zod"

const decimal = /^\d+(\.\d{1,2})?$/

/**
 * Enroll in autopay (or change the method or limit): a saved payment method
 * of the customer's, and the customer's agreement to the terms shown.
 * `max_amount` (major units) caps one charge; above it nothing is charged
 * and the customer pays in the portal.
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
      .refine((v) => decimal.test(v) && Number(v) > 0, {
        message: "max_amount must be a positive amount with at most 2 decimals",
      })
      .refine((v) => !decimal.test(v) || v.split(".")[0].replace(/^0+/, "").length <= 13, {
        message: "max_amount must be at most 9999999999999.99",
      })
      .nullable()
      .optional(),
  })
  .strict()
export type StoreUpdateAutopayType = z.infer<typeof StoreUpdateAutopay>
