import { z } from "@medusajs/framework/zod"
import { StorePaymentBody } from "../validators"

/**
 * The body of a payment through a link and of its preview: the shape of
 * `/store/billing/payments` (and its preview), so clients build both the
 * same way. What a link does not allow — other modes, another currency,
 * invoices not on it, an amount, a saved method, saving for autopay — is
 * refused with a 400 naming the field by the workflow, which knows the link.
 */
export const StorePayLinkPaymentBody = StorePaymentBody
export type StorePayLinkPaymentBodyType = z.infer<typeof StorePayLinkPaymentBody>

export const StoreGetPayLink = z.object({}).strict()
export type StoreGetPayLinkType = z.infer<typeof StoreGetPayLink>

/** "Email me a new link" takes nothing but the token: never an address. */
export const StoreResendPayLink = z.object({}).strict()
export type StoreResendPayLinkType = z.infer<typeof StoreResendPayLink>
