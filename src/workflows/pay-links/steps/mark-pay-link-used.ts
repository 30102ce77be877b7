import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { PORTAL_MODULE } from "../../../modules/portal"
import type PortalModuleService from "../../../modules/portal/service"

export type MarkPayLinkUsedStepInput = { pay_link_id: string }

type Undo = { pay_link_id: string; previous: Date | null; at: Date } | null

export const markPayLinkUsedStepId = "mark-pay-link-used"

/**
 * Notes a payment attempt through a link (`last_used_at`), before the
 * payment itself: a declined card still counts as a use (and leaves the
 * link usable). Compensation: the previous value, unless another attempt
 * has set it since.
 */
export const markPayLinkUsedStep = createStep(
  markPayLinkUsedStepId,
  async (input: MarkPayLinkUsedStepInput, { container }) => {
    const at = new Date()
    const { found, previous } = await container.resolve<PortalModuleService>(PORTAL_MODULE).markPayLinkUsed(input.pay_link_id, at)
    return new StepResponse<{ last_used_at: Date | null }, Undo>(
      { last_used_at: found ? at : null },
      found ? { pay_link_id: input.pay_link_id, previous, at } : null
    )
  },
  async (undo, { container }) => {
    if (!undo) return
    await container
      .resolve<PortalModuleService>(PORTAL_MODULE)
      .restorePayLinkLastUsed(undo.pay_link_id, undo.previous ? new Date(undo.previous) : null, new Date(undo.at))
  }
)
