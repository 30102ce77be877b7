import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import pLimit from "p-limit"
import { toMajor } from "../../../domain/money"
import { AUTOPAY_MODULE } from "../../../modules/autopay"
import type AutopayModuleService from "../../../modules/autopay/service"
import { INVOICING_MODULE } from "../../../modules/invoicing"
import type InvoicingModuleService from "../../../modules/invoicing/service"
import { minorFromField } from "../../../utils/money"
import { getBillingOptions } from "../../../utils/options"
import { loadPortalSettings } from "../../../utils/portal-settings"
import { AutopayChargeResult, AutopayRunSettings, followAttemptPayment, isNotCharged, NOT_CHARGED } from "../charge-enrollment"
import { chargeAutopayEnrollmentWorkflow } from "../workflows/charge-autopay-enrollment"
import { crashPoint } from "../../../utils/crash-points"
import { BALANCE_CHANGED_CODE } from "../../../domain/expected-amount"
import { NOT_THE_ENROLLED_METHOD } from "../../payment-methods/payment-methods"

export type ChargeAutopayEnrollmentsStepInput = { run_id: string; customer_id?: string | null; now: string | Date }

export type AutopayRunError = { enrollment_id: string; currency_code?: string; error: string }

export type ChargeAutopayEnrollmentsStepOutput = {
  run_id: string
  /** enrollments looked at */
  enrollments: number
  /** charges (one per enrollment and currency owed) by outcome; complete */
  charged: number
  skipped: number
  failed: number
  /** payments this run made or followed, the first MAX_PAYMENT_IDS */
  payment_ids: string[]
  /** the first MAX_RESULTS outcomes (a run for one customer: all of them) */
  results: AutopayChargeResult[]
  /** the first MAX_ERRORS errors (each also counted in `failed`) */
  errors: AutopayRunError[]
  /** whether a list above was cut short (the counts never are) */
  truncated: boolean
}

export const chargeAutopayEnrollmentsStepId = "charge-autopay-enrollments"

const PAGE = 200
/**
 * The step's output is kept with the workflow's execution (in Redis in
 * production): a run over many thousand enrollments keeps counts, not every
 * result.
 */
export const MAX_RESULTS = 100
export const MAX_ERRORS = 100
export const MAX_PAYMENT_IDS = 1000

/**
 * Charges every active enrollment (or one customer's), `autopay.concurrency`
 * charges in flight at once, each enrollment's currencies one after another,
 * each charge its own `chargeAutopayEnrollmentWorkflow`: a run's time is bound
 * by the provider, not by waiting on one charge after another. One charge's
 * error never stops the others.
 *
 * No compensation: every charge is its own workflow with its own idempotency
 * key (and compensation), so a run that stops half-way is simply continued by
 * the next one.
 */
export const chargeAutopayEnrollmentsStep = createStep(
  chargeAutopayEnrollmentsStepId,
  async (input: ChargeAutopayEnrollmentsStepInput, { container }) => {
    const autopay = container.resolve<AutopayModuleService>(AUTOPAY_MODULE)
    const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
    const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
    const now = new Date(input.now)
    const settings = await loadPortalSettings(container)
    const options = getBillingOptions(container)
    const tally = new RunTally(input.run_id)
    if (!settings.autopay.allowed) return new StepResponse(tally.output())
    const runSettings: AutopayRunSettings = {
      charge_on: settings.autopay.charge_on,
      pre_debit_notice_days: settings.autopay.pre_debit_notice_days,
    }

    const charge = async (enrollment: { id: string; customer_id: string }, currency: string): Promise<AutopayChargeResult> => {
      const { result, errors } = await chargeAutopayEnrollmentWorkflow(container).run({
        input: {
          enrollment_id: enrollment.id,
          customer_id: enrollment.customer_id,
          currency_code: currency,
          run_id: input.run_id,
          now: now.toISOString(),
          settings: runSettings,
        },
        throwOnError: false,
      })
      if (!errors?.length) return result as AutopayChargeResult
      const error = errors[0]?.error
      const message = String(error?.message ?? error ?? "charge workflow failed")
      // (said, since the run's answer only counts it: a charge workflow should not fail)
      logger.warn(`billing: autopay charge workflow for ${enrollment.id} (${currency}) failed: ${message}`)
      // The workflow failed. Only this run's workflow for this enrollment and
      // currency claims an attempt with this run id: if it claimed one, a
      // payment made under its key is followed (the payment workflow failed
      // after the payment was made: that payment is the truth); without one
      // nothing was charged, and the compensation left the attempt for the
      // next run (`not_charged`; recorded here with the reason).
      const [attempt] = await autopay.listAutopayAttempts(
        { run_id: input.run_id, enrollment_id: enrollment.id, currency_code: currency },
        { take: 1 }
      )
      if (!attempt) throw new Error(message)
      const base = { enrollment_id: enrollment.id, customer_id: enrollment.customer_id, currency_code: currency }
      const amount = toMajor(minorFromField(attempt, "amount", currency), currency)
      const followed = await followAttemptPayment(container, attempt, now)
      if (followed) return { ...base, ...followed, amount }
      // Refused before any charge (e.g. a manual payment reserved an invoice in
      // between): nothing was charged; the next run starts from what is due then.
      if (attempt.status === "pending" || (attempt.status === "failed" && isNotCharged(attempt.failure_reason))) {
        await autopay.updateAutopayAttempts({
          id: attempt.id,
          status: "failed",
          failure_reason: `${NOT_CHARGED}: ${message}`,
          failed_at: now,
        })
      }
      return { ...base, result: "skipped", reason: refusalReason(error), amount }
    }

    const chargeEnrollment = async (enrollment: { id: string; customer_id: string }) => {
      let currencies: string[]
      try {
        const balances = await invoicing.getAccountBalances(enrollment.customer_id, { now, time_zone: getBillingOptions(container).timeZone })
        currencies = balances.map((b) => b.currency_code)
      } catch (e: any) {
        tally.error({ enrollment_id: enrollment.id, error: String(e?.message ?? e) })
        logger.warn(`billing: autopay for ${enrollment.id} failed: ${e?.message ?? e}`)
        return
      }
      for (const currency of currencies) {
        try {
          tally.add(await charge(enrollment, currency))
          await crashPoint("autopay_mid_run") // test-only (kill -9 tests): one charge made, the others not
        } catch (e: any) {
          tally.error({ enrollment_id: enrollment.id, currency_code: currency, error: String(e?.message ?? e) })
          logger.warn(`billing: autopay for ${enrollment.id} (${currency}) failed: ${e?.message ?? e}`)
        }
      }
    }

    const limit = pLimit(options.autopay.concurrency)
    let after: string | null = null
    for (;;) {
      const page = await autopay.listActiveEnrollmentsPage({ customer_id: input.customer_id, after, take: PAGE })
      tally.enrollments += page.length
      // (each page drains before the next is read: a short dip below the limit, PAGE times fewer reads)
      await Promise.all(page.map((enrollment) => limit(() => chargeEnrollment(enrollment))))
      if (page.length < PAGE) break
      after = page[page.length - 1].id
    }
    return new StepResponse(tally.output())
  }
)

/** Counts every outcome; keeps bounded lists of results, payment ids and errors. */
class RunTally {
  enrollments = 0
  private charged = 0
  private skipped = 0
  private failed = 0
  private readonly results: AutopayChargeResult[] = []
  private readonly paymentIds: string[] = []
  private readonly errors: AutopayRunError[] = []
  private truncated = false

  constructor(private readonly runId: string) {}

  add(result: AutopayChargeResult) {
    this[result.result]++
    this.keep(this.results, result, MAX_RESULTS)
    // (a run that finds an earlier run's attempt did not make its payment)
    if (result.payment_id && result.reason !== "already_attempted") this.keep(this.paymentIds, result.payment_id, MAX_PAYMENT_IDS)
  }

  error(error: AutopayRunError) {
    this.failed++
    this.keep(this.errors, error, MAX_ERRORS)
  }

  output(): ChargeAutopayEnrollmentsStepOutput {
    return {
      run_id: this.runId,
      enrollments: this.enrollments,
      charged: this.charged,
      skipped: this.skipped,
      failed: this.failed,
      payment_ids: this.paymentIds,
      results: this.results,
      errors: this.errors,
      truncated: this.truncated,
    }
  }

  private keep<T>(list: T[], item: T, max: number) {
    if (list.length < max) list.push(item)
    else this.truncated = true
  }
}

/**
 * Why a charge's reservation refused before anything was charged, as the
 * run's result says it: the customer turned autopay off or changed its
 * method since the run listed it, the amount due changed since it was decided
 * (within the customer's limit), or the invoices were no longer payable (a
 * manual payment reserved them).
 */
function refusalReason(error: any): string {
  if (error?.code === BALANCE_CHANGED_CODE || String(error?.message ?? "").startsWith("Your balance changed:")) return "amount_changed"
  if (String(error?.message ?? "").includes(NOT_THE_ENROLLED_METHOD)) return "enrollment_inactive"
  return "not_payable"
}
