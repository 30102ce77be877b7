import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { formatDisplayId } from "../domain/invoice-status"
import type { PortalSettings } from "../domain/portal-settings"
import { INVOICING_MODULE } from "../modules/invoicing"
import type InvoicingModuleService from "../modules/invoicing/service"
import { PORTAL_MODULE } from "../modules/portal"
import type PortalModuleService from "../modules/portal/service"
import { sendBillingEmail } from "../utils/notify"
import { loadPortalSettings } from "../utils/portal-settings"
import { formatCalendarDate } from "../workflows/service-requests/service-request-rules"

/**
 * The recipients of a kind: the addresses set for service notes or service
 * requests; when none are set, the support email (so a request is never
 * silently dropped); otherwise nobody.
 */
export function serviceRequestRecipients(settings: PortalSettings, kind: "note" | "request"): string[] {
  const configured = settings.recipients[kind === "note" ? "service_notes" : "service_requests"] ?? []
  const recipients = configured.length ? configured : settings.support_email ? [settings.support_email] : []
  return [...new Set(recipients.map((r) => r.trim()).filter(Boolean))]
}

/** Emails a new service note or request to the business (once per request and recipient). */
export default async function billingServiceRequestCreated({ event, container }: SubscriberArgs<{ id: string }>) {
  const portal = container.resolve<PortalModuleService>(PORTAL_MODULE)
  const request = await portal.retrieveServiceRequest(event.data.id)
  const settings = await loadPortalSettings(container)
  const recipients = serviceRequestRecipients(settings, request.kind)
  if (!recipients.length) return

  const [customer] = await container
    .resolve(Modules.CUSTOMER)
    .listCustomers({ id: request.customer_id }, { select: ["id", "email", "first_name", "last_name"], take: 1 })
  let invoiceNumber = ""
  if (request.invoice_id) {
    const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
    const [invoice] = await invoicing.listInvoices({ id: request.invoice_id }, { select: ["id", "display_id"], take: 1 })
    if (invoice) invoiceNumber = formatDisplayId(invoice.display_id)
  }
  const vars = {
    customer: {
      name: [customer?.first_name, customer?.last_name].filter(Boolean).join(" ") || customer?.email || request.customer_id,
      email: customer?.email ?? "",
      first_name: customer?.first_name ?? "",
    },
    request: {
      id: request.id,
      kind: request.kind,
      subject: request.subject,
      message: request.message,
      preferred_date: formatCalendarDate(request.preferred_date) ?? "",
      invoice: invoiceNumber,
    },
  }
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  for (const to of recipients) {
    try {
      await sendBillingEmail(container, {
        template: "billing.service_request",
        to,
        vars,
        idempotency_key: `billing.service_request:${request.id}:${to.toLowerCase()}`,
        trigger_type: event.name,
        resource_id: request.id,
        resource_type: "service_request",
        settings,
      })
    } catch (e: any) {
      // one recipient's failure must not keep the others from being told
      logger.warn(`billing: service request ${request.id} email to a recipient failed: ${e?.message}`)
    }
  }
}

export const config: SubscriberConfig = {
  event: "billing.service_request.created",
  context: { subscriberId: "billing-service-request-created" },
}
