import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { AUTHENTICATION_REQUIRED } from "../../../domain/autopay"
import { AUTOPAY_MODULE } from "../../../modules/autopay"
import type AutopayModuleService from "../../../modules/autopay/service"
import { INVOICING_MODULE } from "../../../modules/invoicing"
import type InvoicingModuleService from "../../../modules/invoicing/service"
import { recordOutcome } from "../../payments/record-outcome"
import { AutopayChargeResult, applyPaymentStatus } from "../charge-enrollment"
import type { AutopayClaim } from "./prepare-autopay-charge"

export type SettleAutopayAttemptStepInput = {
  claim: AutopayClaim
  /** what the payment workflow answered */
  payment: { payment_id: string; next_action?: unknown }
}

export const settleAutopayAttemptStepId = "settle-autopay-attempt"

/**
 * Moves the claimed attempt along with its payment: linked to it; an
 * off-session charge that needs the customer (3-D Secure) releases the
 * invoices and asks the customer to pay in the portal; a decline because the
 * bank wants the customer is not retried; otherwise the payment's status
 * decides (`applyPaymentStatus`: charged, or failed with the next retry).
 *
 * No compensation: it is the last step, and what it records only follows
 * the payment forward (as the payment workflow's own outcome step). If it
 * fails half-way, the run step follows the payment by its idempotency key.
 */
export const settleAutopayAttemptStep = createStep(
  settleAutopayAttemptStepId,
  async ({ claim, payment: charged }: SettleAutopayAttemptStepInput, { container }) => {
    const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
    const autopay = container.resolve<AutopayModuleService>(AUTOPAY_MODULE)
    const now = new Date(claim.now)
    const paymentId = charged.payment_id
    const base = {
      enrollment_id: claim.enrollment_id,
      customer_id: claim.customer_id,
      currency_code: claim.currency_code,
      payment_id: paymentId,
      amount: claim.amount,
    }
    const payment = await invoicing.retrievePaymentWithAllocations(paymentId) // (one plain query)
    // every branch links the attempt to the payment
    if (payment.status === "pending" && charged.next_action) {
      // Off-session charge that needs the customer (3-D Secure): release the
      // invoices; the attempt then needs the customer, who is asked to pay in
      // the portal (applyPaymentStatus, as for a decline for off-session SCA).
      await recordOutcome(container, paymentId, { status: "canceled", failure_reason: AUTHENTICATION_REQUIRED })
      const released = await applyPaymentStatus(container, claim.attempt_id, "canceled", AUTHENTICATION_REQUIRED, now, paymentId)
      return new StepResponse<AutopayChargeResult>({ ...base, ...released })
    }
    const outcome = await applyPaymentStatus(container, claim.attempt_id, payment.status, payment.failure_reason, now, paymentId)
    return new StepResponse<AutopayChargeResult>({ ...base, ...outcome })
  }
)
