import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { AUTOPAY_MODULE } from "../../../modules/autopay"
import type AutopayModuleService from "../../../modules/autopay/service"

export type StartAutopayRunStepInput = { trigger: "schedule" | "admin"; customer_id?: string | null; now: string | Date }

export const startAutopayRunStepId = "start-autopay-run"

/** Records that a run started (visible to the admin at once). */
export const startAutopayRunStep = createStep(
  startAutopayRunStepId,
  async (input: StartAutopayRunStepInput, { container }) => {
    const autopay = container.resolve<AutopayModuleService>(AUTOPAY_MODULE)
    const run = await autopay.createAutopayRuns({
      trigger: input.trigger,
      customer_id: input.customer_id ?? null,
      started_at: new Date(input.now),
    })
    return new StepResponse({ run_id: run.id }, run.id)
  },
  async (runId, { container }) => {
    if (!runId) return
    // A run that did not finish stays on record, marked as such.
    const autopay = container.resolve<AutopayModuleService>(AUTOPAY_MODULE)
    await autopay.updateAutopayRuns({ id: runId, finished_at: new Date(), errors: [{ error: "run aborted" }] as any })
  }
)
