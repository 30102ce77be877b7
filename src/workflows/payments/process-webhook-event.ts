import { Modules } from "@medusajs/framework/utils"
import { chargeFailureReverses, stripeBillingAction, takesProviderEvents } from "../../domain/stripe-events"
import { INVOICING_MODULE } from "../../modules/invoicing"
import type InvoicingModuleService from "../../modules/invoicing/service"
import { adapterFor } from "../../providers/adapters"
import { announceReversal, recordReversal } from "./record-outcome"
import { crashPoint } from "../../utils/crash-points"
import { disputeTakenFromStripe } from "../../domain/dispute"
import { stripeSmallestUnit } from "../../providers/internals/stripe-smallest-unit"

/**
 * Processes one stored webhook event, once: maps it with the pure
 * `stripeBillingAction`, applies it to the customer payment whose provider
 * reference is the event's payment intent, and marks the row processed. A
 * failure is recorded on the row and left for the next attempt.
 *
 * The attempt is counted before anything is applied, so a row with attempts
 * but no `processed_at` was interrupted (an error, or the process killed)
 * after it may have applied its event: applying is idempotent, but the
 * announcement of a reversal recorded by the interrupted attempt was lost
 * with it, so a retry announces it again (at least once; the subscribers —
 * emails by idempotency key, pausing autopay — are idempotent).
 */
export async function processWebhookEvent(container: any, webhookEventId: string) {
  const invoicing = container.resolve(INVOICING_MODULE) as InvoicingModuleService
  // counts this attempt before applying anything (one UPDATE … RETURNING): a
  // process killed mid-way leaves attempts > 0 for the retry to see
  const row = await invoicing.claimWebhookEvent(webhookEventId)
  if (!row) return { processed: false }
  const interrupted = row.attempts > 1
  try {
    const action = stripeBillingAction(row.payload as any)
    if (action.kind !== "ignore") {
      const payment = await invoicing.findPaymentByTransaction(action.payment_intent)
      const reverses =
        payment &&
        takesProviderEvents(payment.method) &&
        (action.kind === "reverse" || chargeFailureReverses(action, await settledChargeOf(container, payment)))
      if (payment && reverses) {
        // what the dispute took, in this project's minor units (Stripe's unit differs for some currencies)
        const disputed = action.kind === "reverse" ? action.disputed : null
        const taken = disputed ? disputeTakenFromStripe(disputed, stripeSmallestUnit("1", disputed.currency_code)) : null
        const recorded = await recordReversal(container, payment.id, { reason: action.reason, occurred_at: action.occurred_at, taken })
        if (!recorded.changed && interrupted && recorded.status === "reversed") await announceReversal(container, payment.id)
      }
    }
    await crashPoint("webhook_mid_handler") // test-only: event applied, inbox row not marked processed
    await invoicing.finishWebhookEvent(row.id, null)
    return { processed: true }
  } catch (e: any) {
    await invoicing.finishWebhookEvent(row.id, String(e?.message ?? e))
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
