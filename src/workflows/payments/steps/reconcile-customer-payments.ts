import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { INVOICING_MODULE } from "../../../modules/invoicing"
import type InvoicingModuleService from "../../../modules/invoicing/service"
import type { PaymentOutcome } from "../../../modules/invoicing/service"
import { processWebhookEvent } from "../process-webhook-event"
import { recordOutcome } from "../record-outcome"
import { authorizeAndCapture } from "./charge-customer-payment"

export type ReconcileCustomerPaymentsStepInput = {
  /** workflow inputs are serialised: a Date arrives as its ISO string */
  now: Date | string
  /** pending payments younger than this are left alone (a client may still be confirming) */
  stale_after_minutes: number
  /** pending payments older than this that never got authorized are expired */
  abandon_after_minutes: number
  customer_id?: string
}

export type ReconcileSummary = { checked: number; succeeded: number; processing: number; failed: number; expired: number }

export const reconcileCustomerPaymentsStepId = "reconcile-customer-payments"

/**
 * Brings payments stuck in `pending` to the state the Payment Module knows
 * they are in — a process that died between the provider call and recording
 * its outcome — without charging anyone twice: a captured payment is only
 * recorded; an authorized card payment is captured (completing the one
 * charge); an unauthorized attempt past the abandon threshold is expired and
 * its reservations released. Stripe events stored but never processed are
 * retried here too.
 */
export const reconcileCustomerPaymentsStep = createStep(
  reconcileCustomerPaymentsStepId,
  async (input: ReconcileCustomerPaymentsStepInput, { container }) => {
    const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
    const paymentModule = container.resolve(Modules.PAYMENT)
    const now = new Date(input.now).getTime()
    const staleBefore = new Date(now - input.stale_after_minutes * 60_000)
    const abandonBefore = new Date(now - input.abandon_after_minutes * 60_000)
    const stuck = await invoicing.listCustomerPayments(
      {
        status: "pending",
        created_at: { $lt: staleBefore },
        ...(input.customer_id ? { customer_id: input.customer_id } : {}),
      },
      { select: ["id", "method", "created_at", "payment_collection_id", "provider_id"], take: 500, order: { created_at: "ASC" } }
    )
    const summary: ReconcileSummary = { checked: stuck.length, succeeded: 0, processing: 0, failed: 0, expired: 0 }
    for (const payment of stuck) {
      let outcome: PaymentOutcome | null = null
      if (!payment.payment_collection_id) {
        // The provider was never reached.
        if (new Date(payment.created_at) < abandonBefore) outcome = { status: "canceled", failure_reason: "abandoned" }
      } else {
        const [collection] = await paymentModule.listPaymentCollections(
          { id: payment.payment_collection_id },
          { relations: ["payments", "payments.captures"], take: 1 }
        )
        const medusaPayment = collection?.payments?.[0]
        const transaction_id = medusaPayment ? String((medusaPayment.data as any)?.id ?? medusaPayment.id) : undefined
        if (medusaPayment?.captured_at || medusaPayment?.captures?.length) {
          outcome = { status: "succeeded", transaction_id }
        } else if (medusaPayment && !medusaPayment.canceled_at) {
          if (payment.method === "card") {
            const [session] = await paymentModule.listPaymentSessions(
              { payment_collection_id: payment.payment_collection_id },
              { select: ["id"], take: 1, order: { created_at: "DESC" } }
            )
            outcome = (
              await authorizeAndCapture(container, {
                payment_id: payment.id,
                session_id: session.id,
                method: payment.method,
                payment_collection_id: payment.payment_collection_id,
                provider_id: payment.provider_id ?? "",
              })
            ).outcome
          } else {
            outcome = { status: "processing", transaction_id }
          }
        } else if (new Date(payment.created_at) < abandonBefore) {
          outcome = { status: "canceled", failure_reason: "expired" }
        }
      }
      if (!outcome) continue
      const recorded = await recordOutcome(container, payment.id, outcome)
      if (!recorded.changed) continue
      if (recorded.status === "succeeded") summary.succeeded++
      else if (recorded.status === "processing") summary.processing++
      else if (recorded.status === "canceled") summary.expired++
      else if (recorded.status === "failed") summary.failed++
    }
    // Webhook events stored but not processed (a crash right after the 2xx).
    const retryBefore = new Date(now - 60_000)
    const unprocessed = await invoicing.listWebhookEvents(
      { processed_at: null, received_at: { $lt: retryBefore }, attempts: { $lt: 10 } },
      { select: ["id"], take: 100, order: { received_at: "ASC" } }
    )
    for (const row of unprocessed) {
      await processWebhookEvent(container, row.id).catch(() => undefined) // counted on the row
    }
    return new StepResponse(summary)
  }
)
