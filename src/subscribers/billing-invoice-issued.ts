import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { findSentBillingEmail } from "../utils/notify"
import { loadPortalSettings } from "../utils/portal-settings"
import { invoiceIssuedEmailKey, loadInvoiceForEmail, sendInvoiceEmail } from "../workflows/invoices/invoice-email"

/**
 * Emails an invoice to its customer when it is issued, if the portal setting
 * `email_on_issue` is on (the default). The idempotency key is the invoice's,
 * so a redelivered event never sends twice. The issue is committed before
 * this runs: a failure here is logged and never undoes it (the admin can
 * send the invoice again).
 */
export default async function billingInvoiceIssued({ event, container }: SubscriberArgs<{ id: string }>) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  try {
    const settings = await loadPortalSettings(container)
    // anything but an explicit "off" keeps the default
    if (settings.email_on_issue === false) return
    // a redelivered event: sent already, so no PDF is drawn again
    if (await findSentBillingEmail(container, invoiceIssuedEmailKey(event.data.id))) return
    const { invoice, customer } = await loadInvoiceForEmail(container, event.data.id)
    // voided before the event was handled: there is nothing to pay
    if (invoice.status === "draft" || invoice.status === "void") return
    if (!customer?.email) return
    await sendInvoiceEmail(container, {
      invoice,
      customer,
      to: customer.email,
      idempotency_key: invoiceIssuedEmailKey(invoice.id),
      trigger_type: event.name,
      settings,
    })
  } catch (e: any) {
    logger.warn(`billing: could not email invoice ${event.data.id} on issue: ${e?.message}`)
  }
}

export const config: SubscriberConfig = {
  event: "billing.invoice.issued",
  context: { subscriberId: "billing-invoice-issued" },
}
