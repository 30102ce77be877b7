import { z } from "@medusajs/framework/zod"
import { PORTAL_STATUSES } from "../../../../workflows/portal/portal-status"
import { oneOf, pagination } from "../../../utils/validators"

export const MAX_BULK_CUSTOMERS = 500

export const AdminGetPortalUsers = z
  .object({
    q: z.string().trim().max(200, "q must be at most 200 characters").optional(),
    /** one customer (the customer page's widget): the other filters still apply */
    customer_id: z
      .string()
      .trim()
      .refine((v) => v.length > 0, { message: "customer_id must not be empty" })
      .optional(),
    status: oneOf("status", PORTAL_STATUSES).optional(),
    without_account: z
      .union([z.boolean(), z.enum(["true", "false"])], { error: "without_account must be true or false" })
      .transform((v) => v === true || v === "true")
      .optional(),
    ...pagination,
  })
  .strict()
export type AdminGetPortalUsersType = z.infer<typeof AdminGetPortalUsers>

/** Body of the bulk actions: invite, resend, revoke, reset-password. */
export const AdminPortalUsersBulk = z
  .object({
    customer_ids: z
      .array(z.string().trim().refine((v) => v.length > 0, { message: "customer_ids must not contain empty ids" }))
      .refine((v) => v.length >= 1, { message: "customer_ids must contain at least one customer id" })
      .refine((v) => v.length <= MAX_BULK_CUSTOMERS, {
        message: `customer_ids must contain at most ${MAX_BULK_CUSTOMERS} customer ids`,
      }),
  })
  .strict()
export type AdminPortalUsersBulkType = z.infer<typeof AdminPortalUsersBulk>

export const AdminInvitePortalUsers = AdminPortalUsersBulk
export type AdminInvitePortalUsersType = AdminPortalUsersBulkType
export const AdminResendPortalInvitations = AdminPortalUsersBulk
export type AdminResendPortalInvitationsType = AdminPortalUsersBulkType
export const AdminRevokePortalInvitations = AdminPortalUsersBulk
export type AdminRevokePortalInvitationsType = AdminPortalUsersBulkType
export const AdminResetPortalPasswords = AdminPortalUsersBulk
export type AdminResetPortalPasswordsType = AdminPortalUsersBulkType
