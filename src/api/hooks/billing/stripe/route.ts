import { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { INVOICING_MODULE } from "../../../../modules/invoicing"
import type InvoicingModuleService from "../../../../modules/invoicing/service"
import { stripeBillingAction } from "../../../../domain/stripe-events"
import { getBillingOptions } from "../../../../utils/options"

const SIGNATURE_TOLERANCE_SECONDS = 300

/**
 * Stripe events Medusa's payment webhook does not act on (disputes, ACH
 * returns). Verify the signature on the raw body, store the event in the
 * inbox (unique event id), answer 2xx, then process it asynchronously — an
 * event about none of our payments is stored processed and not queued.
 */
export const POST = async (req: MedusaRequest, res: MedusaResponse) => {
  const { stripe: stripeOptions } = getBillingOptions(req.scope)
  if (!stripeOptions?.webhookSecret) {
    res.status(404).json({ type: "not_found", message: "Stripe webhooks are not configured for the billing portal" })
    return
  }
  const signature = req.headers["stripe-signature"]
  if (!signature || typeof signature !== "string") {
    res.status(400).json({ type: "invalid_data", message: "stripe-signature header is required" })
    return
  }
  // the signature check needs no API client: Stripe's static webhooks helper
  const { default: Stripe } = await import("stripe")
  let event: any
  try {
    event = Stripe.webhooks.constructEvent(
      (req as any).rawBody,
      signature,
      stripeOptions.webhookSecret,
      SIGNATURE_TOLERANCE_SECONDS
    )
  } catch (e: any) {
    res.status(400).json({ type: "invalid_data", message: `Webhook signature verification failed: ${e.message}` })
    return
  }
  const invoicing = req.scope.resolve<InvoicingModuleService>(INVOICING_MODULE)
  const action = stripeBillingAction(event)
  const stored = await invoicing.storeWebhookEvent({
    provider: "stripe",
    event_id: event.id,
    type: event.type,
    payload: event,
    received_at: new Date(),
    // an event about no payment of ours is stored processed: nothing to queue
    transaction_id: action.kind === "ignore" ? null : action.payment_intent,
  })
  res.status(200).json({ received: true, duplicate: !stored.created })
  if (stored.created && stored.pending) {
    try {
      await req.scope.resolve(Modules.EVENT_BUS).emit({ name: "billing.webhook_event.stored", data: { id: stored.id } })
    } catch (e: any) {
      // Stored: the reconciler job processes it later.
      req.scope.resolve(ContainerRegistrationKeys.LOGGER).warn(`billing: could not queue webhook ${stored.id}: ${e.message}`)
    }
  }
}
