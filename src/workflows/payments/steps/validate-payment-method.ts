import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { sanitizeMethodDetails, type MethodDetails } from "../../../domain/payment-method-label"
import { adapterFor, type PaymentMethodInput } from "../../../providers/adapters"
import {
  type AccountHolder,
  assertPayableSavedMethod,
  enrolledSavedMethod,
  type PaymentCustomer,
} from "../../payment-methods/payment-methods"

/**
 * An autopay charge's saved method: the one its enrollment charges, found
 * among the customer's own saved methods when they enrolled. Set by the
 * autopay charge on the server (no request body has this field); the
 * enrollment is read to check it all the same.
 */
export type EnrolledMethod = { enrollment_id: string }

export type ValidatePaymentMethodStepInput = {
  customer_id: string
  provider_id: string
  payment_method: PaymentMethodInput
  enrolled_method?: EnrolledMethod | null
}

export type ValidatedPaymentMethod = {
  method_details: MethodDetails | null
  /** the saved method's account holder at the provider (null without a saved method) */
  account_holder: AccountHolder | null
  payment_customer: PaymentCustomer | null
}

export const validatePaymentMethodStepId = "validate-payment-method"

/**
 * Before anything is reserved: a saved method must be one of this
 * customer's own, of the paid type, given without raw details (400 naming
 * the field otherwise; another customer's method reads like an unknown one).
 * The provider checks again that it belongs to the account holder. An
 * autopay charge's method (`enrolled_method`) was checked when the customer
 * enrolled: it must be what that enrollment (the customer's, active) still
 * charges, read from the database, and is not listed at the provider again
 * on every charge (one provider call fewer per charge). Its account holder
 * is read from the database too; the provider refuses the session if the
 * method is no longer the holder's (then the payment fails
 * `payment_method_unavailable` and autopay pauses). Its receipt details come
 * from the provider's session, as a new card's do.
 * Returns what the receipt will show of a saved method (brand or bank, last4),
 * and the account holder it belongs to with the customer as providers see
 * them: the charge creates its session with these, without looking them up
 * again.
 */
export const validatePaymentMethodStep = createStep(
  validatePaymentMethodStepId,
  async (input: ValidatePaymentMethodStepInput, { container }) => {
    const method = input.payment_method
    if (method.saved_method_id && input.enrolled_method) {
      const enrolled = await enrolledSavedMethod(container, {
        customer_id: input.customer_id,
        provider_id: input.provider_id,
        type: method.type,
        saved_method_id: method.saved_method_id,
        enrollment_id: input.enrolled_method.enrollment_id,
      })
      return new StepResponse<ValidatedPaymentMethod>({
        method_details: null,
        account_holder: enrolled.holder,
        payment_customer: enrolled.customer,
      })
    }
    if (method.saved_method_id) {
      const saved = await assertPayableSavedMethod(container, {
        customer_id: input.customer_id,
        provider_id: input.provider_id,
        type: method.type,
        saved_method_id: method.saved_method_id,
        data: method.data,
      })
      return new StepResponse<ValidatedPaymentMethod>({
        method_details: sanitizeMethodDetails(saved.method),
        account_holder: saved.holder,
        payment_customer: saved.customer,
      })
    }
    // new details the customer typed: refused now (400 naming the field) rather than by the provider after the reservation
    adapterFor(container, input.provider_id).checkDetails(method)
    return new StepResponse<ValidatedPaymentMethod>({ method_details: null, account_holder: null, payment_customer: null })
  }
)
