import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { INVOICING_MODULE } from "../../../modules/invoicing"
import type InvoicingModuleService from "../../../modules/invoicing/service"
import type { PaymentMethodInput } from "../../../providers/adapters"
import type { CustomerPaymentMethod } from "../../payment-methods/payment-methods"
import { saveMethodAfterPayment } from "../../payment-methods/save-after-payment"

export type SaveMethodAfterPaymentStepInput = {
  customer_id: string
  provider_id: string
  payment_id: string
  /** false for a replay of the same key: the first request saved it already */
  created: boolean
  payment_method: PaymentMethodInput
}

export const saveMethodAfterPaymentStepId = "save-method-after-payment"

/**
 * `save_for_autopay` with raw details: once the provider took the payment,
 * the same details become a saved method (providers that keep methods on
 * Medusa's account holder; Stripe saves through setup_future_usage). Never
 * fails the payment: a method that cannot be saved is logged and left out.
 */
export const saveMethodAfterPaymentStep = createStep(
  saveMethodAfterPaymentStepId,
  async (input: SaveMethodAfterPaymentStepInput, { container }) => {
    if (!input.created || !input.payment_method.save_for_autopay) {
      return new StepResponse<CustomerPaymentMethod | null>(null)
    }
    const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
    const payment = await invoicing.retrieveCustomerPayment(input.payment_id, { select: ["id", "status"] })
    return new StepResponse<CustomerPaymentMethod | null>(
      await saveMethodAfterPayment(container, {
        customer_id: input.customer_id,
        provider_id: input.provider_id,
        payment_id: input.payment_id,
        payment_status: payment.status,
        payment_method: input.payment_method,
      })
    )
  }
)
