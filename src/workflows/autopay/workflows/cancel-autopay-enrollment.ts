import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { cancelAutopayStep, CancelAutopayStepInput } from "../steps/cancel-autopay"

export const cancelAutopayEnrollmentWorkflowId = "cancel-autopay-enrollment"

/** Cancels autopay at once (by the customer, or by an admin for an enrollment). */
export const cancelAutopayEnrollmentWorkflow = createWorkflow(
  cancelAutopayEnrollmentWorkflowId,
  (input: CancelAutopayStepInput) => {
    const canceled = cancelAutopayStep(input)
    when({ canceled }, ({ canceled }) => !!canceled && canceled.status === "canceled").then(() => {
      const eventData = transform({ canceled }, ({ canceled }) => ({ id: canceled!.id }))
      emitEventStep({ eventName: "billing.autopay.canceled", data: eventData }).config({ name: "emit-autopay-canceled" })
    })
    return new WorkflowResponse(canceled)
  }
)
