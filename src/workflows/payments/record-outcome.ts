import { Modules } from "@medusajs/framework/utils"
import { INVOICING_MODULE } from "../../modules/invoicing"
import type InvoicingModuleService from "../../modules/invoicing/service"
import type { PaymentOutcome } from "../../modules/invoicing/service"
import type { DisputeTaken } from "../../domain/dispute"
import { withCustomerLock } from "./customer-lock"

/**
 * Records a provider outcome and, when it moved the payment, announces the
 * new status as `billing.payment.<status>` (`{ id }`) — what the payment
 * emails and any host subscriber listen to. Every place that learns an
 * outcome (the payment workflow, webhooks, the reconciler) goes through here.
 */
export async function recordOutcome(container: any, paymentId: string, outcome: PaymentOutcome) {
  const invoicing = container.resolve(INVOICING_MODULE) as InvoicingModuleService
  const recorded = await invoicing.recordPaymentOutcome(paymentId, outcome)
  if (recorded.changed) {
    const eventBus = container.resolve(Modules.EVENT_BUS)
    await eventBus.emit({ name: `billing.payment.${recorded.status}`, data: { id: paymentId } })
  }
  return recorded
}

/** Records a return or dispute of a payment and announces `billing.payment.reversed` when it took effect. */
export async function recordReversal(
  container: any,
  paymentId: string,
  reversal: { reason: string; occurred_at: Date; taken?: DisputeTaken | null }
) {
  const invoicing = container.resolve(INVOICING_MODULE) as InvoicingModuleService
  const { customer_id } = await invoicing.retrieveCustomerPayment(paymentId, { select: ["id", "customer_id"] })
  // Under the customer's lock, which a refund holds from its "still succeeded?" check until its
  // provider refund is written down: a reversal never lands between the two (it would reverse money
  // the provider is giving back), and finds that refund to record before it (refund-provider-payment.ts).
  const recorded = await withCustomerLock(container, customer_id, () => invoicing.reversePayment(paymentId, reversal))
  if (recorded.changed) await announceReversal(container, paymentId)
  return recorded
}

/** `billing.payment.reversed` (`{ id }`): the reversal emails and autopay's pause listen to it. */
export async function announceReversal(container: any, paymentId: string) {
  await container.resolve(Modules.EVENT_BUS).emit({ name: "billing.payment.reversed", data: { id: paymentId } })
}

/**
 * Records a capture that arrived for a payment we had given up on (failed,
 * canceled, expired): the payment becomes `succeeded` (invoices if still
 * payable, else credit) and `billing.payment.late_capture` (`{ id }`) tells
 * the admin, besides the usual `billing.payment.succeeded`.
 */
export async function recordLateCapture(
  container: any,
  paymentId: string,
  capture: { transaction_id?: string | null; occurred_at: Date }
) {
  const invoicing = container.resolve(INVOICING_MODULE) as InvoicingModuleService
  const recorded = await invoicing.recordLateCapture(paymentId, capture)
  if (recorded.changed) {
    const eventBus = container.resolve(Modules.EVENT_BUS)
    await eventBus.emit([
      { name: "billing.payment.late_capture", data: { id: paymentId } },
      { name: "billing.payment.succeeded", data: { id: paymentId } },
    ])
    container
      .resolve("logger")
      .warn(`billing: payment ${paymentId} was captured by the provider after it had been given up; recorded as succeeded`)
  }
  return recorded
}
