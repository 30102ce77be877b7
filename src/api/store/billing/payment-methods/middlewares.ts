import {
  authenticate,
  MiddlewareRoute,
  validateAndTransformBody,
  validateAndTransformQuery,
} from "@medusajs/framework/http"
import { requirePortalLogins, requirePortalTab } from "../../../utils/portal-gates"
import { StoreCreatePaymentMethod, StoreGetPaymentMethods } from "./validators"

export const storePaymentMethodMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/store/billing/payment-methods*",
    middlewares: [authenticate("customer", ["session", "bearer"]), requirePortalLogins(), requirePortalTab("payment_methods")],
  },
  {
    methods: ["GET"],
    matcher: "/store/billing/payment-methods",
    middlewares: [validateAndTransformQuery(StoreGetPaymentMethods, { defaults: ["id"], isList: true })],
  },
  {
    methods: ["POST"],
    matcher: "/store/billing/payment-methods",
    middlewares: [validateAndTransformBody(StoreCreatePaymentMethod)],
  },
]
