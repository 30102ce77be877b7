import {
  MiddlewareRoute,
  validateAndTransformBody,
  validateAndTransformQuery,
} from "@medusajs/framework/http"
import { customerLogin, requirePortalTab } from "../../../utils/portal-gates"
import { StoreCreateServiceRequest, StoreGetServiceRequest, StoreGetServiceRequests } from "./validators"

const queryConfig = { defaults: ["id"], isList: false }

export const storeServiceRequestMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/store/billing/service-requests*",
    middlewares: [...customerLogin()],
  },
  // Open while either tab is on; each route then refuses the kind whose tab is off.
  {
    matcher: "/store/billing/service-requests*",
    middlewares: [requirePortalTab(["service_notes", "service_requests"])],
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
