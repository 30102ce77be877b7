import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { processWebhookEvent } from "../workflows/payments/process-webhook-event"

/** Processes a stored Stripe event after its 2xx answer went out. */
export default async function billingWebhookEvent({ event, container }: SubscriberArgs<{ id: string }>) {
  await processWebhookEvent(container, event.data.id)
}

export const config: SubscriberConfig = {
  event: "billing.webhook_event.stored",
  context: { subscriberId: "billing-webhook-event" },
}
