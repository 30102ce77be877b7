import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { PORTAL_MODULE } from "../../../modules/portal"
import type PortalModuleService from "../../../modules/portal/service"
import { sendBillingEmail } from "../../../utils/notify"
import { getBillingOptions } from "../../../utils/options"
import { loadPortalSettings } from "../../../utils/portal-settings"
import { activationUrl, humanDate } from "../portal-status"
import type { PortalUserTarget } from "./resolve-portal-user-targets"

export type CreatePortalInvitationsStepInput = {
  targets: PortalUserTarget[]
  invited_by?: string | null
  /** defaults to the current time */
  now?: Date
}

export type InvitedPortalUser = { customer_id: string; email: string; invitation_id: string; expires_at: Date }

type Undo = { created_ids: string[]; revoked_ids: string[]; revoked_at: Date }

export const createPortalInvitationsStepId = "create-portal-invitations"

/**
 * Creates the invitations (revoking each customer's older open ones) and
 * emails each its link. The plaintext tokens exist only inside this step —
 * in the emails and nowhere else: not in the step's output (which workflow
 * storage may persist), not in the database, not in logs.
 *
 * Compensation deletes the invitations this step created (their links stop
 * working) and reopens the ones it revoked.
 */
export const createPortalInvitationsStep = createStep(
  createPortalInvitationsStepId,
  async (input: CreatePortalInvitationsStepInput, { container }) => {
    const now = input.now ? new Date(input.now) : new Date()
    if (!input.targets.length) {
      return new StepResponse<InvitedPortalUser[], Undo>([], { created_ids: [], revoked_ids: [], revoked_at: now })
    }
    const portal = container.resolve<PortalModuleService>(PORTAL_MODULE)
    const options = getBillingOptions(container as any)
    const settings = await loadPortalSettings(container)
    const byCustomer = new Map(input.targets.map((t) => [t.customer_id, t]))

    const created = await portal.createInvitations(
      input.targets.map((t) => ({ customer_id: t.customer_id, email: t.email, invited_by: input.invited_by ?? null })),
      { now, ttl_ms: options.invitationTtlHours * 60 * 60 * 1000 }
    )
    const undo: Undo = {
      created_ids: created.map((c) => c.invitation.id),
      revoked_ids: created.flatMap((c) => c.revoked_ids),
      revoked_at: now,
    }

    try {
      for (const { invitation, token } of created) {
        const target = byCustomer.get(invitation.customer_id)!
        await sendBillingEmail(container, {
          template: "billing.invitation",
          to: invitation.email,
          settings,
          vars: {
            customer: { first_name: target.first_name ?? "", last_name: target.last_name ?? "", email: target.email },
            activation_url: activationUrl(options.portalUrl, token),
            expires_at: humanDate(invitation.expires_at),
          },
          idempotency_key: `billing.invitation:${invitation.id}`,
          trigger_type: "billing.portal_invitation.created",
          resource_type: "portal_invitation",
          resource_id: invitation.id,
          receiver_id: invitation.customer_id,
        })
      }
      await portal.markInvitationsSent(undo.created_ids, new Date())
    } catch (e) {
      // The step failed, so its compensation will not run: undo here.
      await portal.undoCreateInvitations(undo)
      throw e
    }

    return new StepResponse<InvitedPortalUser[], Undo>(
      created.map(({ invitation }) => ({
        customer_id: invitation.customer_id,
        email: invitation.email,
        invitation_id: invitation.id,
        expires_at: invitation.expires_at,
      })),
      undo
    )
  },
  async (undo, { container }) => {
    if (!undo || (!undo.created_ids.length && !undo.revoked_ids.length)) return
    await container.resolve<PortalModuleService>(PORTAL_MODULE).undoCreateInvitations(undo)
  }
)
