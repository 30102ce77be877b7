import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { Modules } from "@medusajs/framework/utils"
import { EMAIL_TEMPLATE_ATTACHMENTS } from "../domain/email-templates"
import { formatDisplayId } from "../domain/invoice-status"
import { toMajor } from "../domain/money"
import { INVOICING_MODULE } from "../modules/invoicing"
import type InvoicingModuleService from "../modules/invoicing/service"
import type { EmailTemplateId } from "../domain/portal-settings"
import { minorFromField } from "../utils/money"
import { receiptDocumentAttachments } from "../utils/document-attachments"
import { loadPortalSettings } from "../utils/portal-settings"
import { DOCUMENT_CUSTOMER_FIELDS, documentBusiness, documentCustomer } from "../workflows/documents/document-data"
import { receiptPaymentOf } from "../workflows/documents/steps/load-receipt-document-data"
import { findSentBillingEmail, sendBillingEmail } from "../utils/notify"
import { AUTHENTICATION_REQUIRED, AUTHENTICATION_REQUIRED_TEXT } from "../domain/autopay"
import { PAYMENT_METHOD_UNAVAILABLE, PAYMENT_METHOD_UNAVAILABLE_TEXT, PROVIDER_ERROR } from "../domain/credit"
import { getBillingOptions } from "../utils/options"

/**
 * Payment emails through the Notification Module: a receipt for a card
 * payment, "pending" when an ACH debit starts, "settled" or "failed" when it
 * ends, "returned" when a settled payment is reversed (ACH return, dispute). Each is sent once per payment and kind (the idempotency key), however
 * often the status event is delivered.
 */
export default async function billingPaymentNotifications({ event, container }: SubscriberArgs<{ id: string }>) {
  const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
  // one query: the payment, its allocations and their invoices' numbers
  const payment = await invoicing.retrievePaymentWithAllocations(event.data.id)
  const template = templateFor(payment.method, payment.status, payment.source)
  // an admin's offline payment sends nothing; portal, autopay and pay-link
  // payments (no login: the customer's email on file is the only address) do
  if (!template || payment.source === "admin") return
  // a payment the provider never started was answered on the page that made it: nothing to tell by email
  if (payment.status === "failed" && payment.failure_reason === PROVIDER_ERROR) return

  const customers = container.resolve(Modules.CUSTOMER)
  const [customer] = await customers.listCustomers({ id: payment.customer_id }, { select: DOCUMENT_CUSTOMER_FIELDS, take: 1 })
  if (!customer?.email) return

  const c = payment.currency_code
  const options = getBillingOptions(container)
  const portalUrl = options.portalUrl
  const vars = {
    customer: { first_name: customer.first_name ?? "", last_name: customer.last_name ?? "", email: customer.email },
    portal_url: portalUrl,
    payment: {
      id: payment.id,
      amount: toMajor(minorFromField(payment, "amount", c), c),
      currency: c.toUpperCase(),
      transaction_id: payment.transaction_id ?? payment.id,
      failure_reason: failureReasonText(payment.failure_reason),
      allocations: payment.allocations.map(
        (a) =>
          `${a.display_id != null ? formatDisplayId(a.display_id) : a.invoice_id}: ${toMajor(minorFromField(a, "amount", c), c)} ${c.toUpperCase()}`
      ),
    },
  }
  const idempotencyKey = `${template}:${payment.id}`
  try {
    // a redelivered status event: sent already, so no receipt is drawn again
    if (await findSentBillingEmail(container, idempotencyKey)) return
    const settings = await loadPortalSettings(container)
    // the receipt from what was just read (no second read of the payment or the customer)
    const attachments =
      EMAIL_TEMPLATE_ATTACHMENTS[template] === "receipt"
        ? await receiptDocumentAttachments(container, payment.id, () => ({
            business: documentBusiness(settings, options),
            customer: documentCustomer(payment.customer_id, customer),
            payment: receiptPaymentOf(payment),
            generated_at: new Date().toISOString(),
          }))
        : []
    await sendBillingEmail(container, {
      template,
      to: customer.email,
      attachments,
      vars: { ...vars, payment_url: portalUrl, transaction_id: vars.payment.transaction_id },
      idempotency_key: idempotencyKey,
      trigger_type: event.name,
      resource_id: payment.id,
      resource_type: "customer_payment",
      receiver_id: customer.id,
      settings,
    })
  } catch {
    // logged by sendBillingEmail; the payment itself is recorded either way
  }
}

function templateFor(method: string, status: string, source: string): EmailTemplateId | null {
  if (status === "reversed") return "billing.payment_reversed"
  if (source === "autopay") {
    if (status === "succeeded") return "billing.autopay_charged"
    if (status === "failed") return "billing.autopay_failed"
  }
  if (method === "us_bank_account") {
    if (status === "processing") return "billing.ach_pending"
    if (status === "succeeded") return "billing.ach_settled"
    if (status === "failed") return "billing.ach_failed"
    return null
  }
  return status === "succeeded" ? "billing.payment_receipt" : null
}

export const config: SubscriberConfig = {
  event: ["billing.payment.succeeded", "billing.payment.processing", "billing.payment.failed", "billing.payment.reversed"],
  context: { subscriberId: "billing-payment-notifications" },
}

/** A failure reason the customer is told in words rather than as the provider's code. */
function failureReasonText(reason: string | null | undefined): string {
  if (reason === AUTHENTICATION_REQUIRED) return AUTHENTICATION_REQUIRED_TEXT
  if (reason === PAYMENT_METHOD_UNAVAILABLE) return `${PAYMENT_METHOD_UNAVAILABLE_TEXT}; choose another one in the portal`
  return reason ?? ""
}
