import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { revokePortalInvitationsStep } from "../steps/revoke-portal-invitations"

export type RevokePortalInvitationsWorkflowInput = { customer_ids: string[]; now?: Date }

export const revokePortalInvitationsWorkflowId = "revoke-portal-invitations"

/** Revokes open invitations: `{ revoked, skipped }` (skipped: `no_open_invitation`). */
export const revokePortalInvitationsWorkflow = createWorkflow(
  revokePortalInvitationsWorkflowId,
  (input: RevokePortalInvitationsWorkflowInput) => {
    const revoked = revokePortalInvitationsStep(input)
    const result = transform({ input, revoked }, ({ input, revoked }) => {
      const done = new Set(revoked.map((r) => r.customer_id))
      return {
        revoked,
        skipped: [...new Set(input.customer_ids)]
          .filter((id) => !done.has(id))
          .map((customer_id) => ({ customer_id, reason: "no_open_invitation" as const })),
      }
    })
    return new WorkflowResponse(result)
  }
)
