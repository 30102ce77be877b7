import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { recordOfflinePaymentStep, type RecordOfflinePaymentStepInput } from "../steps/record-offline-payment"

export type RecordOfflinePaymentWorkflowInput = RecordOfflinePaymentStepInput

export const recordOfflinePaymentWorkflowId = "record-offline-payment"

/** An admin records a check, cash or a transfer against one invoice. */
export const recordOfflinePaymentWorkflow = createWorkflow(
  recordOfflinePaymentWorkflowId,
  (input: RecordOfflinePaymentWorkflowInput) => new WorkflowResponse(recordOfflinePaymentStep(input))
)
