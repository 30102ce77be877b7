import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { AUTOPAY_MODULE } from "../modules/autopay"
import type AutopayModuleService from "../modules/autopay/service"
import { INVOICING_MODULE } from "../modules/invoicing"
import type InvoicingModuleService from "../modules/invoicing/service"
import { applyPaymentStatus, notifyCustomer } from "../workflows/autopay/charge-enrollment"

/**
 * Keeps autopay in step with payments that end after the run: an ACH debit
 * that settles or fails days later moves its attempt (a failure schedules the
 * retry), and any returned or disputed payment pauses the customer's
 * enrollment until they confirm a payment method again (PUT
 * /store/billing/autopay).
 */
export default async function billingAutopayOutcome({ event, container }: SubscriberArgs<{ id: string }>) {
  const autopay = container.resolve<AutopayModuleService>(AUTOPAY_MODULE)
  const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
  // one plain query (every payment status event comes through here)
  const payment = await invoicing.retrievePaymentWithAllocations(event.data.id)
  const now = new Date()

  if (payment.status === "reversed") {
    const enrollment = await autopay.retrieveLiveEnrollment(payment.customer_id)
    if (enrollment && (await autopay.pauseEnrollment(enrollment.id, `payment ${payment.id} was returned`, now))) {
      await notifyCustomer(container, enrollment, "billing.autopay_changed", `billing.autopay_changed:paused:${payment.id}`, {
        autopay: { status: "paused", payment_method: enrollment.payment_method_label ?? enrollment.payment_method_type },
      })
    }
  }

  if (payment.source !== "autopay") return
  const attempt = await autopay.findAttemptOfPayment(payment.id) // (one plain query)
  if (!attempt || attempt.status === "requires_action") return
  // the run's settle step moved it already (the usual case for a card charge): nothing to write
  if (attempt.status === payment.status && (payment.status === "succeeded" || payment.status === "processing")) return
  if (payment.status === "succeeded" || payment.status === "failed" || payment.status === "processing") {
    await applyPaymentStatus(container, attempt.id, payment.status, payment.failure_reason ?? null, now)
  }
}

export const config: SubscriberConfig = {
  event: ["billing.payment.succeeded", "billing.payment.processing", "billing.payment.failed", "billing.payment.reversed"],
  context: { subscriberId: "billing-autopay-outcome" },
}
