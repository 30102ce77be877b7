import { MiddlewareRoute, validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
import { AdminCancelAutopay, AdminGetAutopay, AdminRunAutopay } from "./validators"

// Admin authentication is applied to /admin/billing* in ../middlewares.ts.
export const adminAutopayMiddlewares: MiddlewareRoute[] = [
  {
    methods: ["GET"],
    matcher: "/admin/billing/autopay",
    middlewares: [validateAndTransformQuery(AdminGetAutopay, { defaults: ["id"], isList: true })],
  },
  {
    methods: ["POST"],
    matcher: "/admin/billing/autopay/run",
    middlewares: [validateAndTransformBody(AdminRunAutopay)],
  },
  {
    methods: ["POST"],
    matcher: "/admin/billing/autopay/:id/cancel",
    middlewares: [validateAndTransformBody(AdminCancelAutopay)],
  },
]
