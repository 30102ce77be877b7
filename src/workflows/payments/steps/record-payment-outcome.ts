import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { PaymentOutcome } from "../../../modules/invoicing/service"
import { recordOutcome } from "../record-outcome"

export type RecordPaymentOutcomeStepInput = { payment_id: string; outcome: PaymentOutcome | null }

export const recordPaymentOutcomeStepId = "record-customer-payment-outcome"

/**
 * The last transaction of a payment. Outcomes only move a payment forward and
 * are idempotent, so there is nothing to compensate: a failure here leaves the
 * payment where it was, for the webhook or the reconciler to finish.
 */
export const recordPaymentOutcomeStep = createStep(
  recordPaymentOutcomeStepId,
  async (input: RecordPaymentOutcomeStepInput, { container }) => {
    if (!input.outcome) return new StepResponse(null)
    return new StepResponse(await recordOutcome(container, input.payment_id, input.outcome))
  }
)
