import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"

export type RequestPayLinkResendWorkflowInput = { token_hash: string }

export const requestPayLinkResendWorkflowId = "request-pay-link-resend"

export const PAY_LINK_RESEND_REQUESTED = "billing.pay_link.resend_requested"

/**
 * "Email me a new link", asked: only emits `billing.pay_link.resend_requested`
 * with the token's hash (never the token; the hash cannot be turned back into
 * it). The subscriber decides and sends (`resendPayLinkWorkflow`), so the
 * route's answer takes the same time whatever the link.
 */
export const requestPayLinkResendWorkflow = createWorkflow(
  requestPayLinkResendWorkflowId,
  (input: RequestPayLinkResendWorkflowInput) => {
    const data = transform({ input }, ({ input }) => ({ token_hash: input.token_hash }))
    emitEventStep({ eventName: PAY_LINK_RESEND_REQUESTED, data })
    return new WorkflowResponse(data)
  }
)
