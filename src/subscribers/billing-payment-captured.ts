import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { Modules } from "@medusajs/framework/utils"
import { INVOICING_MODULE } from "../modules/invoicing"
import type InvoicingModuleService from "../modules/invoicing/service"
import { isLateCapture } from "../domain/credit"
import { recordLateCapture, recordOutcome } from "../workflows/payments/record-outcome"

/**
 * A capture in Medusa's Payment Module — ours for cards, or core's webhook
 * flow when an ACH debit settles — marks the customer payment behind that
 * payment collection as succeeded. Idempotent: a second capture event, or the
 * workflow having recorded it first, changes nothing. A capture for a payment
 * we had given up on (failed, canceled, expired) is money taken all the same:
 * it is recorded, never dropped (invariant 6).
 */
export default async function billingPaymentCaptured({
  event,
  container,
}: SubscriberArgs<{ id: string; payment_collection_id?: string }>) {
  const paymentModule = container.resolve(Modules.PAYMENT)
  // Our own captures name the collection; core's (an ACH debit settling) only the payment.
  let collectionId = event.data.payment_collection_id
  let payment: { id: string; data?: unknown } | undefined
  if (!collectionId) {
    ;[payment] = await paymentModule.listPayments({ id: event.data.id }, { select: ["id", "payment_collection_id", "data"], take: 1 })
    collectionId = (payment as any)?.payment_collection_id
  }
  if (!collectionId) return
  const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
  const customerPayment = await invoicing.findPaymentByCollection(collectionId)
  if (!customerPayment) return // a cart's payment, not ours
  if (customerPayment.status === "succeeded") return // the payment workflow recorded it already
  if (!payment) {
    ;[payment] = await paymentModule.listPayments({ id: event.data.id }, { select: ["id", "data"], take: 1 })
  }
  const transactionId = customerPayment.transaction_id ?? String((payment?.data as any)?.id ?? event.data.id)
  if (isLateCapture(customerPayment.status as any, customerPayment.failure_reason)) {
    await recordLateCapture(container, customerPayment.id, { transaction_id: transactionId, occurred_at: new Date() })
    return
  }
  await recordOutcome(container, customerPayment.id, { status: "succeeded", transaction_id: transactionId })
}

export const config: SubscriberConfig = {
  event: "payment.captured",
  context: { subscriberId: "billing-payment-captured" },
}
