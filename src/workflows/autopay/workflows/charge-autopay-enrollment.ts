import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { createCustomerPaymentWorkflow } from "../../payments/workflows/create-customer-payment"
import type { AutopayChargeResult } from "../charge-enrollment"
import { prepareAutopayChargeStep, PrepareAutopayChargeStepInput } from "../steps/prepare-autopay-charge"
import { settleAutopayAttemptStep } from "../steps/settle-autopay-attempt"

export type ChargeAutopayEnrollmentWorkflowInput = PrepareAutopayChargeStepInput

export const chargeAutopayEnrollmentWorkflowId = "charge-autopay-enrollment"

/**
 * One enrollment's charge in one currency: prepare (pre-debit notice, what is
 * due within the limit, the attempt claimed under its never-twice key) →
 * when something is to be charged, the portal's own payment workflow (source
 * `autopay`, off-session, the saved method, keyed by the attempt) → the
 * attempt settled from the payment's status. Answers the run's result for
 * this charge.
 *
 * Failure: if the payment workflow (or the settle step) fails, the workflow
 * fails and the prepare step's compensation marks the claimed attempt failed
 * `not_charged` — unless a payment was made under its key. A workflow body
 * cannot catch a failed sub-workflow and carry on, so following that payment
 * (today's "the workflow failed after the payment was made" branch) is the
 * caller's part: the run step catches the failed workflow, finds the
 * attempt, and follows the payment made under its idempotency key
 * (`followAttemptPayment`).
 */
export const chargeAutopayEnrollmentWorkflow = createWorkflow(
  chargeAutopayEnrollmentWorkflowId,
  (input: ChargeAutopayEnrollmentWorkflowInput) => {
    const prepared = prepareAutopayChargeStep(input)
    const settled = when("autopay-charge-needed", { prepared }, ({ prepared }) => prepared.charge).then(() => {
      const paymentInput = transform({ prepared }, ({ prepared }) => prepared.claim!.payment)
      const payment = createCustomerPaymentWorkflow.runAsStep({ input: paymentInput })
      const settleInput = transform({ prepared, payment }, ({ prepared, payment }) => ({
        claim: prepared.claim!,
        payment: { payment_id: payment.payment_id, next_action: payment.next_action },
      }))
      return settleAutopayAttemptStep(settleInput)
    })
    const result = transform({ prepared, settled }, ({ prepared, settled }): AutopayChargeResult =>
      settled ?? prepared.result!
    )
    return new WorkflowResponse(result)
  }
)
