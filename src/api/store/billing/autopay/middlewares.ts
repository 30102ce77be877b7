import { authenticate, MiddlewareRoute, validateAndTransformBody } from "@medusajs/framework/http"
import { requirePortalLogins } from "../../../utils/portal-gates"
import { StoreUpdateAutopay } from "./validators"

export const storeAutopayMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/store/billing/autopay*",
    middlewares: [authenticate("customer", ["session", "bearer"]), requirePortalLogins()],
  },
  {
    methods: ["PUT"],
    matcher: "/store/billing/autopay",
    middlewares: [validateAndTransformBody(StoreUpdateAutopay)],
  },
]
