import { defineMiddlewares } from "@medusajs/framework/http"
import { adminPortalSettingsMiddlewares } from "./admin/billing/settings/middlewares"
import { adminBillingMiddlewares } from "./admin/billing/middlewares"
import { billingHookMiddlewares } from "./hooks/billing/middlewares"
import { storeBillingMiddlewares } from "./store/billing/middlewares"
import { storePaymentMethodMiddlewares } from "./store/billing/payment-methods/middlewares"
import { storeServiceRequestMiddlewares } from "./store/billing/service-requests/middlewares"
import { adminServiceRequestMiddlewares } from "./admin/billing/service-requests/middlewares"

export default defineMiddlewares({
  routes: [...storeBillingMiddlewares, ...adminBillingMiddlewares, ...billingHookMiddlewares,
    ...storeServiceRequestMiddlewares, ...adminServiceRequestMiddlewares,
    ...storePaymentMethodMiddlewares,
    ...adminPortalSettingsMiddlewares],
})
