import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { INVOICING_MODULE } from "../../../modules/invoicing"
import type InvoicingModuleService from "../../../modules/invoicing/service"
import { adapterFor } from "../../../providers/adapters"

export type ValidatePaymentCompletionStepInput = {
  payment_id: string
  customer_id: string
  /** what the client sent; only what the provider's adapter accepts passes */
  provider_data?: Record<string, unknown>
}

/** What there is to complete; `session_id` null when the payment no longer waits on the client. */
export type PaymentCompletion = {
  payment_id: string
  session_id: string | null
  session_data: Record<string, unknown>
  confirmation: Record<string, unknown> | null
  method: string
  payment_collection_id: string | null
  provider_id: string | null
}

export const validatePaymentCompletionStepId = "validate-payment-completion"

/**
 * The customer's own payment (404 for anyone else's, like an unknown id),
 * its latest provider session, and the client's confirmation input as the
 * provider's adapter parses it — anything beyond that is a 400, so a client
 * can never name a provider object or a payment method here.
 */
export const validatePaymentCompletionStep = createStep(
  validatePaymentCompletionStepId,
  async (input: ValidatePaymentCompletionStepInput, { container }) => {
    const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
    const [payment] = await invoicing.listCustomerPayments(
      { id: input.payment_id, customer_id: input.customer_id },
      { select: ["id", "status", "method", "provider_id", "payment_collection_id"], take: 1 }
    )
    if (!payment) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Payment with id: ${input.payment_id} was not found`)
    }
    const adapter = payment.provider_id ? adapterFor(container, payment.provider_id) : null
    const confirmation = adapter ? adapter.confirmationData(input.provider_data) : null
    if (!adapter && input.provider_data && Object.keys(input.provider_data).length > 0) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "provider_data is not accepted for this payment")
    }
    const completion: PaymentCompletion = {
      payment_id: payment.id,
      session_id: null,
      session_data: {},
      confirmation,
      method: payment.method,
      payment_collection_id: payment.payment_collection_id ?? null,
      provider_id: payment.provider_id ?? null,
    }
    if (payment.status !== "pending" || !payment.payment_collection_id) return new StepResponse(completion)
    const [session] = await container.resolve(Modules.PAYMENT).listPaymentSessions(
      { payment_collection_id: payment.payment_collection_id },
      { select: ["id", "data", "provider_id"], order: { created_at: "DESC" }, take: 1 }
    )
    if (!session) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Payment ${payment.id} has no provider session to complete`)
    }
    return new StepResponse<PaymentCompletion>({
      ...completion,
      session_id: session.id,
      session_data: (session.data ?? {}) as Record<string, unknown>,
      provider_id: payment.provider_id ?? session.provider_id,
    })
  }
)
