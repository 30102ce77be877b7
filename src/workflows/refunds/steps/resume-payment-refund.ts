import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { INVOICING_MODULE } from "../../../modules/invoicing"
import type InvoicingModuleService from "../../../modules/invoicing/service"
import { discardUnsentRefund } from "../provider-refund"

export type ResumePaymentRefundStepInput = { payment_id: string; refund_id: string }
export type ResumePaymentRefundStepOutput = { refund_id: string }

export const resumePaymentRefundStepId = "resume-payment-refund"

/**
 * Picks up a refund an earlier run left `pending` (the process stopped, or
 * its answer was lost): the payment's own refund row, 404 otherwise. The
 * steps after it finish it as the first run would have.
 */
export const resumePaymentRefundStep = createStep(
  resumePaymentRefundStepId,
  async (input: ResumePaymentRefundStepInput, { container }) => {
    const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
    const [row] = await invoicing.listCustomerPaymentRefunds(
      { id: input.refund_id, customer_payment_id: input.payment_id },
      { select: ["id", "status"], take: 1 }
    )
    if (!row) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Refund with id: ${input.refund_id} was not found`)
    // An empty id tells the compensation there is nothing to undo (the refund was already recorded).
    return new StepResponse<ResumePaymentRefundStepOutput, string>({ refund_id: row.id }, row.status === "pending" ? row.id : "")
  },
  // The provider failed or refused: as after a first run, a refund the provider never made is removed.
  async (refundId, { container }) => {
    if (refundId) await discardUnsentRefund(container, refundId)
  }
)
