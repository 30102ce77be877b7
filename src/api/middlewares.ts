import { defineMiddlewares } from "@medusajs/framework/http"
import { adminBillingMiddlewares } from "./admin/billing/middlewares"
import { billingHookMiddlewares } from "./hooks/billing/middlewares"
import { storeBillingMiddlewares } from "./store/billing/middlewares"

export default defineMiddlewares({
  routes: [...storeBillingMiddlewares, ...adminBillingMiddlewares, ...billingHookMiddlewares],
})
