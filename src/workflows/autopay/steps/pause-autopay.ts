import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { AUTOPAY_MODULE } from "../../../modules/autopay"
import type AutopayModuleService from "../../../modules/autopay/service"
import { withCustomerLock } from "../../payments/customer-lock"

export type PauseAutopayStepInput = { customer_id: string; reason: string }

export type PauseAutopayStepOutput = { enrollment: Record<string, any> | null; paused: boolean }

type PauseUndo = { id: string; paused_at: Date }

export const pauseAutopayStepId = "pause-autopay"

/**
 * Pauses the customer's active enrollment (the customer's own choice): the
 * enrollment as it is afterwards, null when there is none. A paused one is
 * left as it is (`paused: false`). Compensation makes it active again, if
 * it is still paused by this step.
 */
export const pauseAutopayStep = createStep(
  pauseAutopayStepId,
  async (input: PauseAutopayStepInput, { container }) => {
    const autopay = container.resolve<AutopayModuleService>(AUTOPAY_MODULE)
    const live = await autopay.retrieveLiveEnrollment(input.customer_id)
    if (!live) return new StepResponse<PauseAutopayStepOutput, PauseUndo | null>({ enrollment: null, paused: false }, null)
    // ordered with autopay's charges and consents, as a cancel is (cancel-autopay.ts); its time is
    // taken once the lock is held, so a pause never reads as older than the consent it waited for
    let now = new Date()
    const paused = await withCustomerLock(container, input.customer_id, () => {
      now = new Date()
      return autopay.pauseEnrollment(live.id, input.reason, now)
    })
    const enrollment = await autopay.retrieveEnrollmentOrFail(live.id)
    return new StepResponse<PauseAutopayStepOutput, PauseUndo | null>(
      { enrollment, paused },
      paused ? { id: live.id, paused_at: now } : null
    )
  },
  async (undo: PauseUndo | null | undefined, { container }) => {
    if (!undo) return
    // only this very pause: an enrollment changed or canceled since stays as it is
    await container.resolve<AutopayModuleService>(AUTOPAY_MODULE).undoPause(undo.id, new Date(undo.paused_at))
  }
)
