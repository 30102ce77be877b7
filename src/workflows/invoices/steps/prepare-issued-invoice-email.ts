import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { findSentBillingEmail } from "../../../utils/notify"
import { loadPortalSettings } from "../../../utils/portal-settings"
import { invoiceIssuedEmailKey, loadInvoiceForEmail } from "../invoice-email"

export type PrepareIssuedInvoiceEmailStepInput = { invoice_id: string }

export type PrepareIssuedInvoiceEmailStepOutput =
  | { send: true; invoice_id: string; to: string; notification_key: string }
  | { send: false; invoice_id: string; reason: "email_on_issue_off" | "sent_already" | "not_issued" | "no_email" }

export const prepareIssuedInvoiceEmailStepId = "prepare-issued-invoice-email"

/**
 * Whether an invoice that was just issued is to be emailed, and to whom:
 * not when the setting `email_on_issue` is off, when its email went out
 * already (a redelivered event: its key is the invoice's), when it was voided
 * before the event was handled, or when its customer has no email. Writes
 * nothing.
 */
export const prepareIssuedInvoiceEmailStep = createStep(
  prepareIssuedInvoiceEmailStepId,
  async (input: PrepareIssuedInvoiceEmailStepInput, { container }) => {
    const skip = (reason: Extract<PrepareIssuedInvoiceEmailStepOutput, { send: false }>["reason"]) =>
      new StepResponse<PrepareIssuedInvoiceEmailStepOutput>({ send: false, invoice_id: input.invoice_id, reason })
    const settings = await loadPortalSettings(container)
    // anything but an explicit "off" keeps the default
    if (settings.email_on_issue === false) return skip("email_on_issue_off")
    const key = invoiceIssuedEmailKey(input.invoice_id)
    // checked before the invoice is read, so a redelivery draws no PDF and makes no link
    if (await findSentBillingEmail(container, key)) return skip("sent_already")
    const { invoice, customer } = await loadInvoiceForEmail(container, input.invoice_id)
    if (invoice.status === "draft" || invoice.status === "void") return skip("not_issued")
    if (!customer?.email) return skip("no_email")
    return new StepResponse<PrepareIssuedInvoiceEmailStepOutput>({
      send: true,
      invoice_id: invoice.id,
      to: customer.email,
      notification_key: key,
    })
  }
)
