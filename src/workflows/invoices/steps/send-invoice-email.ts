import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { PayLinkCreationUndo } from "../../../modules/portal/service"
import { findSentBillingEmail, SentBillingEmail } from "../../../utils/notify"
import { loadPortalSettings } from "../../../utils/portal-settings"
import { findPayLinkSummary, type PayLinkSummary, undoPayLink } from "../../pay-links/make-pay-link"
import { INVOICE_EMAIL_TEMPLATE, invoicePaymentLink, loadInvoiceForEmail, sendInvoiceEmail } from "../invoice-email"

export type SendInvoiceEmailStepInput = {
  invoice_id: string
  to: string
  notification_key: string
  /** what sent it: `billing.invoice.sent` (the admin's send, the default) or `billing.invoice.issued` */
  trigger_type?: string
}

export type SendInvoiceEmailStepOutput = {
  notification: SentBillingEmail
  /** false when the request key had sent it already: the earlier email is the answer */
  sent: boolean
  /** the pay link the email carries (never its token); null when pay links are off or nothing was sent */
  pay_link: PayLinkSummary | null
}

export const sendInvoiceEmailStepId = "send-invoice-email"

/**
 * Makes the invoice's pay link (when pay links are on; it revokes the
 * invoice's earlier links) and sends the invoice email (with its PDF)
 * carrying it, to the address the caller chose.
 *
 * One step for both because the link's token must never leave it: it exists
 * in the email and nowhere else — not in this step's output (which workflow
 * storage may persist), not in the database (only its hash), not in logs —
 * as with portal invitations. When the email does not go (an error, or a
 * concurrent retry under the same key sent it first) the link is taken back
 * here; the compensation takes it back when a later step fails. An email
 * itself cannot be unsent.
 */
export const sendInvoiceEmailStep = createStep(
  sendInvoiceEmailStepId,
  async (input: SendInvoiceEmailStepInput, { container }) => {
    // an email sent before under the key, with the link it carries (still the answer of a replay)
    const answer = async (notification: { id: string; to: string }) => {
      const [stored] = await container
        .resolve(Modules.NOTIFICATION)
        .listNotifications({ id: notification.id } as any, { select: ["id", "data"], take: 1 })
      const payLinkId = (stored?.data as Record<string, unknown> | null)?.pay_link_id
      return new StepResponse<SendInvoiceEmailStepOutput, PayLinkCreationUndo | null>(
        {
          notification: { id: notification.id, to: notification.to, template: INVOICE_EMAIL_TEMPLATE },
          sent: false,
          pay_link: typeof payLinkId === "string" ? await findPayLinkSummary(container, payLinkId) : null,
        },
        null
      )
    }
    // the same key sent it before: that email is the answer, nothing is made again (no new link either)
    const earlier = await findSentBillingEmail(container, input.notification_key)
    if (earlier) return await answer(earlier)

    const { invoice, customer } = await loadInvoiceForEmail(container, input.invoice_id)
    const settings = await loadPortalSettings(container)
    const link = await invoicePaymentLink(container, invoice, { settings, now: new Date() })
    let sent: SentBillingEmail | null
    try {
      sent = await sendInvoiceEmail(container, {
        invoice,
        customer: customer ?? { id: invoice.customer_id, email: null, first_name: null, last_name: null },
        to: input.to,
        idempotency_key: input.notification_key,
        trigger_type: input.trigger_type ?? "billing.invoice.sent",
        payment_url: link.payment_url,
        pay_link_id: link.pay_link?.id ?? null,
        settings,
      })
    } catch (e) {
      // the step failed, so its compensation will not run
      await undoPayLink(container, link.undo)
      throw e
    }
    if (sent) {
      return new StepResponse<SendInvoiceEmailStepOutput, PayLinkCreationUndo | null>(
        { notification: sent, sent: true, pay_link: link.pay_link },
        link.undo
      )
    }
    // a concurrent retry under the same key got there first: its email (and
    // link) stands, ours never went out
    await undoPayLink(container, link.undo)
    const raced = await findSentBillingEmail(container, input.notification_key)
    if (!raced) {
      throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `The email of invoice ${invoice.id} was neither sent nor found`)
    }
    return await answer(raced)
  },
  async (undo, { container }) => {
    await undoPayLink(container, undo)
  }
)
