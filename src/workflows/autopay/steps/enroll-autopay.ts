import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { AUTOPAY_MODULE } from "../../../modules/autopay"
import type AutopayModuleService from "../../../modules/autopay/service"
import type { EnrollInput } from "../../../modules/autopay/service"
import { withCustomerLock } from "../../payments/customer-lock"

export type EnrollAutopayStepInput = Omit<EnrollInput, "now" | "unless_changed_since"> & {
  now?: string | Date
  unless_changed_since?: string | Date | null
}

export const enrollAutopayStepId = "enroll-autopay"

/**
 * Records the enrollment and its consent; compensation puts back what was
 * there before, unless the enrollment changed since (a pause, a
 * cancellation, a newer consent), which it leaves as it is.
 */
export const enrollAutopayStep = createStep(
  enrollAutopayStepId,
  async (input: EnrollAutopayStepInput, { container }) => {
    const autopay = container.resolve<AutopayModuleService>(AUTOPAY_MODULE)
    const previous = await autopay.retrieveLiveEnrollment(input.customer_id)
    // ordered with autopay's charges, as a cancel is (cancel-autopay.ts): a charge reaches the provider
    // only with the method of the consent in force when it does
    const result = await withCustomerLock(container, input.customer_id, () =>
      autopay.enroll({
        ...input,
        now: input.now ? new Date(input.now) : new Date(),
        unless_changed_since: input.unless_changed_since ? new Date(input.unless_changed_since) : null,
      })
    )
    const { id, customer_id, consented_at } = result.enrollment
    return new StepResponse(result, { written: { id, customer_id, consented_at }, previous: previous ?? null })
  },
  async (undo, { container }) => {
    if (!undo) return
    await container.resolve<AutopayModuleService>(AUTOPAY_MODULE).undoEnroll(undo.written, undo.previous as any)
  }
)
