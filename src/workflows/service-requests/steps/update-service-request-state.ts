import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { PORTAL_MODULE } from "../../../modules/portal"
import type PortalModuleService from "../../../modules/portal/service"
import { applyClose, applyReply, ServiceRequestState } from "../service-request-rules"

export type ServiceRequestChange =
  | { type: "reply"; message: string; status?: "in_progress" | "closed" }
  | { type: "close" }

export type UpdateServiceRequestStateStepInput = { id: string; change: ServiceRequestChange; now: Date }

export const updateServiceRequestStateStepId = "update-service-request-state"

const stateOf = (r: Record<string, any>): ServiceRequestState => ({
  status: r.status,
  admin_reply: r.admin_reply ?? null,
  replied_at: r.replied_at ? new Date(r.replied_at) : null,
  closed_at: r.closed_at ? new Date(r.closed_at) : null,
})

/**
 * Applies a reply or a close (the rules are in `service-request-rules.ts`).
 * An unknown id answers 404. Returns the request and whether anything
 * changed; the compensation puts back the previous state.
 */
export const updateServiceRequestStateStep = createStep(
  updateServiceRequestStateStepId,
  async (input: UpdateServiceRequestStateStepInput, { container }) => {
    const portal = container.resolve<PortalModuleService>(PORTAL_MODULE)
    const current = await portal.retrieveServiceRequest(input.id)
    const before = stateOf(current)
    const now = new Date(input.now)
    const next =
      input.change.type === "reply"
        ? applyReply(before, { message: input.change.message, status: input.change.status }, now)
        : applyClose(before, now)
    const changed =
      input.change.type === "reply" ||
      next.status !== before.status ||
      next.closed_at?.getTime() !== before.closed_at?.getTime()
    if (!changed) {
      return new StepResponse({ service_request: current, changed: false }, null)
    }
    const updated = await portal.updateServiceRequests({ id: input.id, ...next })
    return new StepResponse({ service_request: updated, changed: true }, { id: input.id, previous: before })
  },
  async (undo, { container }) => {
    if (!undo) return
    const portal = container.resolve<PortalModuleService>(PORTAL_MODULE)
    await portal.updateServiceRequests({ id: undo.id, ...undo.previous })
  }
)
