import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { acquireLockStep, releaseLockStep } from "@medusajs/medusa/core-flows"
import { WAIT_SECONDS as CUSTOMER_LOCK_WAIT_SECONDS } from "../../payments/customer-lock"
import { type SavedMethodType } from "../payment-methods"
import { ensureCustomerAccountHolderStep } from "../steps/ensure-customer-account-holder"
import { recordHolderPaymentMethodsStep } from "../steps/record-holder-payment-methods"
import { saveProviderPaymentMethodStep } from "../steps/save-provider-payment-method"
import { validateNewPaymentMethodStep } from "../steps/validate-new-payment-method"

export type SaveCustomerPaymentMethodWorkflowInput = {
  customer_id: string
  type: SavedMethodType
  data?: Record<string, unknown>
  /** instead of `data`: the provider's id of the method a payment kept (the server's, after the payment) */
  kept_method_id?: string
  idempotency_key: string
}

export type SaveCustomerPaymentMethodWorkflowOutput = {
  provider_id: string
  id: string
  data: Record<string, any>
}

export const saveCustomerPaymentMethodWorkflowId = "save-customer-payment-method"

/** The key serializing changes to one customer's saved methods (and the creation of their account holder). */
export const paymentMethodsLockKey = (customerId: string) => `billing-payment-methods:${customerId}`

/**
 * How long a save, a removal or a change of autopay waits for that lock:
 * longer than its holder may wait for the customer's lock meanwhile (a change
 * of autopay waits that long for a charge at the provider, then answers 409),
 * so a removal or a save in another tab waits it out instead of failing with a 500.
 */
export const PAYMENT_METHODS_LOCK_WAIT_SECONDS = CUSTOMER_LOCK_WAIT_SECONDS + 10

/**
 * Under the customer's payment-methods lock: validate → the customer's
 * account holder for the provider (created and linked on first use) → save
 * with the provider → for providers that keep saved methods on the account
 * holder (the sandbox), record it there.
 */
export const saveCustomerPaymentMethodWorkflow = createWorkflow(
  saveCustomerPaymentMethodWorkflowId,
  (input: SaveCustomerPaymentMethodWorkflowInput) => {
    const lockKey = transform({ input }, ({ input }) => paymentMethodsLockKey(input.customer_id))
    acquireLockStep({ key: lockKey, timeout: PAYMENT_METHODS_LOCK_WAIT_SECONDS, ttl: 60 })
    const { provider_id, records_on_account_holder } = validateNewPaymentMethodStep({ customer_id: input.customer_id, type: input.type })
    const holder = ensureCustomerAccountHolderStep({ customer_id: input.customer_id, provider_id })
    const saved = saveProviderPaymentMethodStep({
      provider_id,
      account_holder: holder.account_holder,
      customer: holder.customer,
      type: input.type,
      data: input.data,
      kept_method_id: input.kept_method_id,
      idempotency_key: input.idempotency_key,
    })
    when("record-on-account-holder", { records_on_account_holder, saved }, ({ records_on_account_holder, saved }) => {
      return records_on_account_holder && saved.data?.object !== "setup_intent"
    }).then(() => {
      recordHolderPaymentMethodsStep({ account_holder: holder.account_holder, add: saved })
    })
    releaseLockStep({ key: lockKey })
    const result = transform({ provider_id, saved }, ({ provider_id, saved }) => ({
      provider_id,
      id: saved.id,
      data: saved.data,
    }))
    return new WorkflowResponse<SaveCustomerPaymentMethodWorkflowOutput>(result)
  }
)
