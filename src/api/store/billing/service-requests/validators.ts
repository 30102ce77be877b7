import { z } from "@medusajs/framework/zod"
import { SERVICE_REQUEST_KINDS, SERVICE_REQUEST_STATUSES } from "../../../../modules/portal/models/service-request"
import { isDateInRange } from "../../../../domain/dates"
import { parseCalendarDate } from "../../../../workflows/service-requests/service-request-rules"
import { oneOf, pagination, queryArray } from "../../../utils/validators"

const text = (field: string, max: number) =>
  z
    .string({ message: `${field} must be a string` })
    .trim()
    // refinements keep these messages (Medusa rewrites zod's min/max messages)
    .refine((v) => v.length > 0, `${field} must not be empty`)
    .refine((v) => v.length <= max, `${field} must be at most ${max} characters`)

export const StoreCreateServiceRequest = z
  .object({
    kind: oneOf("kind", SERVICE_REQUEST_KINDS),
    subject: text("subject", 200),
    message: text("message", 5000),
    /** a calendar date; "not in the past" is checked in the workflow against `now` */
    preferred_date: z
      .string({ message: "preferred_date must be a date in the form YYYY-MM-DD" })
      .refine((v) => {
        const date = parseCalendarDate(v)
        return date !== null && isDateInRange(date)
      }, "preferred_date must be a date in the form YYYY-MM-DD")
      .nullish(),
    invoice_id: z
      .string({ message: "invoice_id must be a string" })
      .trim()
      .refine((v) => v.length > 0, "invoice_id must not be empty")
      .nullish(),
  })
  .strict()
export type StoreCreateServiceRequestType = z.infer<typeof StoreCreateServiceRequest>

export const StoreGetServiceRequests = z
  .object({
    kind: oneOf("kind", SERVICE_REQUEST_KINDS).optional(),
    status: queryArray(oneOf("status", SERVICE_REQUEST_STATUSES)).optional(),
    ...pagination,
  })
  .strict()
export type StoreGetServiceRequestsType = z.infer<typeof StoreGetServiceRequests>

export const StoreGetServiceRequest = z.object({}).strict()
export type StoreGetServiceRequestType = z.infer<typeof StoreGetServiceRequest>
