import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { AUTOPAY_MODULE } from "../../../modules/autopay"
import type AutopayModuleService from "../../../modules/autopay/service"
import type { ChargeAutopayEnrollmentsStepOutput } from "./charge-autopay-enrollments"

export const finishAutopayRunStepId = "finish-autopay-run"

/** Records the run's end and counts. */
export const finishAutopayRunStep = createStep(
  finishAutopayRunStepId,
  async (input: ChargeAutopayEnrollmentsStepOutput, { container }) => {
    const autopay = container.resolve<AutopayModuleService>(AUTOPAY_MODULE)
    const run = await autopay.updateAutopayRuns({
      id: input.run_id,
      finished_at: new Date(),
      enrollments: input.enrollments,
      charged: input.charged,
      skipped: input.skipped,
      failed: input.failed,
      errors: (input.errors.length ? input.errors : null) as any,
    })
    return new StepResponse({ run, results: input.results, payment_ids: input.payment_ids, truncated: input.truncated })
  }
)
