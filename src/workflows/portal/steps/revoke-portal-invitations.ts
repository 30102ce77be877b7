import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { PORTAL_MODULE } from "../../../modules/portal"
import type PortalModuleService from "../../../modules/portal/service"

export type RevokePortalInvitationsStepInput = { customer_ids: string[]; now?: Date }
export type RevokedPortalInvitation = { customer_id: string; invitation_id: string }

export const revokePortalInvitationsStepId = "revoke-portal-invitations"

/** Revokes the customers' open invitations; compensation reopens exactly those. */
export const revokePortalInvitationsStep = createStep(
  revokePortalInvitationsStepId,
  async (input: RevokePortalInvitationsStepInput, { container }) => {
    const now = input.now ? new Date(input.now) : new Date()
    const revoked = await container
      .resolve<PortalModuleService>(PORTAL_MODULE)
      .revokeOpenInvitations([...new Set(input.customer_ids)], now)
    return new StepResponse<RevokedPortalInvitation[], { ids: string[]; revoked_at: Date }>(
      revoked.map((r) => ({ customer_id: r.customer_id, invitation_id: r.id })),
      { ids: revoked.map((r) => r.id), revoked_at: now }
    )
  },
  async (undo, { container }) => {
    if (!undo?.ids.length) return
    await container.resolve<PortalModuleService>(PORTAL_MODULE).unrevokeInvitations(undo.ids, new Date(undo.revoked_at))
  }
)
