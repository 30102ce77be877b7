import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { PORTAL_MODULE } from "../../../modules/portal"
import type PortalModuleService from "../../../modules/portal/service"
import { INVITATION_NOT_FOUND } from "../portal-status"

export type ClaimPortalInvitationStepInput = { token_hash: string; now?: Date }
export type ClaimedInvitation = { invitation_id: string; customer_id: string; email: string; accepted_at: Date }

export const claimPortalInvitationStepId = "claim-portal-invitation"

/**
 * Marks the invitation accepted with one conditional UPDATE (not accepted,
 * not revoked, not expired): of concurrent attempts with one token exactly
 * one continues, the others get the same 404 as any unusable token.
 * Compensation makes the invitation usable again.
 */
export const claimPortalInvitationStep = createStep(
  claimPortalInvitationStepId,
  async (input: ClaimPortalInvitationStepInput, { container }) => {
    const now = input.now ? new Date(input.now) : new Date()
    const claimed = await container.resolve<PortalModuleService>(PORTAL_MODULE).claimInvitation(input.token_hash, now)
    if (!claimed) throw new MedusaError(MedusaError.Types.NOT_FOUND, INVITATION_NOT_FOUND)
    const out: ClaimedInvitation = {
      invitation_id: claimed.id,
      customer_id: claimed.customer_id,
      email: claimed.email,
      accepted_at: claimed.accepted_at!,
    }
    return new StepResponse(out, { id: claimed.id, accepted_at: claimed.accepted_at! })
  },
  async (undo, { container }) => {
    if (!undo) return
    await container.resolve<PortalModuleService>(PORTAL_MODULE).releaseInvitation(undo.id, new Date(undo.accepted_at))
  }
)
