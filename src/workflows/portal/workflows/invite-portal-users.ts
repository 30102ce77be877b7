import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { createPortalInvitationsStep } from "../steps/create-portal-invitations"
import { resolvePortalUserTargetsStep } from "../steps/resolve-portal-user-targets"

export type InvitePortalUsersWorkflowInput = {
  customer_ids: string[]
  /** "resend": only customers invited before and not yet active get a new link */
  action?: "invite" | "resend"
  invited_by?: string | null
  now?: Date
}

export const invitePortalUsersWorkflowId = "invite-portal-users"

/**
 * DESIGN sec. 8/11: invites customers to the portal (or sends a new link).
 * Answers `{ invited, skipped, failed }`: each customer is invited on their
 * own, so one whose invitation could not be made or emailed is in `failed`
 * (with the admin's message) and leaves the others' invitations alone. A new
 * invitation revokes the older one.
 */
export const invitePortalUsersWorkflow = createWorkflow(
  invitePortalUsersWorkflowId,
  (input: InvitePortalUsersWorkflowInput) => {
    const resolveInput = transform({ input }, ({ input }) => ({
      customer_ids: input.customer_ids,
      action: input.action ?? ("invite" as const),
    }))
    const resolved = resolvePortalUserTargetsStep(resolveInput)
    const created = createPortalInvitationsStep({
      targets: resolved.targets,
      invited_by: input.invited_by,
      now: input.now,
    })
    const events = transform({ created }, ({ created }) => created.invited.map((i) => ({ id: i.invitation_id })))
    emitEventStep({ eventName: "billing.portal_invitation.created", data: events })
    const result = transform({ created, resolved }, ({ created, resolved }) => {
      // a target whose portal access was turned off while this ran got no invitation
      const answered = new Set([...created.invited, ...created.failed].map((i) => i.customer_id))
      const turnedOff = resolved.targets
        .filter((t) => !answered.has(t.customer_id))
        .map((t) => ({ customer_id: t.customer_id, reason: "access_off" as const }))
      return { invited: created.invited, skipped: [...resolved.skipped, ...turnedOff], failed: created.failed }
    })
    return new WorkflowResponse(result)
  }
)
