import {
  authenticate,
  MiddlewareRoute,
  validateAndTransformBody,
  validateAndTransformQuery,
} from "@medusajs/framework/http"
import {
  AdminCreateInvoice,
  AdminGetPayments,
  AdminRefundPayment,
  AdminRecordInvoicePayment,
  AdminReconcilePayment,
  AdminResolvePaymentAttention,
  AdminFinishRefund,
  AdminGetInvoice,
  AdminGetDocument,
  AdminGetStatement,
  AdminGetInvoices,
  AdminIssueInvoice,
  AdminUpdateInvoice,
  AdminVoidInvoice,
} from "./validators"

const queryConfig = { defaults: ["id"], isList: false }

export const adminBillingMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/admin/billing*",
    middlewares: [authenticate("user", ["session", "bearer", "api-key"])],
  },
  {
    methods: ["GET"],
    matcher: "/admin/billing/invoices",
    middlewares: [validateAndTransformQuery(AdminGetInvoices, queryConfig)],
  },
  {
    methods: ["POST"],
    matcher: "/admin/billing/invoices",
    middlewares: [validateAndTransformBody(AdminCreateInvoice)],
  },
  {
    methods: ["GET"],
    matcher: "/admin/billing/invoices/:id",
    middlewares: [validateAndTransformQuery(AdminGetInvoice, queryConfig)],
  },
  {
    methods: ["POST"],
    matcher: "/admin/billing/invoices/:id",
    middlewares: [validateAndTransformBody(AdminUpdateInvoice)],
  },
  {
    methods: ["POST"],
    matcher: "/admin/billing/invoices/:id/issue",
    middlewares: [validateAndTransformBody(AdminIssueInvoice)],
  },
  {
    methods: ["POST"],
    matcher: "/admin/billing/invoices/:id/payments",
    middlewares: [validateAndTransformBody(AdminRecordInvoicePayment)],
  },
  {
    methods: ["POST"],
    matcher: "/admin/billing/payments/:id/refund",
    middlewares: [validateAndTransformBody(AdminRefundPayment)],
  },
  {
    methods: ["POST"],
    matcher: "/admin/billing/payments/:id/refunds/:refund_id/finish",
    middlewares: [validateAndTransformBody(AdminFinishRefund)],
  },
  {
    methods: ["POST"],
    matcher: "/admin/billing/payments/:id/reconcile",
    middlewares: [validateAndTransformBody(AdminReconcilePayment)],
  },
  {
    methods: ["POST"],
    matcher: "/admin/billing/payments/:id/attention/resolve",
    middlewares: [validateAndTransformBody(AdminResolvePaymentAttention)],
  },
  {
    methods: ["GET"],
    matcher: "/admin/billing/payments",
    middlewares: [validateAndTransformQuery(AdminGetPayments, queryConfig)],
  },
  {
    methods: ["POST"],
    matcher: "/admin/billing/invoices/:id/void",
    middlewares: [validateAndTransformBody(AdminVoidInvoice)],
  },
  // PDFs (DESIGN sec. 14)
  {
    methods: ["GET"],
    matcher: "/admin/billing/invoices/:id/pdf",
    middlewares: [validateAndTransformQuery(AdminGetDocument, queryConfig)],
  },
  {
    methods: ["GET"],
    matcher: "/admin/billing/payments/:id/receipt",
    middlewares: [validateAndTransformQuery(AdminGetDocument, queryConfig)],
  },
  {
    methods: ["GET"],
    matcher: "/admin/billing/customers/:id/statement",
    middlewares: [validateAndTransformQuery(AdminGetStatement, queryConfig)],
  },
]
