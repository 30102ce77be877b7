import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { formatEmailDate } from "../../../domain/invoice-email"
import { formatDisplayId } from "../../../domain/invoice-status"
import { toMajor } from "../../../domain/money"
import { payableLinkInvoices, payLinkLastDay, payLinkTotals, type PayLinkState } from "../../../domain/pay-links"
import type { PayLinkCreationUndo } from "../../../modules/portal/service"
import { sendBillingEmail, type SentBillingEmail } from "../../../utils/notify"
import { businessTimeZone } from "../../../utils/options"
import { loadLinkInvoices } from "../load-pay-link"
import { makeReplacementPayLink, type PayLinkSummary, undoPayLink } from "../make-pay-link"

export type SendNewPayLinkStepInput = {
  customer_id: string
  currency_code: string
  invoice_ids: string[]
  /** the customer's email on file */
  to: string
  /** the link this one replaces: made and mailed only while that link is still open */
  replaces: string
}

/** `pay_link` null: the replaced link had been replaced already (a concurrent request); nothing was made or sent. */
export type SendNewPayLinkStepOutput = { pay_link: PayLinkSummary | null; notification: SentBillingEmail | null }

export const PAY_LINK_EMAIL_TEMPLATE = "billing.pay_link" as const

export const sendNewPayLinkStepId = "send-new-pay-link"

/**
 * Makes a new link for the invoices in place of the one asked about
 * (revoking their older links) and mails it (`billing.pay_link`); nothing
 * when that link was replaced meanwhile (concurrent requests for one expired
 * link mail one new link). As with the invoice email, the token exists only
 * in the email: link and email are one step, the link is taken back here
 * when the email does not go, and by the compensation when a later step
 * fails.
 */
export const sendNewPayLinkStep = createStep(
  sendNewPayLinkStepId,
  async (input: SendNewPayLinkStepInput, { container }) => {
    const now = new Date()
    const c = input.currency_code
    // the invoices still payable now (the link re-checks them on every use)
    const scope: PayLinkState = {
      customer_id: input.customer_id,
      currency_code: c,
      invoice_ids: input.invoice_ids,
      expires_at: now,
      revoked_at: null,
    }
    const invoices = payableLinkInvoices(scope, await loadLinkInvoices(container, scope))
    if (!invoices.length) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, "None of the link's invoices is left to pay")
    }
    const link = await makeReplacementPayLink(container, input.replaces, { customer_id: input.customer_id, currency_code: c, invoices }, now)
    if (!link) return new StepResponse<SendNewPayLinkStepOutput, PayLinkCreationUndo | null>({ pay_link: null, notification: null }, null)
    let sent: SentBillingEmail | null
    try {
      const [customer] = await container
        .resolve(Modules.CUSTOMER)
        .listCustomers({ id: input.customer_id }, { select: ["id", "email", "first_name", "last_name"], take: 1 })
      const totals = payLinkTotals(scope, invoices)
      sent = await sendBillingEmail(container, {
        template: PAY_LINK_EMAIL_TEMPLATE,
        to: input.to,
        vars: {
          customer: { first_name: customer?.first_name ?? "", last_name: customer?.last_name ?? "", email: customer?.email ?? "" },
          pay_link: {
            invoices: invoices.map(
              (i) =>
                `${formatDisplayId(i.display_id)}: ${toMajor(i.amount_due, c)} ${c.toUpperCase()}` +
                (i.due_at ? ` due ${formatEmailDate(i.due_at)}` : "")
            ),
            amount_due: toMajor(totals.amount_due, c),
            currency: c.toUpperCase(),
            expires_date: formatEmailDate(payLinkLastDay(link.pay_link.expires_at, businessTimeZone(container))),
          },
          payment_url: link.payment_url,
        },
        idempotency_key: `${PAY_LINK_EMAIL_TEMPLATE}:${link.pay_link.id}`,
        trigger_type: "billing.pay_link.resend",
        resource_type: "pay_link",
        resource_id: link.pay_link.id,
        receiver_id: input.customer_id,
      })
    } catch (e) {
      await undoPayLink(container, link.undo)
      throw e
    }
    return new StepResponse<SendNewPayLinkStepOutput, PayLinkCreationUndo | null>(
      { pay_link: link.pay_link, notification: sent },
      link.undo
    )
  },
  async (undo, { container }) => {
    await undoPayLink(container, undo)
  }
)
