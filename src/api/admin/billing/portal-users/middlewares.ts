import { MiddlewareRoute, validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
import {
  AdminGetPortalUsers,
  AdminInvitePortalUsers,
  AdminPortalUsersBulk,
  AdminResendPortalInvitations,
  AdminResetPortalPasswords,
  AdminRevokePortalInvitations,
} from "./validators"

// Admin authentication comes from the `/admin/billing*` entry of the admin billing middlewares.
export const adminPortalUserMiddlewares: MiddlewareRoute[] = [
  {
    methods: ["GET"],
    matcher: "/admin/billing/portal-users",
    middlewares: [validateAndTransformQuery(AdminGetPortalUsers, { defaults: ["id"], isList: true })],
  },
  {
    methods: ["POST"],
    matcher: "/admin/billing/portal-users/invite",
    middlewares: [validateAndTransformBody(AdminInvitePortalUsers)],
  },
  {
    methods: ["POST"],
    matcher: "/admin/billing/portal-users/resend",
    middlewares: [validateAndTransformBody(AdminResendPortalInvitations)],
  },
  {
    methods: ["POST"],
    matcher: "/admin/billing/portal-users/revoke",
    middlewares: [validateAndTransformBody(AdminRevokePortalInvitations)],
  },
  {
    methods: ["POST"],
    matcher: "/admin/billing/portal-users/reset-password",
    middlewares: [validateAndTransformBody(AdminResetPortalPasswords)],
  },
  {
    methods: ["POST"],
    matcher: "/admin/billing/portal-users/disable",
    middlewares: [validateAndTransformBody(AdminPortalUsersBulk)],
  },
  {
    methods: ["POST"],
    matcher: "/admin/billing/portal-users/enable",
    middlewares: [validateAndTransformBody(AdminPortalUsersBulk)],
  },
]
