import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import {
  reconcileCustomerPaymentsStep,
  ReconcileCustomerPaymentsStepInput,
} from "../steps/reconcile-customer-payments"

/**
 * Held by a reconciler run and by an admin's check of one payment (`POST
 * /admin/billing/payments/:id/reconcile`, on any server instance), so the
 * two never settle the same payment at once.
 */
export const RECONCILE_LOCK_KEY = "billing-reconcile-customer-payments"

export { RECONCILE_PROCESSING_STALE_MINUTES, RECONCILE_STALE_MINUTES } from "../../../domain/payment-state"

export const reconcileCustomerPaymentsWorkflowId = "reconcile-customer-payments"

export const reconcileCustomerPaymentsWorkflow = createWorkflow(
  reconcileCustomerPaymentsWorkflowId,
  (input: ReconcileCustomerPaymentsStepInput) => new WorkflowResponse(reconcileCustomerPaymentsStep(input))
)
