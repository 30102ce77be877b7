import {
  MiddlewareRoute,
  validateAndTransformBody,
  validateAndTransformQuery,
} from "@medusajs/framework/http"
import {
  StoreCompletePayment,
  StoreGetAccount,
  StoreGetDocument,
  StoreGetHistory,
  StoreGetInvoice,
  StoreGetInvoices,
  StoreGetPayments,
  StoreGetStatement,
  StorePaymentBody,
} from "./validators"
import { paymentCreationRateLimit } from "./payments/rate-limit"
import { customerLogin, requireOfferedPaymentMethod, requirePortalTab } from "../../utils/portal-gates"

const queryConfig = { defaults: ["id"], isList: false }

export const storeBillingMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/store/billing/account*",
    middlewares: [...customerLogin()],
  },
  {
    matcher: "/store/billing/invoices*",
    middlewares: [...customerLogin(), requirePortalTab("invoices")],
  },
  {
    matcher: "/store/billing/history*",
    middlewares: [...customerLogin(), requirePortalTab("history")],
  },
  {
    matcher: "/store/billing/payments*",
    middlewares: [...customerLogin()],
  },
  // The statement is the History tab's document: closed with it.
  {
    matcher: "/store/billing/statement*",
    middlewares: [...customerLogin(), requirePortalTab("history")],
  },
  // Paying needs the Payments tab; receipts stay readable while Payments or History is on.
  { methods: ["POST"], matcher: "/store/billing/payments*", middlewares: [requirePortalTab("payments")] },
  { methods: ["GET"], matcher: "/store/billing/payments*", middlewares: [requirePortalTab(["payments", "history"])] },
  { methods: ["POST"], matcher: "/store/billing/payments/preview", middlewares: [requireOfferedPaymentMethod()] },
  {
    methods: ["POST"],
    matcher: "/store/billing/payments/preview",
    middlewares: [validateAndTransformBody(StorePaymentBody)],
  },
  {
    methods: ["POST"],
    matcher: "/store/billing/payments",
    middlewares: [paymentCreationRateLimit, validateAndTransformBody(StorePaymentBody)],
  },
  {
    methods: ["GET"],
    matcher: "/store/billing/payments",
    middlewares: [validateAndTransformQuery(StoreGetPayments, queryConfig)],
  },
  {
    methods: ["GET"],
    matcher: "/store/billing/payments/:id",
    middlewares: [validateAndTransformQuery(StoreGetInvoice, queryConfig)],
  },
  {
    methods: ["POST"],
    matcher: "/store/billing/payments/:id/complete",
    middlewares: [validateAndTransformBody(StoreCompletePayment)],
  },
  {
    methods: ["GET"],
    matcher: "/store/billing/account",
    middlewares: [validateAndTransformQuery(StoreGetAccount, queryConfig)],
  },
  {
    methods: ["GET"],
    matcher: "/store/billing/invoices",
    middlewares: [validateAndTransformQuery(StoreGetInvoices, queryConfig)],
  },
  {
    methods: ["GET"],
    matcher: "/store/billing/invoices/:id",
    middlewares: [validateAndTransformQuery(StoreGetInvoice, queryConfig)],
  },
  {
    methods: ["GET"],
    matcher: "/store/billing/history",
    middlewares: [validateAndTransformQuery(StoreGetHistory, queryConfig)],
  },
  // PDFs (DESIGN sec. 14); the invoice PDF sits under the Invoices gate, the receipt under Payments/History.
  {
    methods: ["GET"],
    matcher: "/store/billing/invoices/:id/pdf",
    middlewares: [validateAndTransformQuery(StoreGetDocument, queryConfig)],
  },
  {
    methods: ["GET"],
    matcher: "/store/billing/payments/:id/receipt",
    middlewares: [validateAndTransformQuery(StoreGetDocument, queryConfig)],
  },
  {
    methods: ["GET"],
    matcher: "/store/billing/statement",
    middlewares: [validateAndTransformQuery(StoreGetStatement, queryConfig)],
  },
]
