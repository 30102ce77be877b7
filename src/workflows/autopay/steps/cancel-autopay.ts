import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { AUTOPAY_MODULE } from "../../../modules/autopay"
import type AutopayModuleService from "../../../modules/autopay/service"
import { withCustomerLock } from "../../payments/customer-lock"

export type CancelAutopayStepInput = { customer_id: string } | { enrollment_id: string }

export const cancelAutopayStepId = "cancel-autopay"

/** Cancels the live enrollment at once (null when there is none), ordered with autopay's charges; compensation reinstates it. */
export const cancelAutopayStep = createStep(
  cancelAutopayStepId,
  async (input: CancelAutopayStepInput, { container }) => {
    const autopay = container.resolve<AutopayModuleService>(AUTOPAY_MODULE)
    let customerId: string
    if ("enrollment_id" in input) {
      customerId = (await autopay.retrieveEnrollmentOrFail(input.enrollment_id)).customer_id
    } else {
      customerId = input.customer_id
    }
    const before = await autopay.retrieveLiveEnrollment(customerId)
    if ("enrollment_id" in input && before?.id !== input.enrollment_id) {
      // already canceled: answer with it as it is
      return new StepResponse<any, { id: string; status: string } | undefined>(await autopay.retrieveEnrollmentOrFail(input.enrollment_id), undefined)
    }
    // under the customer's lock, which an autopay charge holds from its enrollment check to the provider's
    // answer (chargeCustomerPayment): a charge not yet at the provider is never sent; one that is, is waited for
    const canceled = await withCustomerLock(container, customerId, () => autopay.cancelEnrollment(customerId, new Date()))
    return new StepResponse<any, { id: string; status: string } | undefined>(canceled, before ? { id: before.id, status: before.status } : undefined)
  },
  async (undo, { container }) => {
    if (!undo) return
    const autopay = container.resolve<AutopayModuleService>(AUTOPAY_MODULE)
    await autopay.updateAutopayEnrollments({ id: undo.id, status: undo.status as any, canceled_at: null })
  }
)
