import { MiddlewareRoute, validateAndTransformBody } from "@medusajs/framework/http"
import { customerLogin } from "../../../utils/portal-gates"
import { StorePauseAutopay, StoreUpdateAutopay } from "./validators"

export const storeAutopayMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/store/billing/autopay*",
    middlewares: [...customerLogin()],
  },
  {
    methods: ["PUT"],
    matcher: "/store/billing/autopay",
    middlewares: [validateAndTransformBody(StoreUpdateAutopay)],
  },
  {
    methods: ["POST"],
    matcher: "/store/billing/autopay/pause",
    middlewares: [validateAndTransformBody(StorePauseAutopay)],
  },
]
