import { Modules } from "@medusajs/framework/utils"
import { chargeFailureReverses, stripeBillingAction, takesProviderEvents } from "../../domain/stripe-events"
import { INVOICING_MODULE } from "../../modules/invoicing"
import type InvoicingModuleService from "../../modules/invoicing/service"
import { adapterFor } from "../../providers/adapters"
import { recordReversal } from "./record-outcome"
import { crashPoint } from "../../utils/crash-points"

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
    if (action.kind !== "ignore") {
      const [payment] = await invoicing.listCustomerPayments(
        { transaction_id: action.payment_intent },
        { select: ["id", "method", "payment_collection_id", "provider_id"], take: 1 }
      )
      const reverses =
        payment &&
        takesProviderEvents(payment.method) &&
        (action.kind === "reverse" || chargeFailureReverses(action, await settledChargeOf(container, payment)))
      if (payment && reverses) {
        await recordReversal(container, payment.id, { reason: action.reason, occurred_at: action.occurred_at })
      }
    }
    await crashPoint("webhook_mid_handler") // test-only: event applied, inbox row not marked processed
    await invoicing.updateWebhookEvents({ id: row.id, processed_at: new Date(), attempts: row.attempts + 1, last_error: null })
    return { processed: true }
  } catch (e: any) {
    await invoicing.updateWebhookEvents({ id: row.id, attempts: row.attempts + 1, last_error: String(e?.message ?? e) })
    throw e
  }
}

/** The charge that moved a payment's money, from its provider payment (Medusa's Payment Module) when it has one. */
async function settledChargeOf(
  container: any,
  payment: { payment_collection_id?: string | null; provider_id?: string | null }
): Promise<{ charged_through_provider: boolean; settled_charge: string | null }> {
  if (!payment.payment_collection_id || !payment.provider_id) return { charged_through_provider: false, settled_charge: null }
  const [providerPayment] = await container
    .resolve(Modules.PAYMENT)
    .listPayments({ payment_collection_id: payment.payment_collection_id }, { select: ["id", "data"], take: 1 })
  // Not authorized yet: no charge of it has moved money.
  if (!providerPayment) return { charged_through_provider: true, settled_charge: null }
  const adapter = adapterFor(container, payment.provider_id)
  return { charged_through_provider: true, settled_charge: adapter.settledCharge((providerPayment.data ?? {}) as Record<string, any>) }
}
