import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { AUTOPAY_MODULE } from "../../../modules/autopay"
import type AutopayModuleService from "../../../modules/autopay/service"
import type { EnrollInput } from "../../../modules/autopay/service"

export type EnrollAutopayStepInput = Omit<EnrollInput, "now" | "unless_changed_since"> & {
  now?: string | Date
  unless_changed_since?: string | Date | null
}

export const enrollAutopayStepId = "enroll-autopay"

const RESTORABLE = [
  "status",
  "payment_method_id",
  "payment_method_type",
  "payment_method_label",
  "provider_id",
  "max_amount",
  "max_amount_currency_code",
  "consented_at",
  "terms_version",
  "terms_text",
  "consent_ip",
  "consent_user_agent",
  "paused_at",
  "pause_reason",
] as const

/** Records the enrollment and its consent; compensation puts back what was there before. */
export const enrollAutopayStep = createStep(
  enrollAutopayStepId,
  async (input: EnrollAutopayStepInput, { container }) => {
    const autopay = container.resolve<AutopayModuleService>(AUTOPAY_MODULE)
    const previous = await autopay.retrieveLiveEnrollment(input.customer_id)
    const result = await autopay.enroll({
      ...input,
      now: input.now ? new Date(input.now) : new Date(),
      unless_changed_since: input.unless_changed_since ? new Date(input.unless_changed_since) : null,
    })
    const undo = previous
      ? { id: previous.id, restore: Object.fromEntries(RESTORABLE.map((k) => [k, (previous as any)[k]])) }
      : { id: result.enrollment.id, restore: null }
    return new StepResponse(result, undo)
  },
  async (undo, { container }) => {
    if (!undo) return
    const autopay = container.resolve<AutopayModuleService>(AUTOPAY_MODULE)
    if (undo.restore) await autopay.updateAutopayEnrollments({ id: undo.id, ...(undo.restore as any) })
    else await autopay.softDeleteAutopayEnrollments([undo.id])
  }
)
