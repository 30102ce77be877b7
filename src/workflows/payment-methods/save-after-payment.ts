import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { INVOICING_MODULE } from "../../modules/invoicing"
import type InvoicingModuleService from "../../modules/invoicing/service"
import { adapterFor } from "../../providers/adapters"
import { type CustomerPaymentMethod, findCustomerPaymentMethod, type SavedMethodType, toCustomerPaymentMethod } from "./payment-methods"
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
 * instead, and a payment confirmed later saves its method on completion (see
 * keptMethodOfPayment), so this only runs for a sandbox payment taken at once. A failure here never fails the
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

/**
 * The method a payment confirmed by the client kept for autopay, as the
 * customer's saved method (Stripe: `setup_future_usage` on the PaymentIntent,
 * which the server set only for `save_for_autopay`; the sandbox: the same
 * field on its payment). Read from the provider object recorded at
 * authorization, which the server verified is this payment's. Stripe keeps
 * the method itself: it is answered only when Stripe lists it among this
 * customer's own methods. A provider that records methods on the account
 * holder (the sandbox) has it saved here, by the completion that took the
 * payment (`save`; a later one only finds it, so a method removed since is
 * not brought back). Null for anything else, never a failure: the payment
 * stands whether or not its method can be shown.
 */
export async function keptMethodOfPayment(
  container: any,
  input: { customer_id: string; payment_id: string; save: boolean }
): Promise<CustomerPaymentMethod | null> {
  try {
    const invoicing = container.resolve(INVOICING_MODULE) as InvoicingModuleService
    const [payment] = await invoicing.listCustomerPayments(
      { id: input.payment_id, customer_id: input.customer_id },
      { select: ["id", "status", "method", "provider_id", "payment_collection_id"], take: 1 }
    )
    if (!payment?.provider_id || !payment.payment_collection_id) return null
    if (payment.status !== "succeeded" && payment.status !== "processing") return null
    const adapter = adapterFor(container, payment.provider_id)
    const [taken] = await container
      .resolve(Modules.PAYMENT)
      .listPayments({ payment_collection_id: payment.payment_collection_id }, { select: ["id", "data"], order: { created_at: "DESC" }, take: 1 })
    const methodId = adapter.keptMethodId((taken?.data ?? null) as Record<string, any> | null)
    if (!methodId) return null
    const found = await findCustomerPaymentMethod(container, input.customer_id, methodId, payment.provider_id)
    if (found || !input.save || !adapter.recordsMethodsOnAccountHolder) return found?.method ?? null
    const { result } = await saveCustomerPaymentMethodWorkflow(container).run({
      input: {
        customer_id: input.customer_id,
        type: payment.method as SavedMethodType,
        kept_method_id: methodId,
        idempotency_key: `save-after-payment:${input.payment_id}`,
      },
    })
    return toCustomerPaymentMethod(result.provider_id, { id: result.id, data: result.data })
  } catch (error) {
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .warn(`billing: payment ${input.payment_id}: the method it kept could not be read or saved: ${(error as Error)?.message}`)
    return null
  }
}
