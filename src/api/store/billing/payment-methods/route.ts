import { randomUUID } from "crypto"
import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import {
  listCustomerPaymentMethods,
  type PendingPaymentMethodSetup,
  toCustomerPaymentMethod,
} from "../../../../workflows/payment-methods/payment-methods"
import { saveCustomerPaymentMethodWorkflow } from "../../../../workflows/payment-methods/workflows/save-customer-payment-method"
import type { StoreCreatePaymentMethodType } from "./validators"

/** The logged-in customer's saved payment methods, across the configured providers. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const methods = await listCustomerPaymentMethods(req.scope, req.auth_context.actor_id)
  res.json({ payment_methods: methods, count: methods.length })
}

/**
 * Saves a payment method for the logged-in customer. The sandbox saves it at
 * once (201, the method). Stripe answers with a SetupIntent the client
 * confirms with Stripe.js (`next_action.client_secret`); the method is listed
 * once confirmed.
 */
export const POST = async (req: AuthenticatedMedusaRequest<StoreCreatePaymentMethodType>, res: MedusaResponse) => {
  const body = req.validatedBody
  const key = req.get("idempotency-key")?.trim()
  const { result } = await saveCustomerPaymentMethodWorkflow(req.scope).run({
    input: {
      customer_id: req.auth_context.actor_id,
      type: body.type,
      data: body.data,
      idempotency_key: key ? `payment-method:${req.auth_context.actor_id}:${key}` : randomUUID(),
    },
  })
  if (result.data?.object === "setup_intent" && result.data.status !== "succeeded") {
    const pending: PendingPaymentMethodSetup = {
      id: result.id,
      type: body.type,
      provider_id: result.provider_id,
      status: "requires_confirmation",
      next_action: { type: "confirm_setup", client_secret: String(result.data.client_secret) },
    }
    res.status(201).json({ payment_method: pending })
    return
  }
  const method =
    result.data?.object === "setup_intent"
      ? { id: String(result.data.payment_method?.id ?? result.data.payment_method), data: { type: body.type } }
      : { id: result.id, data: result.data }
  res.status(201).json({ payment_method: toCustomerPaymentMethod(result.provider_id, method) })
}
