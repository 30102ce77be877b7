import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { AUTOPAY_MODULE } from "../../../modules/autopay"
import type AutopayModuleService from "../../../modules/autopay/service"

export type RefuseAutopayMethodRemovalStepInput = { customer_id: string; payment_method_id: string }

export const AUTOPAY_METHOD_IN_USE =
  "This payment method pays your autopay. Choose another method for autopay, or turn autopay off, before removing it."

export const refuseAutopayMethodRemovalStepId = "refuse-autopay-method-removal"

/**
 * A method that a live (active or paused) autopay enrollment charges is not
 * removed from under it: the next run would fail and pause autopay without
 * the customer having chosen that. 400 saying what to do instead.
 */
export const refuseAutopayMethodRemovalStep = createStep(
  refuseAutopayMethodRemovalStepId,
  async (input: RefuseAutopayMethodRemovalStepInput, { container }) => {
    const enrollment = await container
      .resolve<AutopayModuleService>(AUTOPAY_MODULE)
      .findLiveEnrollment(input.customer_id)
    if (enrollment?.payment_method_id === input.payment_method_id) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, AUTOPAY_METHOD_IN_USE)
    }
    return new StepResponse(undefined)
  }
)
