import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { emailIssuedInvoiceWorkflow } from "../workflows/invoices/workflows/email-issued-invoice"

/**
 * Emails an invoice to its customer when it is issued, if the portal setting
 * `email_on_issue` is on (the default), with its pay link when pay links are
 * on. The idempotency key is the invoice's, so a redelivered event never
 * sends twice. The issue is committed before this runs: a failure here is
 * logged and never undoes it (the admin can send the invoice again).
 */
export default async function billingInvoiceIssued({ event, container }: SubscriberArgs<{ id: string }>) {
  try {
    await emailIssuedInvoiceWorkflow(container).run({ input: { invoice_id: event.data.id } })
  } catch (e: any) {
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .warn(`billing: could not email invoice ${event.data.id} on issue: ${e?.message}`)
  }
}

export const config: SubscriberConfig = {
  event: "billing.invoice.issued",
  context: { subscriberId: "billing-invoice-issued" },
}
