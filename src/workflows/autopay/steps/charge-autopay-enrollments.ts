import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { AUTOPAY_MODULE } from "../../../modules/autopay"
import type AutopayModuleService from "../../../modules/autopay/service"
import { getBillingOptions } from "../../../utils/options"
import { loadPortalSettings } from "../../../utils/portal-settings"
import { AutopayChargeResult, chargeEnrollment } from "../charge-enrollment"

export type ChargeAutopayEnrollmentsStepInput = { run_id: string; customer_id?: string | null; now: string | Date }
export type ChargeAutopayEnrollmentsStepOutput = {
  run_id: string
  enrollments: number
  charged: number
  skipped: number
  failed: number
  results: AutopayChargeResult[]
  errors: { enrollment_id: string; error: string }[]
}

export const chargeAutopayEnrollmentsStepId = "charge-autopay-enrollments"

const PAGE = 200

/**
 * Charges every active enrollment (or one customer's), one after another.
 * No compensation: every charge is its own payment workflow with its own
 * idempotency key, so a run that stops half-way is simply continued by the
 * next one. One enrollment's error never stops the others.
 */
export const chargeAutopayEnrollmentsStep = createStep(
  chargeAutopayEnrollmentsStepId,
  async (input: ChargeAutopayEnrollmentsStepInput, { container }) => {
    const autopay = container.resolve<AutopayModuleService>(AUTOPAY_MODULE)
    const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
    const now = new Date(input.now)
    const settings = await loadPortalSettings(container)
    const options = getBillingOptions(container)
    const out: ChargeAutopayEnrollmentsStepOutput = {
      run_id: input.run_id,
      enrollments: 0,
      charged: 0,
      skipped: 0,
      failed: 0,
      results: [],
      errors: [],
    }
    if (!settings.autopay.allowed) return new StepResponse(out)
    const filter: Record<string, unknown> = { status: "active" }
    if (input.customer_id) filter.customer_id = input.customer_id
    for (let offset = 0; ; offset += PAGE) {
      const page = await autopay.listAutopayEnrollments(filter, { skip: offset, take: PAGE, order: { id: "ASC" } })
      for (const enrollment of page) {
        out.enrollments++
        try {
          const results = await chargeEnrollment(container, enrollment as any, { run_id: input.run_id, now, settings, options })
          for (const r of results) {
            out[r.result]++
            out.results.push(r)
          }
        } catch (e: any) {
          out.failed++
          out.errors.push({ enrollment_id: enrollment.id, error: String(e?.message ?? e) })
          logger.warn(`billing: autopay for ${enrollment.id} failed: ${e?.message ?? e}`)
        }
      }
      if (page.length < PAGE) break
    }
    return new StepResponse(out)
  }
)
