import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { acquireLockStep, emitEventStep, releaseLockStep } from "@medusajs/medusa/core-flows"
import { PAYMENT_METHODS_LOCK_WAIT_SECONDS, paymentMethodsLockKey } from "../../payment-methods/workflows/save-customer-payment-method"
import { enrollAutopayStep } from "../steps/enroll-autopay"
import { validateAutopayEnrollmentStep } from "../steps/validate-autopay-enrollment"

export type UpdateAutopayEnrollmentWorkflowInput = {
  customer_id: string
  payment_method_id: string
  terms_version: string | null
  /** major units of `max_amount_currency_code`, decimal string; null for no limit */
  max_amount: string | null
  max_amount_currency_code: string | null
  consent_ip: string | null
  consent_user_agent: string | null
  /** ISO time: enroll only if the customer's autopay was not changed after it (409 otherwise) */
  unless_changed_since?: string | Date | null
}

export const updateAutopayEnrollmentWorkflowId = "update-autopay-enrollment"

/**
 * Enrolls the customer in autopay (or changes the method or limit), recording
 * their consent. Under the customer's payment-methods lock, the one a removal
 * holds: a method removed in another tab meanwhile is either gone before the
 * check (400 naming `payment_method_id`) or refused removal once enrolled.
 */
export const updateAutopayEnrollmentWorkflow = createWorkflow(
  updateAutopayEnrollmentWorkflowId,
  (input: UpdateAutopayEnrollmentWorkflowInput) => {
    const lockKey = transform({ input }, ({ input }) => paymentMethodsLockKey(input.customer_id))
    acquireLockStep({ key: lockKey, timeout: PAYMENT_METHODS_LOCK_WAIT_SECONDS, ttl: 60 })
    const checked = validateAutopayEnrollmentStep({
      customer_id: input.customer_id,
      payment_method_id: input.payment_method_id,
      terms_version: input.terms_version,
      max_amount: input.max_amount,
      max_amount_currency_code: input.max_amount_currency_code,
    })
    const enrollInput = transform({ input, checked }, ({ input, checked }) => ({
      customer_id: input.customer_id,
      ...checked,
      consent_ip: input.consent_ip,
      consent_user_agent: input.consent_user_agent,
      unless_changed_since: input.unless_changed_since ?? null,
    }))
    const result = enrollAutopayStep(enrollInput)
    const eventData = transform({ result }, ({ result }) => ({ id: result.enrollment.id }))
    emitEventStep({ eventName: "billing.autopay.updated", data: eventData })
    // last: a step failing before it releases this run's own lock (compensation), never another's
    releaseLockStep({ key: lockKey })
    return new WorkflowResponse(result)
  }
)
