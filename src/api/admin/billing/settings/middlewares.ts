import { MiddlewareRoute, validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
import { AdminGetPortalSettings, AdminSendTestEmail, AdminUpdatePortalSettings } from "./validators"

// Admin authentication comes from the `/admin/billing*` entry of the admin billing middlewares.
export const adminPortalSettingsMiddlewares: MiddlewareRoute[] = [
  {
    methods: ["GET"],
    matcher: "/admin/billing/settings",
    middlewares: [validateAndTransformQuery(AdminGetPortalSettings, { defaults: ["id"], isList: false })],
  },
  {
    methods: ["POST"],
    matcher: "/admin/billing/settings",
    middlewares: [validateAndTransformBody(AdminUpdatePortalSettings)],
  },
  {
    methods: ["POST"],
    matcher: "/admin/billing/settings/test-email",
    middlewares: [validateAndTransformBody(AdminSendTestEmail)],
  },
]
