import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { chargeCustomerPaymentStep, PaymentMethodInput } from "../steps/charge-customer-payment"
import { recordPaymentOutcomeStep } from "../steps/record-payment-outcome"
import { reserveCustomerPaymentStep, ReserveCustomerPaymentStepInput } from "../steps/reserve-customer-payment"

export type CreateCustomerPaymentWorkflowInput = ReserveCustomerPaymentStepInput & {
  payment_method: PaymentMethodInput
  off_session?: boolean
}

export const createCustomerPaymentWorkflowId = "create-customer-payment"

/**
 * Reserve (one transaction, under the customer's lock) → charge through the
 * Payment Module (no transaction open) → record the outcome (one transaction).
 */
export const createCustomerPaymentWorkflow = createWorkflow(
  createCustomerPaymentWorkflowId,
  (input: CreateCustomerPaymentWorkflowInput) => {
    const reservation = reserveCustomerPaymentStep(input)
    const chargeInput = transform({ input, reservation }, ({ input, reservation }) => ({
      payment_id: reservation.payment_id,
      created: reservation.created,
      amount: reservation.amount,
      currency_code: reservation.currency_code,
      customer_id: input.customer_id,
      provider_id: input.provider_id,
      payment_method: input.payment_method,
      off_session: input.off_session,
    }))
    const charge = chargeCustomerPaymentStep(chargeInput)
    recordPaymentOutcomeStep({ payment_id: charge.payment_id, outcome: charge.outcome })
    const eventData = transform({ reservation }, ({ reservation }) => ({ id: reservation.payment_id }))
    emitEventStep({ eventName: "billing.payment.created", data: eventData })
    const response = transform({ reservation, charge }, ({ reservation, charge }) => ({
      payment_id: reservation.payment_id,
      created: reservation.created,
      next_action: charge.next_action,
    }))
    return new WorkflowResponse(response)
  }
)
