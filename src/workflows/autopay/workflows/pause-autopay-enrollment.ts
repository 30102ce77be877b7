import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { pauseAutopayStep, PauseAutopayStepInput } from "../steps/pause-autopay"

export const pauseAutopayEnrollmentWorkflowId = "pause-autopay-enrollment"

/** The customer pauses autopay: nothing is charged until they turn it on again (a new consent). */
export const pauseAutopayEnrollmentWorkflow = createWorkflow(pauseAutopayEnrollmentWorkflowId, (input: PauseAutopayStepInput) => {
  const result = pauseAutopayStep(input)
  when({ result }, ({ result }) => result.paused).then(() => {
    const eventData = transform({ result }, ({ result }) => ({ id: result.enrollment!.id }))
    emitEventStep({ eventName: "billing.autopay.updated", data: eventData }).config({ name: "emit-autopay-paused" })
  })
  return new WorkflowResponse(result)
})
