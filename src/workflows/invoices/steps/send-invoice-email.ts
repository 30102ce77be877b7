import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { findSentBillingEmail, SentBillingEmail } from "../../../utils/notify"
import { INVOICE_EMAIL_TEMPLATE, loadInvoiceForEmail, sendInvoiceEmail } from "../invoice-email"

export type SendInvoiceEmailStepInput = {
  invoice_id: string
  to: string
  notification_key: string
}

export type SendInvoiceEmailStepOutput = {
  notification: SentBillingEmail
  /** false when the request key had sent it already: the earlier email is the answer */
  sent: boolean
}

export const sendInvoiceEmailStepId = "send-invoice-email"

/**
 * Sends the invoice email (with its PDF) to the address the validation chose.
 * No compensation: an email cannot be taken back, and nothing after this
 * step can fail (the event is only emitted once the workflow succeeds).
 */
export const sendInvoiceEmailStep = createStep(
  sendInvoiceEmailStepId,
  async (input: SendInvoiceEmailStepInput, { container }) => {
    // the same request key sent it before: that email is the answer, nothing is made again
    const earlier = await findSentBillingEmail(container, input.notification_key)
    if (earlier) {
      return new StepResponse<SendInvoiceEmailStepOutput>({
        notification: { id: earlier.id, to: earlier.to, template: INVOICE_EMAIL_TEMPLATE },
        sent: false,
      })
    }
    const { invoice, customer } = await loadInvoiceForEmail(container, input.invoice_id)
    const sent = await sendInvoiceEmail(container, {
      invoice,
      customer: customer ?? { id: invoice.customer_id, email: null, first_name: null, last_name: null },
      to: input.to,
      idempotency_key: input.notification_key,
      trigger_type: "billing.invoice.sent",
    })
    if (sent) return new StepResponse<SendInvoiceEmailStepOutput>({ notification: sent, sent: true })
    // a concurrent retry under the same key got there first
    const raced = await findSentBillingEmail(container, input.notification_key)
    if (!raced) {
      throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `The email of invoice ${invoice.id} was neither sent nor found`)
    }
    return new StepResponse<SendInvoiceEmailStepOutput>({
      notification: { id: raced.id, to: raced.to, template: INVOICE_EMAIL_TEMPLATE },
      sent: false,
    })
  }
)
