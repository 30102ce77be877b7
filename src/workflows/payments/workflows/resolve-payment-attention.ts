import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { resolvePaymentAttentionStep, type ResolvePaymentAttentionStepInput } from "../steps/resolve-payment-attention"

export const resolvePaymentAttentionWorkflowId = "resolve-payment-attention"

/** The admin marks a settled payment's note resolved (`POST /admin/billing/payments/:id/attention/resolve`). */
export const resolvePaymentAttentionWorkflow = createWorkflow(resolvePaymentAttentionWorkflowId, (input: ResolvePaymentAttentionStepInput) => {
  return new WorkflowResponse(resolvePaymentAttentionStep(input))
})
