import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { AUTOPAY_MODULE } from "../../../modules/autopay"
import type AutopayModuleService from "../../../modules/autopay/service"

export type PauseAutopayStepInput = { customer_id: string; reason: string }

export type PauseAutopayStepOutput = { enrollment: Record<string, any> | null; paused: boolean }

export const pauseAutopayStepId = "pause-autopay"

/**
 * Pauses the customer's active enrollment (the customer's own choice): the
 * enrollment as it is afterwards, null when there is none. A paused one is
 * left as it is (`paused: false`). Compensation makes it active again.
 */
export const pauseAutopayStep = createStep(
  pauseAutopayStepId,
  async (input: PauseAutopayStepInput, { container }) => {
    const autopay = container.resolve<AutopayModuleService>(AUTOPAY_MODULE)
    const live = await autopay.retrieveLiveEnrollment(input.customer_id)
    if (!live) return new StepResponse<PauseAutopayStepOutput, string | null>({ enrollment: null, paused: false }, null)
    const paused = await autopay.pauseEnrollment(live.id, input.reason, new Date())
    const enrollment = await autopay.retrieveEnrollmentOrFail(live.id)
    return new StepResponse<PauseAutopayStepOutput, string | null>({ enrollment, paused }, paused ? live.id : null)
  },
  async (id: string | null | undefined, { container }) => {
    if (!id) return
    const autopay = container.resolve<AutopayModuleService>(AUTOPAY_MODULE)
    await autopay.updateAutopayEnrollments({ id, status: "active", paused_at: null, pause_reason: null })
  }
)
