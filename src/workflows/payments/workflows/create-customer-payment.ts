import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { chargeCustomerPaymentStep, PaymentMethodInput } from "../steps/charge-customer-payment"
import { recordPaymentOutcomeStep } from "../steps/record-payment-outcome"
import { reserveCustomerPaymentStep, ReserveCustomerPaymentStepInput } from "../steps/reserve-customer-payment"
import { saveMethodAfterPaymentStep } from "../steps/save-method-after-payment"
import { type EnrolledMethod, validatePaymentMethodStep } from "../steps/validate-payment-method"

export type CreateCustomerPaymentWorkflowInput = ReserveCustomerPaymentStepInput & {
  payment_method: PaymentMethodInput
  /** autopay only (set by the server, never from a request): the saved method is the enrollment's */
  enrolled_method?: EnrolledMethod | null
  off_session?: boolean
}

export const createCustomerPaymentWorkflowId = "create-customer-payment"

/**
 * Validate the method (a saved one must be the customer's; autopay's is the
 * enrollment's, checked when the customer enrolled) → reserve (one
 * transaction, under the customer's lock) → charge through the Payment
 * Module (no transaction open) → record the outcome (one transaction) →
 * save the method for later when asked (never failing the payment).
 */
export const createCustomerPaymentWorkflow = createWorkflow(
  createCustomerPaymentWorkflowId,
  (input: CreateCustomerPaymentWorkflowInput) => {
    const validatedMethod = validatePaymentMethodStep({
      customer_id: input.customer_id,
      provider_id: input.provider_id,
      payment_method: input.payment_method,
      enrolled_method: input.enrolled_method,
    })
    const reservation = reserveCustomerPaymentStep(input)
    const chargeInput = transform({ input, reservation, validatedMethod }, ({ input, reservation, validatedMethod }) => ({
      payment_id: reservation.payment_id,
      created: reservation.created,
      amount: reservation.amount,
      currency_code: reservation.currency_code,
      customer_id: input.customer_id,
      provider_id: input.provider_id,
      payment_method: input.payment_method,
      method_details: validatedMethod.method_details,
      account_holder: validatedMethod.account_holder,
      payment_customer: validatedMethod.payment_customer,
      off_session: input.off_session,
      enrolled_method: input.enrolled_method,
    }))
    const charge = chargeCustomerPaymentStep(chargeInput)
    recordPaymentOutcomeStep({ payment_id: charge.payment_id, outcome: charge.outcome, captured: charge.captured })
    const savedMethod = saveMethodAfterPaymentStep(
      transform({ input, reservation }, ({ input, reservation }) => ({
        customer_id: input.customer_id,
        provider_id: input.provider_id,
        payment_id: reservation.payment_id,
        created: reservation.created,
        payment_method: input.payment_method,
      }))
    )
    const eventData = transform({ reservation }, ({ reservation }) => ({ id: reservation.payment_id }))
    emitEventStep({ eventName: "billing.payment.created", data: eventData })
    const response = transform({ reservation, charge, savedMethod }, ({ reservation, charge, savedMethod }) => ({
      payment_id: reservation.payment_id,
      created: reservation.created,
      next_action: charge.next_action,
      saved_payment_method: savedMethod,
    }))
    return new WorkflowResponse(response)
  }
)
