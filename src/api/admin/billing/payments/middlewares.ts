import { MiddlewareRoute, validateAndTransformQuery } from "@medusajs/framework/http"
import { AdminGetRefundPreview } from "../validators"

// Admin authentication is applied to /admin/billing* in ../middlewares.ts.
export const adminPaymentMiddlewares: MiddlewareRoute[] = [
  {
    methods: ["GET"],
    matcher: "/admin/billing/payments/:id/refund-preview",
    middlewares: [validateAndTransformQuery(AdminGetRefundPreview, { defaults: ["id"], isList: false })],
  },
]
