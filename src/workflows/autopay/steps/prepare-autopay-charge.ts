import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  AUTHENTICATION_REQUIRED,
  autopayChargeDecision,
  autopayIdempotencyKey,
  invoiceSetKey,
  isRetryDue,
  selectDueInvoices,
} from "../../../domain/autopay"
import { toMajor } from "../../../domain/money"
import { AUTOPAY_MODULE } from "../../../modules/autopay"
import type AutopayModuleService from "../../../modules/autopay/service"
import { INVOICING_MODULE } from "../../../modules/invoicing"
import type InvoicingModuleService from "../../../modules/invoicing/service"
import type { CreateCustomerPaymentWorkflowInput } from "../../payments/workflows/create-customer-payment"
import { getBillingOptions } from "../../../utils/options"
import {
  AutopayChargeResult,
  AutopayEnrollmentRow,
  AutopayRunSettings,
  enrollmentCap,
  followAttemptPayment,
  isNotCharged,
  NOT_CHARGED,
  sendPreDebitNotice,
} from "../charge-enrollment"

export type PrepareAutopayChargeStepInput = {
  enrollment_id: string
  customer_id: string
  currency_code: string
  run_id: string | null
  /** ISO date: the run's "now" */
  now: string | Date
  settings: AutopayRunSettings
}

/** The attempt this charge claimed, and everything the later steps need to charge and settle it. */
export type AutopayClaim = {
  attempt_id: string
  idempotency_key: string
  enrollment_id: string
  customer_id: string
  currency_code: string
  /** major units, exact decimal string */
  amount: string
  now: string
  payment: CreateCustomerPaymentWorkflowInput
}

export type PrepareAutopayChargeStepOutput =
  | { charge: false; result: AutopayChargeResult; claim: null }
  | { charge: true; result: null; claim: AutopayClaim }

/** What the compensation needs: the attempt this step created (never one it found). */
type ClaimedAttempt = { attempt_id: string; customer_id: string; idempotency_key: string; now: string } | null

export const prepareAutopayChargeStepId = "prepare-autopay-charge"

/**
 * Decides what one enrollment charges in one currency and claims the attempt:
 * the ACH pre-debit notice for invoices coming due; the due invoices, unless
 * the customer's limit per charge is lower than their total; nothing while an
 * earlier attempt of the same invoices is in flight, waits for the customer,
 * or waits for (or has used up) its retries; then the attempt, recorded once
 * under its idempotency key (enrollment + invoice set + attempt number), so a
 * repeated or overlapping run finds it instead of charging again. Invoices
 * that a manual payment has reserved are not payable, so they are never
 * charged twice.
 *
 * Compensation: an attempt this step claimed whose charge never made a
 * payment is marked failed `not_charged`, so the next run tries again. One
 * that did make a payment is left for the caller to follow (the run step:
 * see `chargeAutopayEnrollmentWorkflow`) — that money is the truth.
 */
export const prepareAutopayChargeStep = createStep(
  prepareAutopayChargeStepId,
  async (input: PrepareAutopayChargeStepInput, { container }) => {
    const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
    const autopay = container.resolve<AutopayModuleService>(AUTOPAY_MODULE)
    const now = new Date(input.now)
    const currency = input.currency_code
    const base = { enrollment_id: input.enrollment_id, customer_id: input.customer_id, currency_code: currency }
    const skip = (reason: string, extra: Partial<AutopayChargeResult> = {}) =>
      new StepResponse<PrepareAutopayChargeStepOutput, ClaimedAttempt>(
        { charge: false, result: { ...base, result: "skipped", reason, ...extra }, claim: null },
        null
      )

    // Read again by id and customer: the run listed it a moment ago, but a
    // customer who cancels (or an ACH return that pauses) takes effect at once.
    const enrollment = (await autopay.findEnrollmentForCharge(input.enrollment_id, input.customer_id)) as AutopayEnrollmentRow | null
    if (!enrollment || enrollment.status !== "active") return skip("enrollment_inactive")

    const invoices = await invoicing.listAllocatableInvoices(input.customer_id, { currency_code: currency })
    if (enrollment.payment_method_type === "us_bank_account") {
      await sendPreDebitNotice(container, enrollment, currency, invoices, { now, settings: input.settings })
    }

    const due = selectDueInvoices(invoices, {
      charge_on: input.settings.charge_on,
      now,
      time_zone: getBillingOptions(container).timeZone,
      currency_code: currency,
    })
    const decision = autopayChargeDecision(due, { currency_code: currency, cap: enrollmentCap(enrollment) })
    if (!decision.charge) return skip(decision.reason, { amount: toMajor(decision.amount, currency) })

    const series = invoiceSetKey(decision.invoice_ids)
    const attempts = await autopay.listSeriesAttempts(enrollment.id, series)
    let last = attempts[attempts.length - 1]
    let attemptNo = 1
    if (last?.status === "pending" && (await releaseOrphanedAttempt(container, last, now))) {
      last = (await autopay.listSeriesAttempts(enrollment.id, series)).find((a) => a.id === last!.id) ?? last
    }
    if (last) {
      if (last.status === "pending" || last.status === "processing") return skip("in_flight")
      if (last.status === "requires_action") return skip("awaiting_customer")
      // (an attempt refused before any charge, e.g. by a race with a manual payment, is simply tried again)
      if (last.status === "failed" && !isNotCharged(last.failure_reason)) {
        if (!last.next_retry_at) return skip("retries_exhausted")
        if (!isRetryDue(new Date(last.next_retry_at), now)) return skip("retry_scheduled")
      }
      // failed and due for a retry, or succeeded and since reversed (the invoices are payable again)
      attemptNo = last.attempt + 1
    }

    const key = autopayIdempotencyKey(enrollment.id, decision.invoice_ids, attemptNo)
    const amount = toMajor(decision.amount, currency)
    const { attempt, created } = await autopay.claimAttempt({
      enrollment_id: enrollment.id,
      customer_id: enrollment.customer_id,
      run_id: input.run_id,
      currency_code: currency,
      invoice_ids: decision.invoice_ids,
      series_key: series,
      attempt: attemptNo,
      amount,
      idempotency_key: key,
    })
    if (!created) return skip("already_attempted", { payment_id: attempt.customer_payment_id ?? undefined })

    const claim: AutopayClaim = {
      attempt_id: attempt.id,
      idempotency_key: key,
      enrollment_id: enrollment.id,
      customer_id: enrollment.customer_id,
      currency_code: currency,
      amount,
      now: now.toISOString(),
      payment: {
        customer_id: enrollment.customer_id,
        mode: "selected_invoices",
        currency_code: currency,
        invoice_ids: decision.invoice_ids,
        // what was decided within the customer's limit: if the invoices changed since (a pending
        // payment failed, an adjustment), the reservation refuses rather than charge another amount
        expected_amount: amount,
        method: enrollment.payment_method_type,
        source: "autopay",
        provider_id: enrollment.provider_id,
        idempotency_key: key,
        request_hash: key,
        note: null,
        payment_method: { type: enrollment.payment_method_type, saved_method_id: enrollment.payment_method_id },
        // The method the customer enrolled, found among their own when they
        // did: the payment checks it against this enrollment in the database
        // instead of listing the holder's methods at the provider again (the
        // provider still refuses a method that is not the account holder's).
        enrolled_method: { enrollment_id: enrollment.id },
        off_session: true,
      },
    }
    return new StepResponse<PrepareAutopayChargeStepOutput, ClaimedAttempt>(
      { charge: true, result: null, claim },
      { attempt_id: attempt.id, customer_id: enrollment.customer_id, idempotency_key: key, now: claim.now }
    )
  },
  async (claimed, { container }) => {
    if (!claimed) return
    const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
    const autopay = container.resolve<AutopayModuleService>(AUTOPAY_MODULE)
    const [payment] = await invoicing.listCustomerPayments(
      { customer_id: claimed.customer_id, idempotency_key: claimed.idempotency_key },
      { take: 1, select: ["id"] }
    )
    // A payment was made: the attempt belongs to it (the caller links and follows it).
    if (payment) return
    const [attempt] = await autopay.listAutopayAttempts({ id: claimed.attempt_id }, { take: 1 })
    if (!attempt || attempt.status !== "pending") return
    await autopay.updateAutopayAttempts({
      id: claimed.attempt_id,
      status: "failed",
      failure_reason: `${NOT_CHARGED}: rolled back`,
      failed_at: new Date(claimed.now),
    })
  }
)

/**
 * An attempt still `pending` whose charge is no longer running: the process
 * died (kill -9) between the claim and the settle step, so nothing will ever
 * move it and every later run would skip its invoices as `in_flight`. Once
 * the reconciler has settled the payment made under the attempt's key, that
 * payment says what became of it: `canceled` (never sent to the provider, or
 * canceled there before it took money: `abandoned`, `expired`) leaves the
 * attempt failed `not_charged`, tried again at once and not counted as a
 * decline; any other end is followed as the run step follows it. Without a
 * payment, a claim older than the abandoned-payment threshold died before its
 * reservation: `not_charged` too. A 3-D Secure release (`canceled`,
 * `authentication_required`) leaves the attempt needing the customer, who is
 * told once. A payment still pending or processing (the reconciler's), or a
 * younger claim, is left in flight. Whether the attempt changed.
 */
async function releaseOrphanedAttempt(
  container: any,
  attempt: { id: string; customer_id: string; idempotency_key: string; created_at: Date | string },
  now: Date
): Promise<boolean> {
  const invoicing = container.resolve(INVOICING_MODULE) as InvoicingModuleService
  const autopay = container.resolve(AUTOPAY_MODULE) as AutopayModuleService
  const [payment] = await invoicing.listCustomerPayments(
    { customer_id: attempt.customer_id, idempotency_key: attempt.idempotency_key },
    { select: ["id", "status", "failure_reason"], take: 1 }
  )
  if (!payment) {
    const claimedBefore = now.getTime() - getBillingOptions(container).abandonedPaymentMinutes * 60_000
    if (new Date(attempt.created_at).getTime() >= claimedBefore) return false
    await autopay.updateAutopayAttempts({
      id: attempt.id,
      status: "failed",
      failure_reason: `${NOT_CHARGED}: claim abandoned`,
      failed_at: now,
    })
    return true
  }
  if (payment.status === "pending" || payment.status === "processing") return false
  // (a 3-D Secure release, whose settle step died before it moved the attempt, is followed below)
  if (payment.status === "canceled" && payment.failure_reason !== AUTHENTICATION_REQUIRED) {
    await autopay.updateAutopayAttempts({
      id: attempt.id,
      customer_payment_id: payment.id,
      status: "failed",
      failure_reason: `${NOT_CHARGED}: payment ${payment.failure_reason ?? "canceled"}`,
      failed_at: now,
    })
    return true
  }
  await followAttemptPayment(container, attempt, now)
  return true
}
