import { stripeBillingAction } from "../../domain/stripe-events"
import { INVOICING_MODULE } from "../../modules/invoicing"
import type InvoicingModuleService from "../../modules/invoicing/service"
import { recordReversal } from "./record-outcome"

/**
 * Processes one stored webhook event, once: maps it with the pure
 * `stripeBillingAction`, applies it to the customer payment whose provider
 * reference is the event's payment intent, and marks the row processed. A
 * failure is counted on the row and left for the next attempt.
 */
export async function processWebhookEvent(container: any, webhookEventId: string) {
  const invoicing = container.resolve(INVOICING_MODULE) as InvoicingModuleService
  const row = await invoicing.retrieveWebhookEvent(webhookEventId)
  if (row.processed_at) return { processed: false }
  try {
    const action = stripeBillingAction(row.payload as any)
    if (action.kind === "reverse") {
      const [payment] = await invoicing.listCustomerPayments(
        { transaction_id: action.payment_intent },
        { select: ["id"], take: 1 }
      )
      if (payment) {
        await recordReversal(container, payment.id, { reason: action.reason, occurred_at: action.occurred_at })
      }
    }
    await invoicing.updateWebhookEvents({ id: row.id, processed_at: new Date(), attempts: row.attempts + 1, last_error: null })
    return { processed: true }
  } catch (e: any) {
    await invoicing.updateWebhookEvents({ id: row.id, attempts: row.attempts + 1, last_error: String(e?.message ?? e) })
    throw e
  }
}
