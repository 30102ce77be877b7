import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { updateServiceRequestStateStep } from "../steps/update-service-request-state"
import { SERVICE_REQUEST_CLOSED_EVENT } from "./reply-to-service-request"

export type CloseServiceRequestWorkflowInput = { id: string; now: Date }

export const closeServiceRequestWorkflowId = "close-service-request"

/** Closes a request; closing a closed request changes nothing and announces nothing. */
export const closeServiceRequestWorkflow = createWorkflow(
  closeServiceRequestWorkflowId,
  (input: CloseServiceRequestWorkflowInput) => {
    const change = transform({}, () => ({ type: "close" as const }))
    const result = updateServiceRequestStateStep({ id: input.id, change, now: input.now })
    when({ result }, ({ result }) => result.changed).then(() => {
      const eventData = transform({ result }, ({ result }) => ({ id: result.service_request.id }))
      emitEventStep({ eventName: SERVICE_REQUEST_CLOSED_EVENT, data: eventData }).config({
        name: "emit-service-request-closed",
      })
    })
    return new WorkflowResponse(result.service_request)
  }
)
