import { MiddlewareRoute, validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
import {
  AdminCloseServiceRequest,
  AdminGetServiceRequest,
  AdminGetServiceRequests,
  AdminReplyServiceRequest,
} from "./validators"

const queryConfig = { defaults: ["id"], isList: false }

// Admin authentication comes from the `/admin/billing*` entry of the admin billing middlewares.
export const adminServiceRequestMiddlewares: MiddlewareRoute[] = [
  {
    methods: ["GET"],
    matcher: "/admin/billing/service-requests",
    middlewares: [validateAndTransformQuery(AdminGetServiceRequests, queryConfig)],
  },
  {
    methods: ["GET"],
    matcher: "/admin/billing/service-requests/:id",
    middlewares: [validateAndTransformQuery(AdminGetServiceRequest, queryConfig)],
  },
  {
    methods: ["POST"],
    matcher: "/admin/billing/service-requests/:id/reply",
    middlewares: [validateAndTransformBody(AdminReplyServiceRequest)],
  },
  {
    methods: ["POST"],
    matcher: "/admin/billing/service-requests/:id/close",
    middlewares: [validateAndTransformBody(AdminCloseServiceRequest)],
  },
]
