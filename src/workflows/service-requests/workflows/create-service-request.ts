import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { createServiceRequestStep, CreateServiceRequestStepInput } from "../steps/create-service-request"
import { validateServiceRequestInputStep } from "../steps/validate-service-request-input"

export type CreateServiceRequestWorkflowInput = CreateServiceRequestStepInput & { now: Date }

export const createServiceRequestWorkflowId = "create-service-request"
export const SERVICE_REQUEST_CREATED_EVENT = "billing.service_request.created"

/** Validate (date, the customer's own invoice) → create → announce (the recipients' emails). */
export const createServiceRequestWorkflow = createWorkflow(
  createServiceRequestWorkflowId,
  (input: CreateServiceRequestWorkflowInput) => {
    validateServiceRequestInputStep({
      customer_id: input.customer_id,
      preferred_date: input.preferred_date,
      invoice_id: input.invoice_id,
      now: input.now,
    })
    const created = createServiceRequestStep({
      customer_id: input.customer_id,
      kind: input.kind,
      subject: input.subject,
      message: input.message,
      preferred_date: input.preferred_date,
      invoice_id: input.invoice_id,
    })
    const eventData = transform({ created }, ({ created }) => ({ id: created.id }))
    emitEventStep({ eventName: SERVICE_REQUEST_CREATED_EVENT, data: eventData })
    return new WorkflowResponse(created)
  }
)
