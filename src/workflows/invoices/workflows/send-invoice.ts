import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { sendInvoiceEmailStep } from "../steps/send-invoice-email"
import { validateInvoiceSendStep } from "../steps/validate-invoice-send"

export type SendInvoiceWorkflowInput = {
  invoice_id: string
  /** another address than the customer's email */
  to?: string | null
  /** the request's Idempotency-Key: a retried click sends once */
  idempotency_key?: string | null
}

export const sendInvoiceWorkflowId = "send-invoice"

/**
 * An admin emails an issued invoice (template `billing.invoice_issued`, with
 * the invoice PDF): validate (no draft, no void, an address) → make its pay
 * link (pay links on; earlier links for the invoice are revoked) and send →
 * emit `billing.invoice.sent`. Every call sends a new email with a new link,
 * except a retry with the same Idempotency-Key, which answers the first one
 * and makes nothing.
 */
export const sendInvoiceWorkflow = createWorkflow(sendInvoiceWorkflowId, (input: SendInvoiceWorkflowInput) => {
  const checked = validateInvoiceSendStep({
    invoice_id: input.invoice_id,
    to: input.to,
    idempotency_key: input.idempotency_key,
  })
  const sendInput = transform({ checked }, ({ checked }) => ({
    invoice_id: checked.invoice_id,
    to: checked.to,
    notification_key: checked.notification_key,
  }))
  const sent = sendInvoiceEmailStep(sendInput)
  when("invoice-email-sent", { sent }, ({ sent }) => sent.sent).then(() => {
    const eventData = transform({ checked, sent }, ({ checked, sent }) => ({
      id: checked.invoice_id,
      notification_id: sent.notification.id,
    }))
    emitEventStep({ eventName: "billing.invoice.sent", data: eventData })
  })
  const response = transform({ checked, sent }, ({ checked, sent }) => ({
    invoice: checked.invoice,
    notification: sent.notification,
    pay_link: sent.pay_link,
  }))
  return new WorkflowResponse(response)
})
