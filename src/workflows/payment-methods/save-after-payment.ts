import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { adapterFor } from "../../providers/adapters"
import { type CustomerPaymentMethod, toCustomerPaymentMethod } from "./payment-methods"
import { saveCustomerPaymentMethodWorkflow } from "./workflows/save-customer-payment-method"

export type SaveAfterPaymentInput = {
  customer_id: string
  provider_id: string
  payment_id: string
  payment_status: string
  payment_method: { type: "card" | "us_bank_account"; saved_method_id?: string; save_for_autopay?: boolean; data?: Record<string, unknown> }
}

/**
 * `save_for_autopay: true` on a payment with raw details: once the provider
 * took the payment (succeeded, or an ACH debit processing), the same details
 * are saved as a payment method. Providers with their own customer records
 * (Stripe) keep the method through the PaymentIntent's setup_future_usage
 * instead, so this only runs for the sandbox. A failure here never fails the
 * payment: it is logged and the answer carries no saved method.
 */
export async function saveMethodAfterPayment(container: any, input: SaveAfterPaymentInput): Promise<CustomerPaymentMethod | null> {
  const method = input.payment_method
  const hasDetails = !!method.data && Object.keys(method.data).length > 0
  if (!method.save_for_autopay || method.saved_method_id || !hasDetails) return null
  if (input.payment_status !== "succeeded" && input.payment_status !== "processing") return null
  if (!adapterFor(container, input.provider_id).recordsMethodsOnAccountHolder) return null
  try {
    const { result } = await saveCustomerPaymentMethodWorkflow(container).run({
      input: {
        customer_id: input.customer_id,
        type: method.type,
        data: method.data,
        idempotency_key: `save-after-payment:${input.payment_id}`,
      },
    })
    return toCustomerPaymentMethod(result.provider_id, { id: result.id, data: result.data })
  } catch (error) {
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .warn(`billing: payment ${input.payment_id} succeeded but its method could not be saved: ${(error as Error)?.message}`)
    return null
  }
}
