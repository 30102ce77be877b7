import { z } from "@medusajs/framework/zod"
import { SERVICE_REQUEST_KINDS, SERVICE_REQUEST_STATUSES } from "../../../../modules/portal/models/service-request"
import { oneOf, pagination, queryArray } from "../../../utils/validators"

export const AdminGetServiceRequests = z
  .object({
    customer_id: z.string().trim().min(1, "customer_id must not be empty").optional(),
    kind: oneOf("kind", SERVICE_REQUEST_KINDS).optional(),
    status: queryArray(oneOf("status", SERVICE_REQUEST_STATUSES)).optional(),
    /** subject, message, or the customer's email / name */
    q: z.string().trim().min(1, "q must not be empty").max(200, "q must be at most 200 characters").optional(),
    ...pagination,
  })
  .strict()
export type AdminGetServiceRequestsType = z.infer<typeof AdminGetServiceRequests>

export const AdminGetServiceRequest = z.object({}).strict()
export type AdminGetServiceRequestType = z.infer<typeof AdminGetServiceRequest>

export const AdminReplyServiceRequest = z
  .object({
    message: z
      .string({ message: "message must be a string" })
      .trim()
      .refine((v) => v.length > 0, "message must not be empty")
      .refine((v) => v.length <= 5000, "message must be at most 5000 characters"),
    status: oneOf("status", ["in_progress", "closed"] as const).optional(),
  })
  .strict()
export type AdminReplyServiceRequestType = z.infer<typeof AdminReplyServiceRequest>

export const AdminCloseServiceRequest = z.object({}).strict()
export type AdminCloseServiceRequestType = z.infer<typeof AdminCloseServiceRequest>
