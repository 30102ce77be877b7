import { MiddlewareRoute, validateAndTransformQuery } from "@medusajs/framework/http"
import { AdminGetAgingReport } from "./validators"

// Admin authentication comes from the `/admin/billing*` entry of the admin billing middlewares.
export const adminReportMiddlewares: MiddlewareRoute[] = [
  {
    methods: ["GET"],
    matcher: "/admin/billing/reports/aging",
    middlewares: [validateAndTransformQuery(AdminGetAgingReport, { defaults: ["id"], isList: false })],
  },
]
