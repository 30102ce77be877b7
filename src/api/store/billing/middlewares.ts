import {
  authenticate,
  MiddlewareRoute,
  validateAndTransformBody,
  validateAndTransformQuery,
} from "@medusajs/framework/http"
import {
  StoreCompletePayment,
  StoreGetAccount,
  StoreGetHistory,
  StoreGetInvoice,
  StoreGetInvoices,
  StoreGetPayments,
  StorePaymentBody,
} from "./validators"
import { paymentCreationRateLimit } from "./payments/rate-limit"

const queryConfig = { defaults: ["id"], isList: false }

export const storeBillingMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/store/billing/account*",
    middlewares: [authenticate("customer", ["session", "bearer"])],
  },
  {
    matcher: "/store/billing/invoices*",
    middlewares: [authenticate("customer", ["session", "bearer"])],
  },
  {
    matcher: "/store/billing/history*",
    middlewares: [authenticate("customer", ["session", "bearer"])],
  },
  {
    matcher: "/store/billing/payments*",
    middlewares: [authenticate("customer", ["session", "bearer"])],
  },
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
]
