import { Modules } from "@medusajs/framework/utils"
import {
  autopayChargeDate,
  autopayChargeDecision,
  AutopayCap,
  AUTHENTICATION_REQUIRED_TEXT,
  autopayIdempotencyKey,
  invoiceSetKey,
  endOfDayUtc,
  nextRetryAt,
  selectDueInvoices,
} from "../../domain/autopay"
import { payableAmount } from "../../domain/allocation"
import { formatDisplayId } from "../../domain/invoice-status"
import { toMajor } from "../../domain/money"
import type { PortalSettings } from "../../domain/portal-settings"
import { AUTOPAY_MODULE } from "../../modules/autopay"
import type AutopayModuleService from "../../modules/autopay/service"
import { INVOICING_MODULE } from "../../modules/invoicing"
import type InvoicingModuleService from "../../modules/invoicing/service"
import { minorFromField } from "../../utils/money"
import { sendBillingEmail } from "../../utils/notify"
import { BillingPortalOptions, getBillingOptions } from "../../utils/options"
import { loadPortalSettings } from "../../utils/portal-settings"
import { recordOutcome } from "../payments/record-outcome"
import { createCustomerPaymentWorkflow } from "../payments/workflows/create-customer-payment"

export type AutopayChargeResult = {
  enrollment_id: string
  customer_id: string
  currency_code: string
  result: "charged" | "skipped" | "failed"
  reason?: string
  payment_id?: string
  amount?: string
}

type Enrollment = {
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

const NOT_CHARGED = "not_charged"

/**
 * One enrollment's share of an autopay run, per currency the customer owes
 * in: send the ACH pre-debit notice for invoices coming due, then charge the
 * due invoices through the same payment workflow as the portal (source
 * `autopay`, off-session, the saved method), keyed so that a repeated or
 * overlapping run finds the same payment instead of charging again. Invoices
 * that a manual payment has reserved are not payable, so they are never
 * charged twice.
 */
export async function chargeEnrollment(
  container: any,
  enrollment: Enrollment,
  ctx: { run_id: string | null; now: Date; settings: PortalSettings; options: BillingPortalOptions }
): Promise<AutopayChargeResult[]> {
  const invoicing = container.resolve(INVOICING_MODULE) as InvoicingModuleService
  const balances = await invoicing.getAccountBalances(enrollment.customer_id, { now: ctx.now })
  const results: AutopayChargeResult[] = []
  for (const { currency_code: currency } of balances) {
    results.push(await chargeCurrency(container, enrollment, currency, ctx))
  }
  return results
}

async function chargeCurrency(
  container: any,
  enrollment: Enrollment,
  currency: string,
  ctx: { run_id: string | null; now: Date; settings: PortalSettings; options: BillingPortalOptions }
): Promise<AutopayChargeResult> {
  const invoicing = container.resolve(INVOICING_MODULE) as InvoicingModuleService
  const autopay = container.resolve(AUTOPAY_MODULE) as AutopayModuleService
  const base = { enrollment_id: enrollment.id, customer_id: enrollment.customer_id, currency_code: currency }
  const invoices = await invoicing.listAllocatableInvoices(enrollment.customer_id, { currency_code: currency })

  if (enrollment.payment_method_type === "us_bank_account") {
    await sendPreDebitNotice(container, enrollment, currency, invoices, ctx)
  }

  const due = selectDueInvoices(invoices, { charge_on: ctx.settings.autopay.charge_on, now: ctx.now, currency_code: currency })
  const decision = autopayChargeDecision(due, { currency_code: currency, cap: enrollmentCap(enrollment) })
  if (!decision.charge) {
    return { ...base, result: "skipped", reason: decision.reason, amount: toMajor(decision.amount, currency) }
  }

  const series = invoiceSetKey(decision.invoice_ids)
  const attempts = await autopay.listAutopayAttempts(
    { enrollment_id: enrollment.id, series_key: series },
    { order: { attempt: "ASC" } }
  )
  const last = attempts[attempts.length - 1]
  let attemptNo = 1
  if (last) {
    if (last.status === "pending" || last.status === "processing") return { ...base, result: "skipped", reason: "in_flight" }
    if (last.status === "requires_action") return { ...base, result: "skipped", reason: "awaiting_customer" }
    // (an attempt refused before any charge, e.g. by a race with a manual payment, is simply tried again)
    if (last.status === "failed" && !String(last.failure_reason ?? "").startsWith(NOT_CHARGED)) {
      if (!last.next_retry_at) return { ...base, result: "skipped", reason: "retries_exhausted" }
      if (new Date(last.next_retry_at) > ctx.now) return { ...base, result: "skipped", reason: "retry_scheduled" }
    }
    // failed and due for a retry, or succeeded and since reversed (the invoices are payable again)
    attemptNo = last.attempt + 1
  }

  const key = autopayIdempotencyKey(enrollment.id, decision.invoice_ids, attemptNo)
  const amount = toMajor(decision.amount, currency)
  const { attempt, created } = await autopay.claimAttempt({
    enrollment_id: enrollment.id,
    customer_id: enrollment.customer_id,
    run_id: ctx.run_id,
    currency_code: currency,
    invoice_ids: decision.invoice_ids,
    series_key: series,
    attempt: attemptNo,
    amount,
    idempotency_key: key,
  })
  if (!created) return { ...base, result: "skipped", reason: "already_attempted", payment_id: attempt.customer_payment_id ?? undefined }

  let paymentId: string
  let nextAction: unknown = null
  try {
    const { result } = await createCustomerPaymentWorkflow(container).run({
      input: {
        customer_id: enrollment.customer_id,
        mode: "selected_invoices",
        currency_code: currency,
        invoice_ids: decision.invoice_ids,
        method: enrollment.payment_method_type,
        source: "autopay",
        provider_id: enrollment.provider_id,
        idempotency_key: key,
        request_hash: key,
        note: null,
        payment_method: { type: enrollment.payment_method_type, saved_method_id: enrollment.payment_method_id },
        off_session: true,
      },
    })
    paymentId = result.payment_id
    nextAction = result.next_action
  } catch (e: any) {
    const [payment] = await invoicing.listCustomerPayments(
      { customer_id: enrollment.customer_id, idempotency_key: key },
      { take: 1 }
    )
    if (payment) {
      // The workflow failed after the payment was made: the payment (pending
      // for the reconciler, or with an outcome) is the truth; follow it.
      await autopay.updateAutopayAttempts({ id: attempt.id, customer_payment_id: payment.id })
      const outcome = await applyPaymentStatus(container, attempt.id, payment.status, payment.failure_reason, ctx.now)
      return { ...base, ...outcome, payment_id: payment.id, amount }
    }
    // Refused before any charge (e.g. a manual payment reserved an invoice in
    // between): nothing was charged; the next run starts from what is due then.
    await autopay.updateAutopayAttempts({ id: attempt.id, status: "failed", failure_reason: `${NOT_CHARGED}: ${e?.message ?? e}`, failed_at: ctx.now })
    return { ...base, result: "skipped", reason: "not_payable", amount }
  }

  const payment = await invoicing.retrieveCustomerPayment(paymentId)
  await autopay.updateAutopayAttempts({ id: attempt.id, customer_payment_id: paymentId })
  if (payment.status === "pending" && nextAction) {
    // Off-session charge that needs the customer (3-D Secure): release the
    // invoices and ask the customer to pay in the portal.
    await recordOutcome(container, paymentId, { status: "canceled", failure_reason: "authentication_required" })
    await autopay.updateAutopayAttempts({ id: attempt.id, status: "requires_action", failure_reason: "authentication_required" })
    await notifyCustomer(container, enrollment, "billing.autopay_failed", `billing.autopay_failed:${paymentId}`, {
      payment: {
        id: paymentId,
        amount: toMajor(decision.amount, currency),
        currency: currency.toUpperCase(),
        failure_reason: AUTHENTICATION_REQUIRED_TEXT,
      },
    })
    return { ...base, result: "failed", reason: "authentication_required", payment_id: paymentId, amount }
  }
  if (payment.status === "failed" && payment.failure_reason === "authentication_required") {
    // Declined because the bank wants the customer (off-session SCA): no
    // retry would help. The failure email (billing-payment-notifications)
    // carries the link to pay in the portal.
    await autopay.updateAutopayAttempts({ id: attempt.id, status: "requires_action", failure_reason: "authentication_required", failed_at: ctx.now })
    return { ...base, result: "failed", reason: "authentication_required", payment_id: paymentId, amount }
  }
  const outcome = await applyPaymentStatus(container, attempt.id, payment.status, payment.failure_reason, ctx.now)
  return { ...base, ...outcome, payment_id: paymentId, amount }
}

/**
 * Moves an attempt along with its payment's status (the run, and later the
 * webhook subscriber for ACH that fails days after): a failure schedules the
 * next retry on the configured days after the series' first failure, or
 * stops autopay for those invoices and tells the customer and the business.
 */
export async function applyPaymentStatus(
  container: any,
  attemptId: string,
  status: string,
  failureReason: string | null,
  now: Date
): Promise<{ result: "charged" | "skipped" | "failed"; reason?: string }> {
  const autopay = container.resolve(AUTOPAY_MODULE) as AutopayModuleService
  const [attempt] = await autopay.listAutopayAttempts({ id: attemptId }, { take: 1 })
  if (status === "succeeded" || status === "processing") {
    await autopay.updateAutopayAttempts({ id: attemptId, status })
    return { result: "charged" }
  }
  if (status !== "failed" && status !== "canceled") return { result: "skipped", reason: status }
  if (attempt.status === "failed") return { result: "failed", reason: attempt.failure_reason ?? "failed" }

  const series = await autopay.listAutopayAttempts(
    { enrollment_id: attempt.enrollment_id, series_key: attempt.series_key, status: ["failed"] },
    { order: { attempt: "ASC" } }
  )
  const failures = series.filter((a) => a.id !== attemptId && !String(a.failure_reason ?? "").startsWith(NOT_CHARGED))
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

async function sendPreDebitNotice(
  container: any,
  enrollment: Enrollment,
  currency: string,
  invoices: Awaited<ReturnType<InvoicingModuleService["listAllocatableInvoices"]>>,
  ctx: { now: Date; settings: PortalSettings }
) {
  const days = ctx.settings.autopay.pre_debit_notice_days
  if (days <= 0) return
  const today = endOfDayUtc(ctx.now).getTime()
  const horizon = today + days * 24 * 60 * 60 * 1000
  const upcoming = invoices.filter((invoice) => {
    if (payableAmount(invoice) <= 0n) return false
    const date = autopayChargeDate(invoice, ctx.settings.autopay.charge_on)
    return !!date && date.getTime() > today && date.getTime() <= horizon
  })
  if (!upcoming.length) return
  const total = upcoming.reduce((sum, invoice) => sum + payableAmount(invoice), 0n)
  const chargeDate = upcoming
    .map((i) => autopayChargeDate(i, ctx.settings.autopay.charge_on)!.getTime())
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
  enrollment: Pick<Enrollment, "customer_id">,
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
function enrollmentCap(enrollment: Enrollment): AutopayCap | null {
  const currency = enrollment.max_amount_currency_code
  if (enrollment.max_amount === null || enrollment.max_amount === undefined || !currency) return null
  return { amount: minorFromField(enrollment as any, "max_amount", currency), currency_code: currency }
}
