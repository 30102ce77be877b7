import { z } from "@medusajs/framework/zod"
import { MAX_ALLOCATIONS_LIMIT, PAYMENT_MODES } from "../../../domain/allocation"
import { LEDGER_ENTRY_TYPES } from "../../../domain/ledger"
import { PAYMENT_STATUSES } from "../../../domain/payment-state"
import { toMinor } from "../../../domain/money"
import { dateRange, invoiceOrder, moneyIssue, oneOf, pagination, plainRecord, queryArray } from "../../utils/validators"
import { statementQuery } from "../../utils/statement-query"

/** Statuses a customer can filter on: drafts are never visible in the store. */
export const STORE_INVOICE_STATUSES = ["open", "partially_paid", "paid", "void"] as const

export const StoreGetInvoices = z
  .object({
    status: queryArray(oneOf("status", STORE_INVOICE_STATUSES)).optional(),
    currency_code: z.string().regex(/^[a-zA-Z]{3}$/, "currency_code must be a 3-letter ISO code").optional(),
    q: z.string().trim().min(1).max(100).optional(),
    due_at: dateRange("due_at").optional(),
    issued_at: dateRange("issued_at").optional(),
    /** `true`: unpaid invoices past their due date, by the business's calendar (as `is_overdue`) */
    overdue: oneOf("overdue", ["true"] as const).optional(),
    order: invoiceOrder,
    ...pagination,
  })
  .strict()
export type StoreGetInvoicesType = z.infer<typeof StoreGetInvoices>

export const StoreGetInvoice = z.object({}).strict()
export type StoreGetInvoiceType = z.infer<typeof StoreGetInvoice>

export const StoreGetAccount = z.object({}).strict()

/** An invoice PDF or a receipt: no query. */
export const StoreGetDocument = z.object({}).strict()
export type StoreGetDocumentType = z.infer<typeof StoreGetDocument>

/** `?from=&to=&currency_code=&period=`: always the logged-in customer's statement. */
export const StoreGetStatement = statementQuery()
export type StoreGetStatementType = z.infer<typeof StoreGetStatement>


export const StoreGetHistory = z
  .object({
    currency_code: z.string().regex(/^[a-zA-Z]{3}$/, "currency_code must be a 3-letter ISO code").optional(),
    type: queryArray(oneOf("type", LEDGER_ENTRY_TYPES)).optional(),
    occurred_at: dateRange("occurred_at").optional(),
    ...pagination,
  })
  .strict()
export type StoreGetHistoryType = z.infer<typeof StoreGetHistory>

export const PAYMENT_METHOD_TYPES = ["card", "us_bank_account"] as const

const moneyInput = z.union([z.string(), z.number()])

export const StorePaymentMethodInput = z
  .object({
    type: oneOf("payment_method.type", PAYMENT_METHOD_TYPES),
    saved_method_id: z.string().min(1).optional(),
    save_for_autopay: z.boolean().optional(),
    data: plainRecord("payment_method.data", z.unknown()).optional(),
  })
  .strict()

/** The body of a payment and of its preview (the preview ignores payment_method and note). */
export const StorePaymentBody = z
  .object({
    mode: oneOf("mode", PAYMENT_MODES),
    currency_code: z.string().regex(/^[a-zA-Z]{3}$/, "currency_code must be a 3-letter ISO code"),
    invoice_ids: z.array(z.string().min(1)).min(1).max(1000).optional(),
    amounts: plainRecord("amounts", moneyInput).optional(),
    amount: moneyInput.optional(),
    /**
     * The amount the customer was shown (the preview's `amount`): when the
     * payment would now charge anything else, 409 `balance_changed` and
     * nothing is reserved or charged. The preview ignores it.
     */
    expected_amount: moneyInput.optional(),
    payment_method: StorePaymentMethodInput.optional(),
    note: z.string().max(1000).optional(),
    /** how many allocations the answer lists, oldest first (DESIGN sec. 5; default 100); `allocation_count` gives them all */
    allocations_limit: z
      .number({ error: "allocations_limit must be a whole number from 1 to 1000" })
      .int("allocations_limit must be a whole number from 1 to 1000")
      .min(1, "allocations_limit must be a whole number from 1 to 1000")
      .max(MAX_ALLOCATIONS_LIMIT, "allocations_limit must be a whole number from 1 to 1000")
      .optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    // amounts in the currency's minor units and within the amount bound
    if (body.amount !== undefined) moneyIssue(ctx, () => toMinor(body.amount!, body.currency_code, "amount"))
    for (const [id, value] of Object.entries(body.amounts ?? {})) {
      moneyIssue(ctx, () => toMinor(value, body.currency_code, `amounts.${id}`))
    }
    if (body.expected_amount !== undefined) {
      moneyIssue(ctx, () => {
        if (toMinor(body.expected_amount!, body.currency_code, "expected_amount") <= 0n) {
          ctx.addIssue({ code: "custom", message: "expected_amount must be greater than 0" })
        }
      })
    }
  })
export type StorePaymentBodyType = z.infer<typeof StorePaymentBody>

export const StoreCompletePayment = z
  .object({
    /** provider-specific confirmation details (the sandbox takes `{ confirmed: true }`) */
    provider_data: plainRecord("provider_data", z.unknown()).optional(),
  })
  .strict()
export type StoreCompletePaymentType = z.infer<typeof StoreCompletePayment>

export const StoreGetPayments = z
  .object({
    status: queryArray(oneOf("status", PAYMENT_STATUSES)).optional(),
    created_at: dateRange("created_at").optional(),
    ...pagination,
  })
  .strict()
export type StoreGetPaymentsType = z.infer<typeof StoreGetPayments>

/** The allocation part of a payment body, for the logged-in customer. */
export function paymentRequestFrom(body: StorePaymentBodyType, customerId: string) {
  return {
    customer_id: customerId,
    mode: body.mode,
    currency_code: body.currency_code,
    invoice_ids: body.invoice_ids,
    amounts: body.amounts,
    amount: body.amount,
  }
}
