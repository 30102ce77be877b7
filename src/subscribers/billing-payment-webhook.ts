import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { Modules, PaymentActions, PaymentWebhookEvents } from "@medusajs/framework/utils"
import { INVOICING_MODULE } from "../modules/invoicing"
import type InvoicingModuleService from "../modules/invoicing/service"
import { recordOutcome, recordReversal } from "../workflows/payments/record-outcome"

/** Sandbox events that return a settled ACH debit (Stripe's come to /hooks/billing/stripe). */
const RETURN_EVENT_TYPES = new Set(["ach.returned"])

type WebhookEvent = { provider: string; payload: { data: Record<string, unknown>; rawData: any; headers: Record<string, unknown> } }

/**
 * Medusa's core webhook subscriber acts on authorized/captured events only;
 * failed and canceled ones (an ACH debit that bounced) are dropped there. This
 * one records them on the customer payment behind the session, releasing its
 * reservations, marks a bank debit `processing` when the provider says so,
 * and reverses a settled payment the provider reports returned.
 * Success arrives through `payment.captured` instead.
 */
export default async function billingPaymentWebhook({ event, container }: SubscriberArgs<WebhookEvent>) {
  const input = event.data
  if (input.payload?.rawData?.type === "Buffer") {
    input.payload.rawData = Buffer.from(input.payload.rawData.data)
  }
  const paymentModule = container.resolve(Modules.PAYMENT)
  const processed = await paymentModule.getWebhookActionAndData(input as any)
  const sessionId = processed.data?.session_id
  if (!sessionId) return
  const eventType = String((input.payload?.data as any)?.type ?? "")
  // A provider event Medusa has no action for, that undoes a settled debit.
  const isReturn = processed.action === PaymentActions.NOT_SUPPORTED && RETURN_EVENT_TYPES.has(eventType)
  // Stripe's payment_intent.processing (sandbox ach.processing): the debit is on its way.
  const isProcessing =
    processed.action === PaymentActions.PENDING_AUTHORIZATION || processed.action === PaymentActions.PENDING
  if (
    !isReturn &&
    !isProcessing &&
    processed.action !== PaymentActions.FAILED &&
    processed.action !== PaymentActions.CANCELED
  ) {
    return
  }
  const [session] = await paymentModule.listPaymentSessions(
    { id: sessionId },
    { select: ["id", "payment_collection_id", "data"], take: 1 }
  )
  if (!session) return
  const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
  const [customerPayment] = await invoicing.listCustomerPayments(
    { payment_collection_id: session.payment_collection_id },
    { select: ["id", "method"], take: 1 }
  )
  if (!customerPayment) return
  if (isProcessing) {
    // Only a bank debit has a processing phase; a card's "pending" is a client step.
    if (customerPayment.method !== "us_bank_account") return
    const transactionId = (session.data as any)?.id
    await recordOutcome(container, customerPayment.id, {
      status: "processing",
      ...(transactionId ? { transaction_id: String(transactionId) } : {}),
    })
    return
  }
  const payloadData = (input.payload?.data ?? {}) as Record<string, any>
  if (isReturn) {
    const code = payloadData?.data?.return_code
    await recordReversal(container, customerPayment.id, {
      reason: code ? `returned (${code})` : "returned",
      occurred_at: payloadData.created ? new Date(Number(payloadData.created) * 1000) : new Date(),
    })
    return
  }
  const reason = payloadData?.data?.failure_reason ?? (session.data as any)?.failure_reason ?? processed.action
  await recordOutcome(container, customerPayment.id, {
    status: processed.action === PaymentActions.FAILED ? "failed" : "canceled",
    failure_reason: String(reason),
  })
}

export const config: SubscriberConfig = {
  event: PaymentWebhookEvents.WebhookReceived,
  context: { subscriberId: "billing-payment-webhook" },
}
