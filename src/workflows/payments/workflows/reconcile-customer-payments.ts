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

/** Pending payments younger than this are left alone: the request that made them, or the customer's browser, may still be finishing. */
export const RECONCILE_STALE_MINUTES = 5

export const reconcileCustomerPaymentsWorkflowId = "reconcile-customer-payments"

export const reconcileCustomerPaymentsWorkflow = createWorkflow(
  reconcileCustomerPaymentsWorkflowId,
  (input: ReconcileCustomerPaymentsStepInput) => new WorkflowResponse(reconcileCustomerPaymentsStep(input))
)
