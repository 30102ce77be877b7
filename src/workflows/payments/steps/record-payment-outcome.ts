import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { PaymentOutcome } from "../../../modules/invoicing/service"
import { recordOutcome } from "../record-outcome"
import { announceCapture, type CapturedPayment } from "./charge-customer-payment"

export type RecordPaymentOutcomeStepInput = {
  payment_id: string
  outcome: PaymentOutcome | null
  /** a capture the charge made: `payment.captured` is announced once the outcome is recorded */
  captured?: CapturedPayment | null
}

export const recordPaymentOutcomeStepId = "record-customer-payment-outcome"

/**
 * The last transaction of a payment. Outcomes only move a payment forward and
 * are idempotent, so there is nothing to compensate: a failure here leaves the
 * payment where it was, for the webhook or the reconciler to finish. A
 * capture is announced whether or not recording worked: our own
 * `payment.captured` subscriber then records it again.
 */
export const recordPaymentOutcomeStep = createStep(
  recordPaymentOutcomeStepId,
  async (input: RecordPaymentOutcomeStepInput, { container }) => {
    if (!input.outcome) return new StepResponse(null)
    try {
      return new StepResponse(await recordOutcome(container, input.payment_id, input.outcome))
    } finally {
      await announceCapture(container, input.captured)
    }
  }
)
