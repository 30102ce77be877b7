import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { preparePayLinkResendStep } from "../steps/prepare-pay-link-resend"
import { sendNewPayLinkStep } from "../steps/send-new-pay-link"

export type ResendPayLinkWorkflowInput = { token_hash: string }

export const resendPayLinkWorkflowId = "resend-pay-link"

/**
 * "Email me a new link" (DESIGN sec. 15): prepare (a real link, expired or
 * replaced, invoices still payable, not within the cool-down, an email on
 * file) → when so, a new link for those invoices mailed to the customer's
 * email on file. The route answers the same whatever happens here.
 */
export const resendPayLinkWorkflow = createWorkflow(resendPayLinkWorkflowId, (input: ResendPayLinkWorkflowInput) => {
  const prepared = preparePayLinkResendStep(input)
  const sent = when("pay-link-resend-to-send", { prepared }, ({ prepared }) => prepared.send).then(() =>
    sendNewPayLinkStep(
      transform({ prepared }, ({ prepared }) => {
        if (!prepared.send) throw new Error("unreachable: nothing to send")
        return {
          customer_id: prepared.customer_id,
          currency_code: prepared.currency_code,
          invoice_ids: prepared.invoice_ids,
          to: prepared.to,
          replaces: prepared.replaces,
        }
      })
    )
  )
  return new WorkflowResponse(
    transform({ prepared, sent }, ({ prepared, sent }) => ({
      sent: !!sent?.pay_link,
      reason: prepared.send ? null : prepared.reason,
      pay_link: sent?.pay_link ?? null,
    }))
  )
})
