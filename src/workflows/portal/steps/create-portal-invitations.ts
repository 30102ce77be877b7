import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { PORTAL_MODULE } from "../../../modules/portal"
import type PortalModuleService from "../../../modules/portal/service"
import type { CreatedInvitation } from "../../../modules/portal/service"
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

/**
 * A customer this step could not invite: nothing of the attempt is left (no
 * invitation; an older open one it had revoked is open again), and `message`
 * says why, for the admin.
 */
export type FailedPortalInvitation = {
  customer_id: string
  email: string
  reason: "email_failed" | "invitation_failed"
  message: string
}

export type CreatePortalInvitationsStepOutput = { invited: InvitedPortalUser[]; failed: FailedPortalInvitation[] }

type Undo = { created_ids: string[]; revoked_ids: string[]; revoked_at: Date }

export const createPortalInvitationsStepId = "create-portal-invitations"

/**
 * Invites each customer on their own: creates the invitation (revoking the
 * customer's older open ones), emails its link, marks it sent. One
 * customer's failure is that customer's alone: their invitation is removed
 * and the one it revoked reopened, they are answered in `failed`, and the
 * others' invitations — whose emails are out — stay as they are.
 *
 * The plaintext tokens exist only inside this step — in the emails and
 * nowhere else: not in the step's output (which workflow storage may
 * persist), not in the database, not in logs.
 *
 * Compensation (a later step failed) deletes the invitations this step
 * created and reopens the ones it revoked.
 */
export const createPortalInvitationsStep = createStep(
  createPortalInvitationsStepId,
  async (input: CreatePortalInvitationsStepInput, { container }) => {
    const now = input.now ? new Date(input.now) : new Date()
    const undo: Undo = { created_ids: [], revoked_ids: [], revoked_at: now }
    const out: CreatePortalInvitationsStepOutput = { invited: [], failed: [] }
    if (!input.targets.length) return new StepResponse(out, undo)
    const portal = container.resolve<PortalModuleService>(PORTAL_MODULE)
    const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
    const options = getBillingOptions(container as any)
    const settings = await loadPortalSettings(container)

    for (const target of input.targets) {
      const fail = (reason: FailedPortalInvitation["reason"], message: string) =>
        out.failed.push({ customer_id: target.customer_id, email: target.email, reason, message })
      let created: CreatedInvitation | undefined
      try {
        ;[created] = await portal.createInvitations(
          [{ customer_id: target.customer_id, email: target.email, invited_by: input.invited_by ?? null }],
          { now, ttl_ms: options.invitationTtlHours * 60 * 60 * 1000 }
        )
      } catch (e) {
        logger.warn(`billing: could not create the invitation of ${target.customer_id}: ${(e as Error)?.message}`)
        fail("invitation_failed", `The invitation for ${target.email} could not be created; try again`)
        continue
      }
      // none: the customer's portal access was turned off meanwhile (the workflow answers it as skipped)
      if (!created) continue
      const { invitation, token, revoked_ids } = created

      try {
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
      } catch (e) {
        // nobody holds this link: remove it, and give the customer back the link they had
        await portal.undoCreateInvitations({ created_ids: [invitation.id], revoked_ids, revoked_at: now }).catch((undoError) =>
          logger.error(`billing: could not remove the unsent invitation ${invitation.id}: ${undoError?.message}`)
        )
        fail("email_failed", `The invitation email to ${target.email} could not be sent: ${(e as Error)?.message ?? e}`)
        continue
      }
      undo.created_ids.push(invitation.id)
      undo.revoked_ids.push(...revoked_ids)
      // The email is out: a failure to note it is logged, not answered as the
      // request's (a 500 the admin would retry, revoking the link just sent).
      await portal.markInvitationsSent([invitation.id], new Date()).catch((markError) =>
        logger.warn(`billing: invitation ${invitation.id} was emailed but could not be marked sent: ${markError?.message}`)
      )
      out.invited.push({
        customer_id: invitation.customer_id,
        email: invitation.email,
        invitation_id: invitation.id,
        expires_at: invitation.expires_at,
      })
    }
    return new StepResponse(out, undo)
  },
  async (undo, { container }) => {
    if (!undo || (!undo.created_ids.length && !undo.revoked_ids.length)) return
    await container.resolve<PortalModuleService>(PORTAL_MODULE).undoCreateInvitations(undo)
  }
)
