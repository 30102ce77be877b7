import { generateEntityId } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { PORTAL_MODULE } from "../../../modules/portal"
import type PortalModuleService from "../../../modules/portal/service"
import {
  applyClose,
  applyReply,
  isSameServiceRequestState,
  ServiceRequestState,
  undoChange,
} from "../service-request-rules"

export type ServiceRequestChange =
  | { type: "reply"; message: string; status?: "in_progress" | "closed" }
  | { type: "close" }

export type UpdateServiceRequestStateStepInput = { id: string; change: ServiceRequestChange; now: Date }

/**
 * This reply as it was written: what its email says, whatever replies follow.
 * The id names the reply (the request keeps only the latest one's text).
 */
export type ServiceRequestReply = { id: string; message: string; replied_at: string; status: ServiceRequestState["status"] }

export const updateServiceRequestStateStepId = "update-service-request-state"

/**
 * Applies a reply or a close (the rules are in `service-request-rules.ts`) to
 * the request as it is under its row lock, so a concurrent reply or close
 * is applied after this one, never over it. An unknown id answers 404.
 * Returns the request, whether anything changed, and for a reply the reply
 * as written (for its email). The compensation puts back the previous reply
 * and status, each only while a later change has not replaced it (that
 * change would be lost).
 */
export const updateServiceRequestStateStep = createStep(
  updateServiceRequestStateStepId,
  async (input: UpdateServiceRequestStateStepInput, { container }) => {
    const portal = container.resolve<PortalModuleService>(PORTAL_MODULE)
    const now = new Date(input.now)
    const change = input.change
    const { service_request, previous, next } = await portal.changeServiceRequestState(input.id, (before) => {
      const after =
        change.type === "reply" ? applyReply(before, { message: change.message, status: change.status }, now) : applyClose(before, now)
      return change.type === "reply" || !isSameServiceRequestState(after, before) ? after : null
    })
    if (!next) {
      return new StepResponse({ service_request, changed: false, reply: null as ServiceRequestReply | null }, null)
    }
    const reply: ServiceRequestReply | null =
      change.type === "reply"
        ? { id: generateEntityId("", "srep"), message: change.message, replied_at: now.toISOString(), status: next.status }
        : null
    return new StepResponse(
      { service_request, changed: true, reply },
      { id: input.id, previous: previous as ServiceRequestState, written: next as ServiceRequestState }
    )
  },
  async (undo, { container }) => {
    if (!undo) return
    const portal = container.resolve<PortalModuleService>(PORTAL_MODULE)
    const [previous, written] = [reviveState(undo.previous), reviveState(undo.written)]
    await portal.changeServiceRequestState(undo.id, (current) => undoChange(current, previous, written))
  }
)

/** Step data comes back from the workflow store with dates as strings. */
function reviveState(s: ServiceRequestState): ServiceRequestState {
  return {
    status: s.status,
    admin_reply: s.admin_reply ?? null,
    replied_at: s.replied_at ? new Date(s.replied_at) : null,
    closed_at: s.closed_at ? new Date(s.closed_at) : null,
  }
}
