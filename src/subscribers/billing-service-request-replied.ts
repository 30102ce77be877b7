import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { Modules } from "@medusajs/framework/utils"
import { PORTAL_MODULE } from "../modules/portal"
import type PortalModuleService from "../modules/portal/service"
import { sendBillingEmail } from "../utils/notify"
import type { ServiceRequestRepliedEventData } from "../workflows/service-requests/workflows/reply-to-service-request"

const STATUS_LABELS: Record<string, string> = { open: "Open", in_progress: "In progress", closed: "Closed" }

/**
 * Emails the admin's reply to the customer: the reply the event is about (it
 * travels with the event; the request itself may already hold a later one),
 * keyed by that reply's id, so every reply is sent once, however often its
 * event is delivered, and two replies close together are two emails.
 */
export default async function billingServiceRequestReplied({
  event,
  container,
}: SubscriberArgs<ServiceRequestRepliedEventData | { id: string; reply?: undefined }>) {
  const portal = container.resolve<PortalModuleService>(PORTAL_MODULE)
  const request = await portal.retrieveServiceRequest(event.data.id)
  const reply = replyOf(event.data, request)
  if (!reply) return
  const [customer] = await container
    .resolve(Modules.CUSTOMER)
    .listCustomers({ id: request.customer_id }, { select: ["id", "email", "first_name", "last_name"], take: 1 })
  if (!customer?.email) return

  try {
    await sendBillingEmail(container, {
      template: "billing.service_request_reply",
      to: customer.email,
      vars: {
        customer: {
          first_name: customer.first_name ?? "",
          name: [customer.first_name, customer.last_name].filter(Boolean).join(" ") || customer.email,
          email: customer.email,
        },
        request: {
          id: request.id,
          kind: request.kind,
          subject: request.subject,
          reply: reply.message,
          status: STATUS_LABELS[reply.status] ?? reply.status,
          status_code: reply.status,
        },
      },
      idempotency_key: reply.key,
      trigger_type: event.name,
      resource_id: request.id,
      resource_type: "service_request",
      receiver_id: customer.id,
    })
  } catch {
    // logged by sendBillingEmail; the reply itself is saved either way
  }
}

/**
 * The reply to email. An event emitted before replies travelled with it
 * (`{ id }` only) falls back to the request's latest reply, keyed by its time
 * as those events were.
 */
function replyOf(
  data: ServiceRequestRepliedEventData | { id: string; reply?: undefined },
  request: { id: string; admin_reply?: string | null; replied_at?: Date | string | null; status: string }
): { message: string; status: string; key: string } | null {
  if (data.reply) {
    return { message: data.reply.message, status: data.reply.status, key: `billing.service_request_reply:${request.id}:${data.reply.id}` }
  }
  if (!request.admin_reply || !request.replied_at) return null
  const repliedAt = new Date(request.replied_at).toISOString()
  return { message: request.admin_reply, status: request.status, key: `billing.service_request_reply:${request.id}:${repliedAt}` }
}

export const config: SubscriberConfig = {
  event: "billing.service_request.replied",
  context: { subscriberId: "billing-service-request-replied" },
}
