import { model } from "@medusajs/framework/utils"

export const SERVICE_REQUEST_KINDS = ["note", "request"] as const
export const SERVICE_REQUEST_STATUSES = ["open", "in_progress", "closed"] as const
export type ServiceRequestKind = (typeof SERVICE_REQUEST_KINDS)[number]
export type ServiceRequestStatus = (typeof SERVICE_REQUEST_STATUSES)[number]

/** A service note or service request a customer sent from the portal. */
const ServiceRequest = model
  .define("service_request", {
    id: model.id({ prefix: "sreq" }).primaryKey(),
    customer_id: model.text(),
    kind: model.enum([...SERVICE_REQUEST_KINDS]),
    subject: model.text(),
    message: model.text(),
    preferred_date: model.dateTime().nullable(),
    invoice_id: model.text().nullable(),
    status: model.enum([...SERVICE_REQUEST_STATUSES]).default("open"),
    admin_reply: model.text().nullable(),
    replied_at: model.dateTime().nullable(),
    closed_at: model.dateTime().nullable(),
  })
  .indexes([
    { on: ["customer_id", "created_at"], where: "deleted_at IS NULL" },
    { on: ["status", "created_at"], where: "deleted_at IS NULL" },
  ])

export default ServiceRequest
