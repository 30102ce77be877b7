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
import { payLinksEnabled } from "../../utils/pay-links"
import { makePayLink, type MadePayLink } from "../pay-links/make-pay-link"

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
 * Where the email's "View and pay" button leads, for both the issue email
 * and the admin's "send": with pay links on (option `payLinks.enabled` and
 * setting `pay_links_allowed`), a new pay link for this invoice — which
 * revokes the invoice's earlier links — opening the portal's pay page;
 * otherwise the invoice's page in the portal, where the customer signs in.
 *
 * This writes (the link): call it only from the step that sends the email,
 * whose compensation undoes the link (`undo`). The URL holds the token and
 * goes into the email only.
 */
export async function invoicePaymentLink(
  container: Resolver,
  invoice: { id: string; customer_id: string; currency_code: string; due_at: Date | string | null },
  options: { settings?: PortalSettings; now: Date }
): Promise<{ payment_url: string; pay_link: MadePayLink["pay_link"] | null; undo: MadePayLink["undo"] | null }> {
  if (!(await payLinksEnabled(container, options.settings))) {
    const portalUrl = getBillingOptions(container as MedusaContainer).portalUrl
    return { payment_url: invoicePageUrl(portalUrl, invoice.id), pay_link: null, undo: null }
  }
  return await makePayLink(
    container,
    { customer_id: invoice.customer_id, currency_code: invoice.currency_code, invoices: [invoice] },
    options.now
  )
}

export type SendInvoiceEmailInput = {
  invoice: InvoiceForEmail["invoice"]
  customer: NonNullable<InvoiceForEmail["customer"]>
  to: string
  idempotency_key: string
  trigger_type: string
  /** the "View and pay" link (`invoicePaymentLink`) */
  payment_url: string
  /** the pay link it carries, kept in the stored notification's data (a replayed send answers it) */
  pay_link_id?: string | null
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
    { invoice_url: invoicePageUrl(portalUrl, invoice.id), payment_url: input.payment_url }
  )
  const attachments = await invoicePdfAttachments(container, { invoice_id: invoice.id, customer_id: invoice.customer_id })
  return await sendBillingEmail(container, {
    template: INVOICE_EMAIL_TEMPLATE,
    attachments,
    to: input.to,
    vars: {
      ...vars,
      ...(input.pay_link_id ? { pay_link_id: input.pay_link_id } : {}),
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
