import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { Modules } from "@medusajs/framework/utils"
import { PORTAL_MODULE } from "../modules/portal"
import type PortalModuleService from "../modules/portal/service"
import { sendBillingEmail } from "../utils/notify"

const STATUS_LABELS: Record<string, string> = { open: "Open", in_progress: "In progress", closed: "Closed" }

/**
 * Emails the admin's reply to the customer. The key includes the reply's
 * time, so every reply is sent once, however often the event is delivered.
 */
export default async function billingServiceRequestReplied({ event, container }: SubscriberArgs<{ id: string }>) {
  const portal = container.resolve<PortalModuleService>(PORTAL_MODULE)
  const request = await portal.retrieveServiceRequest(event.data.id)
  if (!request.admin_reply || !request.replied_at) return
  const [customer] = await container
    .resolve(Modules.CUSTOMER)
    .listCustomers({ id: request.customer_id }, { select: ["id", "email", "first_name", "last_name"], take: 1 })
  if (!customer?.email) return

  const repliedAt = new Date(request.replied_at).toISOString()
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
          reply: request.admin_reply,
          status: STATUS_LABELS[request.status] ?? request.status,
          status_code: request.status,
        },
      },
      idempotency_key: `billing.service_request_reply:${request.id}:${repliedAt}`,
      trigger_type: event.name,
      resource_id: request.id,
      resource_type: "service_request",
      receiver_id: customer.id,
    })
  } catch {
    // logged by sendBillingEmail; the reply itself is saved either way
  }
}

export const config: SubscriberConfig = {
  event: "billing.service_request.replied",
  context: { subscriberId: "billing-service-request-replied" },
}
