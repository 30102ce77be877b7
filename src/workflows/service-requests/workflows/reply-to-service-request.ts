import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { ServiceRequestReply, updateServiceRequestStateStep } from "../steps/update-service-request-state"

export type ReplyToServiceRequestWorkflowInput = {
  id: string
  message: string
  status?: "in_progress" | "closed"
  now: Date
}

export const replyToServiceRequestWorkflowId = "reply-to-service-request"
export const SERVICE_REQUEST_REPLIED_EVENT = "billing.service_request.replied"
export const SERVICE_REQUEST_CLOSED_EVENT = "billing.service_request.closed"

export type ServiceRequestRepliedEventData = { id: string; reply: ServiceRequestReply }

/** Admin answer: reply text, status (default in_progress), then the customer's email. */
export const replyToServiceRequestWorkflow = createWorkflow(
  replyToServiceRequestWorkflowId,
  (input: ReplyToServiceRequestWorkflowInput) => {
    const change = transform({ input }, ({ input }) => ({
      type: "reply" as const,
      message: input.message,
      status: input.status,
    }))
    const result = updateServiceRequestStateStep({ id: input.id, change, now: input.now })
    // The reply itself travels with the event: by the time the email goes
    // out, a later reply may have replaced it on the request.
    const eventData = transform(
      { result },
      ({ result }): ServiceRequestRepliedEventData => ({ id: result.service_request.id, reply: result.reply! })
    )
    emitEventStep({ eventName: SERVICE_REQUEST_REPLIED_EVENT, data: eventData }).config({
      name: "emit-service-request-replied",
    })
    return new WorkflowResponse(result.service_request)
  }
)
