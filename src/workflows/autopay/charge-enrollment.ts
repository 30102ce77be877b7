/**
 * What the autopay charge steps share: the enrollment and settings shapes, the
 * attempt bookkeeping that the run, its steps and the outcome subscriber all
 * apply (`applyPaymentStatus`), and the customer emails. The charge itself is
 * `chargeAutopayEnrollmentWorkflow` (one enrollment, one currency); the run
 * step starts one per enrollment and currency.
 */
import { endOfBusinessDay } from "../../domain/business-day"
import { Modules } from "@medusajs/framework/utils"
import { AUTHENTICATION_REQUIRED, AUTHENTICATION_REQUIRED_TEXT, AUTOPAY_TURNED_OFF, autopayChargeDate, AutopayCap, AutopayChargeOn, invoiceSetKey, isChargeableAt, nextRetryAt } from "../../domain/autopay"
import { payableAmount } from "../../domain/allocation"
import { PAYMENT_METHOD_UNAVAILABLE, PAYMENT_METHOD_UNAVAILABLE_TEXT } from "../../domain/credit"
import { formatDisplayId } from "../../domain/invoice-status"
import { toMajor } from "../../domain/money"
import { AUTOPAY_MODULE } from "../../modules/autopay"
import type AutopayModuleService from "../../modules/autopay/service"
import { INVOICING_MODULE } from "../../modules/invoicing"
import type InvoicingModuleService from "../../modules/invoicing/service"
import { minorFromField } from "../../utils/money"
import { sendBillingEmail } from "../../utils/notify"
import { getBillingOptions } from "../../utils/options"
import { loadPortalSettings } from "../../utils/portal-settings"

/** One enrollment's charge in one currency, as a run reports it. */
export type AutopayChargeResult = {
  enrollment_id: string
  customer_id: string
  currency_code: string
  result: "charged" | "skipped" | "failed"
  reason?: string
  payment_id?: string
  amount?: string
}

export type AutopayEnrollmentRow = {
  id: string
  customer_id: string
  status: string
  payment_method_id: string
  payment_method_type: "card" | "us_bank_account"
  payment_method_label: string | null
  provider_id: string
  max_amount: unknown
  max_amount_currency_code?: string | null
}

/** The settings an autopay run reads once, at its start, for every charge it makes. */
export type AutopayRunSettings = { charge_on: AutopayChargeOn; pre_debit_notice_days: number }

/**
 * The failure reason prefix of an attempt refused before anything was
 * charged (a manual payment reserved an invoice in between, a rolled-back
 * charge workflow): such an attempt is not a decline, and the next run simply
 * tries again with what is due then.
 */
export const NOT_CHARGED = "not_charged"

export const isNotCharged = (failureReason: unknown) => String(failureReason ?? "").startsWith(NOT_CHARGED)

/**
 * Follows a payment made under an attempt's idempotency key when the charge
 * workflow failed after the payment was made: the payment (pending for the
 * reconciler, or with an outcome) is the truth. Returns null when there is no
 * such payment (nothing was charged).
 */
export async function followAttemptPayment(
  container: any,
  attempt: { id: string; customer_id: string; idempotency_key: string },
  now: Date
): Promise<{ payment_id: string; result: "charged" | "skipped" | "failed"; reason?: string } | null> {
  const invoicing = container.resolve(INVOICING_MODULE) as InvoicingModuleService
  const autopay = container.resolve(AUTOPAY_MODULE) as AutopayModuleService
  const [payment] = await invoicing.listCustomerPayments(
    { customer_id: attempt.customer_id, idempotency_key: attempt.idempotency_key },
    { take: 1 }
  )
  if (!payment) return null
  const outcome = await applyPaymentStatus(container, attempt.id, payment.status, payment.failure_reason, now, payment.id)
  return { payment_id: payment.id, ...outcome }
}

/**
 * Moves an attempt along with its payment's status (the run, and later the
 * webhook subscriber for ACH that fails days after): a failure schedules the
 * next retry on the configured days after the series' first failure, or
 * stops autopay for those invoices and tells the customer and the business;
 * a method gone at the provider pauses autopay (`pauseForGoneMethod`).
 * With `paymentId`, the attempt is linked to that payment too.
 */
export async function applyPaymentStatus(
  container: any,
  attemptId: string,
  status: string,
  failureReason: string | null,
  now: Date,
  paymentId?: string
): Promise<{ result: "charged" | "skipped" | "failed"; reason?: string }> {
  const autopay = container.resolve(AUTOPAY_MODULE) as AutopayModuleService
  if (status === "succeeded" || status === "processing") {
    // (the usual end of a charge: one statement)
    await autopay.markAttemptCharged(attemptId, { status, customer_payment_id: paymentId })
    return { result: "charged" }
  }
  if (paymentId) await autopay.updateAutopayAttempts({ id: attemptId, customer_payment_id: paymentId })
  if (status !== "failed" && status !== "canceled") return { result: "skipped", reason: status }
  if (status === "canceled" && failureReason === AUTOPAY_TURNED_OFF) {
    // released before the provider: the customer turned autopay off meanwhile; nothing was charged
    await autopay.updateAutopayAttempts({ id: attemptId, status: "failed", failure_reason: `${NOT_CHARGED}: ${AUTOPAY_TURNED_OFF}`, failed_at: now })
    return { result: "skipped", reason: "enrollment_inactive" }
  }
  const [attempt] = await autopay.listAutopayAttempts({ id: attemptId }, { take: 1 })
  if (attempt.status === "failed" || attempt.status === "requires_action") return { result: "failed", reason: attempt.failure_reason ?? "failed" }
  if ((status === "failed" || status === "canceled") && failureReason === AUTHENTICATION_REQUIRED) {
    // The bank wants the customer (off-session SCA): declined, or released
    // by the settle step when the provider asked for 3-D Secure. No retry
    // would help, and it is not counted as a decline.
    await autopay.updateAutopayAttempts({ id: attemptId, status: "requires_action", failure_reason: AUTHENTICATION_REQUIRED, failed_at: now })
    if (status === "canceled" && paymentId) {
      // Released by the settle step (or, when it died first, followed by the
      // next run): told once, under one key. A decline is told by the failure
      // email (billing-payment-notifications).
      const currency = String(attempt.currency_code)
      await notifyCustomer(container, attempt, "billing.autopay_failed", `billing.autopay_failed:${paymentId}`, {
        payment: {
          id: paymentId,
          amount: toMajor(minorFromField(attempt, "amount", currency), currency),
          currency: currency.toUpperCase(),
          failure_reason: AUTHENTICATION_REQUIRED_TEXT,
        },
      })
    }
    return { result: "failed", reason: AUTHENTICATION_REQUIRED }
  }
  if (status === "failed" && failureReason === PAYMENT_METHOD_UNAVAILABLE) {
    await pauseForGoneMethod(container, attempt, now)
    return { result: "failed", reason: PAYMENT_METHOD_UNAVAILABLE }
  }

  const series = await autopay.listAutopayAttempts(
    { enrollment_id: attempt.enrollment_id, series_key: attempt.series_key, status: ["failed"] },
    { order: { attempt: "ASC" } }
  )
  const failures = series.filter((a) => a.id !== attemptId && !isNotCharged(a.failure_reason))
  const firstFailure = failures[0]?.failed_at ? new Date(failures[0].failed_at) : now
  const retryAt = nextRetryAt(firstFailure, getBillingOptions(container).autopay.retryDays, failures.length + 1)
  await autopay.updateAutopayAttempts({
    id: attemptId,
    status: "failed",
    failure_reason: failureReason ?? "declined",
    failed_at: now,
    next_retry_at: retryAt,
  })
  if (!retryAt) {
    await notifyRetriesExhausted(container, attempt, failureReason ?? "declined")
  }
  return { result: "failed", reason: failureReason ?? "declined" }
}

/**
 * The enrolled method is gone at the provider (the payment failed
 * `payment_method_unavailable`: nothing was charged). No retry with it can
 * succeed, so the attempt is not a decline: it is left `not_charged`, and
 * autopay pauses until the customer chooses a method (PUT), after which the
 * first run charges these invoices. Not paused when the customer has
 * confirmed the enrollment since this attempt was claimed (a new method
 * already). The failure email (billing-payment-notifications) says why; the
 * pause is announced as an ACH return's is.
 */
async function pauseForGoneMethod(container: any, attempt: { id: string; enrollment_id: string; created_at: Date | string }, now: Date) {
  const autopay = container.resolve(AUTOPAY_MODULE) as AutopayModuleService
  await autopay.updateAutopayAttempts({
    id: attempt.id,
    status: "failed",
    failure_reason: `${NOT_CHARGED}: ${PAYMENT_METHOD_UNAVAILABLE}`,
    failed_at: now,
    next_retry_at: null,
  })
  if (await autopay.pauseEnrollment(attempt.enrollment_id, PAYMENT_METHOD_UNAVAILABLE_TEXT, now, new Date(attempt.created_at))) {
    const enrollment = await autopay.retrieveEnrollmentOrFail(attempt.enrollment_id)
    await notifyCustomer(container, enrollment as any, "billing.autopay_changed", `billing.autopay_changed:paused:${attempt.id}`, {
      autopay: { status: "paused", payment_method: enrollment.payment_method_label ?? enrollment.payment_method_type },
    })
  }
}

async function notifyRetriesExhausted(container: any, attempt: any, reason: string) {
  const autopay = container.resolve(AUTOPAY_MODULE) as AutopayModuleService
  const enrollment = await autopay.retrieveEnrollmentOrFail(attempt.enrollment_id)
  const currency = attempt.currency_code
  const vars = {
    payment: {
      id: attempt.customer_payment_id,
      amount: toMajor(minorFromField(attempt, "amount", currency), currency),
      currency: currency.toUpperCase(),
      failure_reason: `${reason}; autopay will not try these invoices again`,
    },
  }
  await notifyCustomer(container, enrollment as any, "billing.autopay_failed", `billing.autopay_failed:${attempt.series_key}:final`, vars)
  const settings = await loadPortalSettings(container)
  if (settings.support_email) {
    await sendBillingEmail(container, {
      template: "billing.autopay_failed",
      to: settings.support_email,
      vars: { ...vars, customer: { id: enrollment.customer_id, first_name: "team" }, payment_url: getBillingOptions(container).portalUrl },
      idempotency_key: `billing.autopay_failed.business:${attempt.series_key}`,
      resource_type: "autopay_attempt",
      resource_id: attempt.id,
      settings,
    }).catch(() => false)
  }
}

/**
 * ACH (NACHA-style advance notice): tells the customer, once per set of
 * invoices, what will be debited and when, `pre_debit_notice_days` before
 * the charge date.
 */
export async function sendPreDebitNotice(
  container: any,
  enrollment: AutopayEnrollmentRow,
  currency: string,
  invoices: Awaited<ReturnType<InvoicingModuleService["listAllocatableInvoices"]>>,
  ctx: { now: Date; settings: AutopayRunSettings }
) {
  const days = ctx.settings.pre_debit_notice_days
  if (days <= 0) return
  // not chargeable today, and due within `days` days of the business's today
  const timeZone = getBillingOptions(container).timeZone
  const horizon = endOfBusinessDay(ctx.now, timeZone).getTime() + days * 24 * 60 * 60 * 1000
  const upcoming = invoices.filter((invoice) => {
    if (payableAmount(invoice) <= 0n) return false
    if (isChargeableAt(invoice, ctx.settings.charge_on, ctx.now, timeZone)) return false
    const date = autopayChargeDate(invoice, ctx.settings.charge_on)
    return !!date && date.getTime() <= horizon
  })
  if (!upcoming.length) return
  const total = upcoming.reduce((sum, invoice) => sum + payableAmount(invoice), 0n)
  const chargeDate = upcoming
    .map((i) => autopayChargeDate(i, ctx.settings.charge_on)!.getTime())
    .reduce((a, b) => Math.min(a, b))
  await notifyCustomer(
    container,
    enrollment,
    "billing.autopay_notice",
    `billing.autopay_notice:${enrollment.id}:${invoiceSetKey(upcoming.map((i) => i.id))}`,
    {
      autopay: {
        amount: toMajor(total, currency),
        currency: currency.toUpperCase(),
        charge_date: new Date(chargeDate).toISOString().slice(0, 10),
        payment_method: enrollment.payment_method_label ?? "your bank account",
        invoices: upcoming.map((i) => `${formatDisplayId(i.display_id)}: ${toMajor(payableAmount(i), currency)} ${currency.toUpperCase()}`),
      },
    }
  )
}

export async function notifyCustomer(
  container: any,
  enrollment: Pick<AutopayEnrollmentRow, "customer_id">,
  template: "billing.autopay_failed" | "billing.autopay_notice" | "billing.autopay_changed",
  idempotencyKey: string,
  vars: Record<string, unknown>
) {
  const customers = container.resolve(Modules.CUSTOMER)
  const [customer] = await customers.listCustomers({ id: enrollment.customer_id }, { take: 1 })
  if (!customer?.email) return
  await sendBillingEmail(container, {
    template,
    to: customer.email,
    vars: {
      customer: { first_name: customer.first_name ?? "", last_name: customer.last_name ?? "", email: customer.email },
      payment_url: getBillingOptions(container).portalUrl,
      ...vars,
    },
    idempotency_key: idempotencyKey,
    resource_type: "autopay_enrollment",
    receiver_id: customer.id,
  }).catch(() => false)
}


/**
 * The enrollment's limit per charge, read in its own currency (where it is
 * exact: the limit was validated against that currency). A limit without a
 * currency (set before limits had one, and not backfilled) limits nothing.
 */
export function enrollmentCap(enrollment: AutopayEnrollmentRow): AutopayCap | null {
  const currency = enrollment.max_amount_currency_code
  if (enrollment.max_amount === null || enrollment.max_amount === undefined || !currency) return null
  return { amount: minorFromField(enrollment as any, "max_amount", currency), currency_code: currency }
}
