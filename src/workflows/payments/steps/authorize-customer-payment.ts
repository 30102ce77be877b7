import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { INVOICING_MODULE } from "../../../modules/invoicing"
import type InvoicingModuleService from "../../../modules/invoicing/service"
import { authorizeAndCapture, chargeUnderPaymentLock, type ChargeCustomerPaymentStepOutput } from "./charge-customer-payment"
import { confirmProviderSession } from "./confirm-provider-session"
import type { PaymentCompletion } from "./validate-payment-completion"

export type AuthorizeCustomerPaymentStepInput = PaymentCompletion

export const authorizeCustomerPaymentStepId = "authorize-customer-payment"

/**
 * Hands the client's confirmation to the provider session, authorizes it
 * again and, when the provider object checks out, captures it. No
 * transaction is open; the outcome is recorded by the next step.
 *
 * Under the payment's lock, so a completion sent twice at once (a double
 * click, a retry after a lost answer) or racing the reconciler authorizes
 * and captures once: the next one in line finds the session authorized (the
 * module answers its payment) and the payment captured, or the payment
 * settled already, and does nothing. One that cannot get the lock in time
 * (another completion is still waiting on the provider) does nothing either:
 * the answer is the payment as it stands, pending, and the client follows it.
 */
export const authorizeCustomerPaymentStep = createStep(
  authorizeCustomerPaymentStepId,
  async (input: AuthorizeCustomerPaymentStepInput, { container }) => {
    const nothing: ChargeCustomerPaymentStepOutput = { payment_id: input.payment_id, outcome: null, next_action: null }
    const { session_id, payment_collection_id, provider_id } = input
    if (!session_id || !payment_collection_id || !provider_id) return new StepResponse(nothing)
    const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
    return new StepResponse(
      await chargeUnderPaymentLock(container, input.payment_id, async () => {
        // read again under the lock: whoever held it may have settled the payment
        const [payment] = await invoicing.listCustomerPayments({ id: input.payment_id }, { select: ["id", "status"], take: 1 })
        if (payment?.status !== "pending") return nothing
        await confirmProviderSession(container, input)
        return await authorizeAndCapture(container, {
          payment_id: input.payment_id,
          session_id,
          method: input.method,
          payment_collection_id,
          provider_id,
        })
      })
    )
  }
)
