import { model } from "@medusajs/framework/utils"

/**
 * Inbox of third-party webhook events (Stripe disputes and returns): stored,
 * keyed by the provider's event id, before the 2xx answer; processed after.
 * A redelivered event finds its row and is not processed twice.
 */
const WebhookEvent = model
  .define("billing_webhook_event", {
    id: model.id({ prefix: "bwhe" }).primaryKey(),
    provider: model.text(),
    event_id: model.text(),
    type: model.text(),
    payload: model.json(),
    received_at: model.dateTime(),
    processed_at: model.dateTime().nullable(),
    attempts: model.number().default(0),
    last_error: model.text().nullable(),
  })
  .indexes([
    { on: ["provider", "event_id"], unique: true },
    { on: ["processed_at"], where: "processed_at IS NULL" },
  ])

export default WebhookEvent
