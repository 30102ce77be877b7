import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { invoiceEmailVars, invoicePageUrl } from "../../domain/invoice-email"
import type { PortalSettings } from "../../domain/portal-settings"
import { INVOICING_MODULE } from "../../modules/invoicing"
import type InvoicingModuleService from "../../modules/invoicing/service"
import { invoicePdfAttachments } from "../../utils/document-attachments"
import { minorFromField } from "../../utils/money"
import { sendBillingEmail, SentBillingEmail } from "../../utils/notify"
import { getBillingOptions } from "../../utils/options"

/**
 * The invoice email (`billing.invoice_issued`): sent once when an invoice is
 * issued (subscriber `billing-invoice-issued`, if the setting
 * `email_on_issue` is on) and whenever an admin sends it
 * (`sendInvoiceWorkflow`). Both go through `sendInvoiceEmail` below.
 */

type Resolver = { resolve: MedusaContainer["resolve"] }

export const INVOICE_EMAIL_TEMPLATE = "billing.invoice_issued" as const

/** One email per invoice however often `billing.invoice.issued` is delivered. */
export const invoiceIssuedEmailKey = (invoiceId: string) => `${INVOICE_EMAIL_TEMPLATE}:${invoiceId}`

/**
 * The invoice with its lines (and allocations, for the admin's answer) and its
 * customer (null when the customer is gone). An unknown id is a 404.
 */
export async function loadInvoiceForEmail(container: Resolver, invoiceId: string) {
  const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
  const invoice = await invoicing.retrieveInvoice(invoiceId, { relations: ["lines", "allocations"] })
  const customers = container.resolve(Modules.CUSTOMER)
  const [customer] = await customers.listCustomers(
    { id: invoice.customer_id },
    { select: ["id", "email", "first_name", "last_name", "company_name"], take: 1 }
  )
  return { invoice, customer: customer ?? null }
}
export type InvoiceForEmail = Awaited<ReturnType<typeof loadInvoiceForEmail>>

/**
 * Where the email's "View and pay" button leads. For now the invoice's page
 * in the portal, where the customer logs in and pays. This is the one place
 * to change for pay links (DESIGN sec. 15): the next issue creates the
 * invoice's `pay_link` here (when pay links are allowed) and answers the
 * portal's pay page with its token, so both the issue email and the admin's
 * "send" carry it.
 */
export async function invoicePaymentUrl(container: Resolver, invoice: { id: string; customer_id: string }): Promise<string> {
  return invoicePageUrl(getBillingOptions(container as MedusaContainer).portalUrl, invoice.id)
}

export type SendInvoiceEmailInput = {
  invoice: InvoiceForEmail["invoice"]
  customer: NonNullable<InvoiceForEmail["customer"]>
  to: string
  idempotency_key: string
  trigger_type: string
  settings?: PortalSettings
}

/**
 * Renders and sends the invoice email with the invoice PDF attached (without
 * it, and a warning logged, when the PDF cannot be made). Answers the stored
 * notification, or null when the idempotency key was used before (nothing
 * sent again).
 */
export async function sendInvoiceEmail(container: Resolver, input: SendInvoiceEmailInput): Promise<SentBillingEmail | null> {
  const { invoice, customer } = input
  const c = invoice.currency_code
  const portalUrl = getBillingOptions(container as MedusaContainer).portalUrl
  const vars = invoiceEmailVars(
    {
      id: invoice.id,
      display_id: invoice.display_id,
      currency_code: c,
      issued_at: invoice.issued_at ? new Date(invoice.issued_at) : null,
      due_at: invoice.due_at ? new Date(invoice.due_at) : null,
      notes: invoice.notes ?? null,
      total: minorFromField(invoice, "total", c),
      amount_paid: minorFromField(invoice, "amount_paid", c),
      amount_due: minorFromField(invoice, "amount_due", c),
      lines: (invoice.lines ?? []).map((line: any) => ({
        title: line.title,
        quantity: line.quantity,
        unit_price: minorFromField(line, "unit_price", c),
        total: minorFromField(line, "total", c),
        rank: line.rank,
      })),
    },
    { invoice_url: invoicePageUrl(portalUrl, invoice.id), payment_url: await invoicePaymentUrl(container, invoice) }
  )
  const attachments = await invoicePdfAttachments(container, { invoice_id: invoice.id, customer_id: invoice.customer_id })
  return await sendBillingEmail(container, {
    template: INVOICE_EMAIL_TEMPLATE,
    attachments,
    to: input.to,
    vars: {
      ...vars,
      customer: {
        first_name: customer.first_name ?? "",
        last_name: customer.last_name ?? "",
        email: customer.email ?? "",
      },
    },
    idempotency_key: input.idempotency_key,
    trigger_type: input.trigger_type,
    resource_type: "invoice",
    resource_id: invoice.id,
    receiver_id: customer.id,
    settings: input.settings,
  })
}
