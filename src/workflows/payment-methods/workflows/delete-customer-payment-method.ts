import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { acquireLockStep, releaseLockStep } from "@medusajs/medusa/core-flows"
import { deleteProviderPaymentMethodStep } from "../steps/delete-provider-payment-method"
import { findCustomerPaymentMethodStep } from "../steps/find-customer-payment-method"
import { recordHolderPaymentMethodsStep } from "../steps/record-holder-payment-methods"
import { refuseAutopayMethodRemovalStep } from "../steps/refuse-autopay-method-removal"
import { PAYMENT_METHODS_LOCK_WAIT_SECONDS, paymentMethodsLockKey } from "./save-customer-payment-method"

export type DeleteCustomerPaymentMethodWorkflowInput = {
  customer_id: string
  payment_method_id: string
}

export const deleteCustomerPaymentMethodWorkflowId = "delete-customer-payment-method"

/**
 * Under the customer's payment-methods lock: find the method among the
 * customer's own (404 otherwise) → refuse it while autopay charges it (400) → drop it from the account holder's record
 * (sandbox) → delete it at the provider, last, as it cannot be undone.
 */
export const deleteCustomerPaymentMethodWorkflow = createWorkflow(
  deleteCustomerPaymentMethodWorkflowId,
  (input: DeleteCustomerPaymentMethodWorkflowInput) => {
    const lockKey = transform({ input }, ({ input }) => paymentMethodsLockKey(input.customer_id))
    acquireLockStep({ key: lockKey, timeout: PAYMENT_METHODS_LOCK_WAIT_SECONDS, ttl: 60 })
    const found = findCustomerPaymentMethodStep({
      customer_id: input.customer_id,
      payment_method_id: input.payment_method_id,
    })
    refuseAutopayMethodRemovalStep({ customer_id: input.customer_id, payment_method_id: input.payment_method_id })
    when("recorded-on-account-holder", { found }, ({ found }) => found.records_on_account_holder).then(
      () => {
        recordHolderPaymentMethodsStep({ account_holder: found.holder, remove: input.payment_method_id })
      }
    )
    const deleteInput = transform({ found }, ({ found }) => ({
      id: found.method.id,
      provider_id: found.holder.provider_id,
      account_holder: found.holder,
    }))
    deleteProviderPaymentMethodStep(deleteInput)
    releaseLockStep({ key: lockKey })
    return new WorkflowResponse(transform({ found }, ({ found }) => ({ id: found.method.id })))
  }
)
