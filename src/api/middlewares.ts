import { defineMiddlewares } from "@medusajs/framework/http"
import { adminAutopayMiddlewares } from "./admin/billing/autopay/middlewares"
import { adminBillingMiddlewares } from "./admin/billing/middlewares"
import { adminPaymentMiddlewares } from "./admin/billing/payments/middlewares"
import { adminSendInvoiceMiddlewares } from "./admin/billing/invoices/[id]/send/middlewares"
import { adminPortalUserMiddlewares } from "./admin/billing/portal-users/middlewares"
import { adminReportMiddlewares } from "./admin/billing/reports/middlewares"
import { adminServiceRequestMiddlewares } from "./admin/billing/service-requests/middlewares"
import { adminPortalSettingsMiddlewares } from "./admin/billing/settings/middlewares"
import { billingHookMiddlewares } from "./hooks/billing/middlewares"
import { hostedPortalMiddlewares } from "./hosted-portal/middlewares"
import { storeAutopayMiddlewares } from "./store/billing/autopay/middlewares"
import { storeInvitationMiddlewares } from "./store/billing/invitation/middlewares"
import { storePayLinkMiddlewares } from "./store/billing/pay-link/middlewares"
import { storeBillingMiddlewares } from "./store/billing/middlewares"
import { storePaymentMethodMiddlewares } from "./store/billing/payment-methods/middlewares"
import { storeServiceRequestMiddlewares } from "./store/billing/service-requests/middlewares"
import { storePaymentCollectionMiddlewares } from "./store/payment-collections/middlewares"
import { billingErrorHandler } from "./utils/error-handler"
import { canonicalLoginEmail } from "./utils/login-email"
import { billingRequestGuard } from "./utils/request-guards"

// One list per resource folder; this file only gathers them.
export default defineMiddlewares({
  // Medusa's handler, plus a 400 for a malformed path that Medusa's own /admin* middleware fails on (see there)
  errorHandler: billingErrorHandler,
  routes: [
    // First, and without wildcard or parameters: see request-guards.ts. Not
    // under /hooks, whose webhook routes read their raw bodies.
    { matcher: "/store/billing", middlewares: [billingRequestGuard] },
    { matcher: "/admin/billing", middlewares: [billingRequestGuard] },
    ...storeBillingMiddlewares,
    ...storeAutopayMiddlewares,
    ...storeInvitationMiddlewares,
    ...storePayLinkMiddlewares,
    ...storePaymentMethodMiddlewares,
    ...storeServiceRequestMiddlewares,
    ...adminBillingMiddlewares,
    ...adminSendInvoiceMiddlewares,
    ...adminAutopayMiddlewares,
    ...adminPaymentMiddlewares,
    ...adminPortalUserMiddlewares,
    ...adminReportMiddlewares,
    ...adminServiceRequestMiddlewares,
    ...adminPortalSettingsMiddlewares,
    ...billingHookMiddlewares,
    ...storePaymentCollectionMiddlewares,
    ...hostedPortalMiddlewares,
    // sign in, register and reset password find a login whatever the case of the email (see login-email.ts)
    { matcher: "/auth/customer/emailpass", method: ["POST"], middlewares: [canonicalLoginEmail("email")] },
    { matcher: "/auth/customer/emailpass/register", method: ["POST"], middlewares: [canonicalLoginEmail("email")] },
    { matcher: "/auth/customer/emailpass/reset-password", method: ["POST"], middlewares: [canonicalLoginEmail("identifier")] },
  ],
})
