import {
  MiddlewareRoute,
  validateAndTransformBody,
  validateAndTransformQuery,
} from "@medusajs/framework/http"
import { customerLogin, requirePortalTab } from "../../../utils/portal-gates"
import { StoreCreatePaymentMethod, StoreGetPaymentMethods } from "./validators"

export const storePaymentMethodMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/store/billing/payment-methods*",
    middlewares: [...customerLogin(), requirePortalTab("payment_methods")],
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
