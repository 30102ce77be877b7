import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { type PortalAccessStepInput, turnPortalAccessOffStep, turnPortalAccessOnStep } from "../steps/portal-access"

export const turnPortalAccessOffWorkflowId = "turn-portal-access-off"

/**
 * The admin turns customers' portal access off: `{ done, skipped }`. Their
 * signed-in billing routes answer 401 from the next request on; open
 * invitations are revoked and no new one or password reset is sent.
 */
export const turnPortalAccessOffWorkflow = createWorkflow(turnPortalAccessOffWorkflowId, (input: PortalAccessStepInput) => {
  return new WorkflowResponse(turnPortalAccessOffStep(input))
})

export const turnPortalAccessOnWorkflowId = "turn-portal-access-on"

/** The admin turns customers' portal access on again: `{ done, skipped }` (an existing login works again). */
export const turnPortalAccessOnWorkflow = createWorkflow(turnPortalAccessOnWorkflowId, (input: PortalAccessStepInput) => {
  return new WorkflowResponse(turnPortalAccessOnStep(input))
})
