import { z } from "@medusajs/framework/zod"
import { INVOICE_STATUSES } from "../../../domain/invoice-status"
import { PAYMENT_STATUSES } from "../../../domain/payment-state"
import { priceInvoiceLines } from "../../../domain/money"
import { AGING_BUCKET_KEYS } from "../../../domain/statement"
import { OFFLINE_METHODS } from "../../../domain/payment-method-label"
import { dateRange, invoiceOrder, isoDate, moneyIssue, oneOf, pagination, pastDate, plainRecord, queryArray } from "../../utils/validators"
import { statementQuery } from "../../utils/statement-query"

const decimalString = (field: string) =>
  z
    .union([z.string(), z.number()])
    .transform((v) => String(v).trim())
    .refine((v) => /^-?\d+(\.\d+)?$/.test(v), { message: `${field} must be a decimal number` })

export const AdminInvoiceLine = z
  .object({
    title: z.string().trim().min(1, "lines.title is required").max(500),
    description: z.string().max(5000).nullish(),
    quantity: decimalString("quantity").refine((v) => !v.startsWith("-"), {
      message: "quantity must not be negative",
    }),
    unit_price: decimalString("unit_price").refine((v) => !v.startsWith("-"), {
      message: "unit_price must not be negative",
    }),
    service_date: isoDate("service_date").nullish(),
  })
  .strict()

export const AdminCreateInvoice = z
  .object({
    customer_id: z.string().min(1),
    currency_code: z.string().regex(/^[a-zA-Z]{3}$/, "currency_code must be a 3-letter ISO code"),
    due_at: isoDate("due_at"),
    issued_at: pastDate("issued_at").nullish(),
    notes: z.string().max(5000).nullish(),
    order_id: z.string().nullish(),
    metadata: plainRecord("metadata", z.unknown()).nullish(),
    lines: z.array(AdminInvoiceLine).min(1, "lines must contain at least one line").max(500),
  })
  .strict()
  .superRefine((body, ctx) => {
    // prices, line totals and the total within the amount bound (a draft's
    // edit is checked the same way by the service, which knows its currency)
    moneyIssue(ctx, () => priceInvoiceLines(body.lines, body.currency_code))
  })
export type AdminCreateInvoiceType = z.infer<typeof AdminCreateInvoice>

export const AdminUpdateInvoice = z
  .object({
    due_at: isoDate("due_at").optional(),
    issued_at: pastDate("issued_at").nullish(),
    notes: z.string().max(5000).nullish(),
    order_id: z.string().nullish(),
    metadata: plainRecord("metadata", z.unknown()).nullish(),
    lines: z.array(AdminInvoiceLine).min(1, "lines must contain at least one line").max(500).optional(),
  })
  .strict()
export type AdminUpdateInvoiceType = z.infer<typeof AdminUpdateInvoice>

export const AdminIssueInvoice = z
  .object({
    issued_at: pastDate("issued_at").optional(),
  })
  .strict()
export type AdminIssueInvoiceType = z.infer<typeof AdminIssueInvoice>

export const AdminVoidInvoice = z.object({}).strict()

/** `POST /admin/billing/payments/:id/reconcile` takes no body. */
export const AdminReconcilePayment = z.object({}).strict()

/** `POST /admin/billing/payments/:id/attention/resolve` takes no body. */
export const AdminResolvePaymentAttention = z.object({}).strict()

/** `POST /admin/billing/payments/:id/refunds/:refund_id/finish` takes no body. */
export const AdminFinishRefund = z.object({}).strict()

export const AdminGetInvoices = z
  .object({
    customer_id: queryArray(z.string().min(1)).optional(),
    status: queryArray(oneOf("status", INVOICE_STATUSES)).optional(),
    currency_code: z.string().regex(/^[a-zA-Z]{3}$/, "currency_code must be a 3-letter ISO code").optional(),
    q: z.string().trim().min(1).max(100).optional(),
    due_at: dateRange("due_at").optional(),
    issued_at: dateRange("issued_at").optional(),
    created_at: dateRange("created_at").optional(),
    /** `true`: unpaid invoices past their due date (as `is_overdue`) */
    overdue: oneOf("overdue", ["true", "false"] as const).optional(),
    /** open invoices of one receivables-aging bucket (as the aging report counts them) */
    aging: oneOf("aging", AGING_BUCKET_KEYS).optional(),
    order: invoiceOrder,
    ...pagination,
  })
  .strict()
export type AdminGetInvoicesType = z.infer<typeof AdminGetInvoices>

export const AdminGetInvoice = z.object({}).strict()

/** An invoice PDF or a receipt: no query. */
export const AdminGetDocument = z.object({}).strict()
export type AdminGetDocumentType = z.infer<typeof AdminGetDocument>

/** `?from=&to=&currency_code=&period=` of a customer's statement (the customer is the path's). */
export const AdminGetStatement = statementQuery()
export type AdminGetStatementType = z.infer<typeof AdminGetStatement>

export const AdminRecordInvoicePayment = z
  .object({
    amount: z.union([z.string(), z.number()]).transform((v) => String(v).trim()),
    method: oneOf("method", ["manual"] as const).default("manual"),
    /** how the money came in, shown on the receipt ("Check #1042", "Cash", "Bank transfer" beside the reference) */
    offline_method: oneOf("offline_method", OFFLINE_METHODS).optional(),
    /** check number, bank reference… shown to the customer as the transaction id */
    reference: z.string().trim().min(1).max(200).optional(),
    note: z.string().max(1000).optional(),
    received_at: pastDate("received_at").optional(),
  })
  .strict()
export type AdminRecordInvoicePaymentType = z.infer<typeof AdminRecordInvoicePayment>

export const AdminGetPayments = z
  .object({
    customer_id: queryArray(z.string().min(1)).optional(),
    status: queryArray(oneOf("status", PAYMENT_STATUSES)).optional(),
    method: queryArray(oneOf("method", ["card", "us_bank_account", "manual", "credit"] as const)).optional(),
    /** "true": only payments the reconciler cannot finish (`attention`), oldest problem first */
    attention: oneOf("attention", ["true", "false"] as const).optional(),
    created_at: dateRange("created_at").optional(),
    ...pagination,
  })
  .strict()
export type AdminGetPaymentsType = z.infer<typeof AdminGetPayments>

export const AdminRefundPayment = z
  .object({
    /** major units; the whole refundable amount when omitted */
    amount: z.union([z.string(), z.number()]).transform((v) => String(v).trim()).optional(),
    reason: z.string().trim().max(500).optional(),
  })
  .strict()
export type AdminRefundPaymentType = z.infer<typeof AdminRefundPayment>

/** `GET /admin/billing/payments/:id/refund-preview`: the refund the admin is about to confirm. */
export const AdminGetRefundPreview = z
  .object({
    /** major units; the whole refundable amount when omitted */
    amount: z.string().trim().min(1, "amount must not be empty").optional(),
  })
  .strict()
export type AdminGetRefundPreviewType = z.infer<typeof AdminGetRefundPreview>
