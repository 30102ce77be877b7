import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { requestPortalPasswordResetsStep } from "../steps/request-portal-password-resets"
import { resolvePortalUserTargetsStep } from "../steps/resolve-portal-user-targets"

export type SendPortalPasswordResetsWorkflowInput = { customer_ids: string[] }

export const sendPortalPasswordResetsWorkflowId = "send-portal-password-resets"

/** Admin trigger: a password-reset email to each customer with a portal login. `{ sent, skipped }`. */
export const sendPortalPasswordResetsWorkflow = createWorkflow(
  sendPortalPasswordResetsWorkflowId,
  (input: SendPortalPasswordResetsWorkflowInput) => {
    const resolveInput = transform({ input }, ({ input }) => ({
      customer_ids: input.customer_ids,
      action: "reset_password" as const,
    }))
    const resolved = resolvePortalUserTargetsStep(resolveInput)
    const requested = requestPortalPasswordResetsStep({ targets: resolved.targets })
    const result = transform({ resolved, requested }, ({ resolved, requested }) => ({
      sent: requested.sent,
      skipped: [...resolved.skipped, ...requested.skipped],
    }))
    return new WorkflowResponse(result)
  }
)
