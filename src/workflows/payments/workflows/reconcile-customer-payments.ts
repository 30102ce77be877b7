import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import {
  reconcileCustomerPaymentsStep,
  ReconcileCustomerPaymentsStepInput,
} from "../steps/reconcile-customer-payments"

export const reconcileCustomerPaymentsWorkflowId = "reconcile-customer-payments"

export const reconcileCustomerPaymentsWorkflow = createWorkflow(
  reconcileCustomerPaymentsWorkflowId,
  (input: ReconcileCustomerPaymentsStepInput) => new WorkflowResponse(reconcileCustomerPaymentsStep(input))
)
