import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { prepareIssuedInvoiceEmailStep } from "../steps/prepare-issued-invoice-email"
import { sendInvoiceEmailStep } from "../steps/send-invoice-email"

export type EmailIssuedInvoiceWorkflowInput = { invoice_id: string }

export const emailIssuedInvoiceWorkflowId = "email-issued-invoice"

/**
 * The invoice email on issue (subscriber `billing-invoice-issued`): prepare
 * (setting `email_on_issue`, sent already, still issued, an address) → when
 * it is to go, the invoice's pay link and the email carrying it, once per
 * invoice (the idempotency key is the invoice's). Answers what happened.
 */
export const emailIssuedInvoiceWorkflow = createWorkflow(
  emailIssuedInvoiceWorkflowId,
  (input: EmailIssuedInvoiceWorkflowInput) => {
    const prepared = prepareIssuedInvoiceEmailStep(input)
    const sent = when("issued-invoice-email-to-send", { prepared }, ({ prepared }) => prepared.send).then(() =>
      sendInvoiceEmailStep(
        transform({ prepared }, ({ prepared }) => {
          if (!prepared.send) throw new Error("unreachable: nothing to send")
          return {
            invoice_id: prepared.invoice_id,
            to: prepared.to,
            notification_key: prepared.notification_key,
            trigger_type: "billing.invoice.issued",
          }
        })
      )
    )
    const result = transform({ prepared, sent }, ({ prepared, sent }) => ({
      sent: !!sent?.sent,
      reason: prepared.send ? null : prepared.reason,
      notification: sent?.notification ?? null,
      pay_link: sent?.pay_link ?? null,
    }))
    return new WorkflowResponse(result)
  }
)
