import {
  authenticate,
  MiddlewareRoute,
  validateAndTransformBody,
  validateAndTransformQuery,
} from "@medusajs/framework/http"
import { StoreCreateServiceRequest, StoreGetServiceRequest, StoreGetServiceRequests } from "./validators"

const queryConfig = { defaults: ["id"], isList: false }

export const storeServiceRequestMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/store/billing/service-requests*",
    middlewares: [authenticate("customer", ["session", "bearer"])],
  },
  {
    methods: ["GET"],
    matcher: "/store/billing/service-requests",
    middlewares: [validateAndTransformQuery(StoreGetServiceRequests, queryConfig)],
  },
  {
    methods: ["POST"],
    matcher: "/store/billing/service-requests",
    middlewares: [validateAndTransformBody(StoreCreateServiceRequest)],
  },
  {
    methods: ["GET"],
    matcher: "/store/billing/service-requests/:id",
    middlewares: [validateAndTransformQuery(StoreGetServiceRequest, queryConfig)],
  },
]
