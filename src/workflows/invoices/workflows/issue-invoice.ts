import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { issueInvoiceStep } from "../steps/issue-invoice"

export const issueInvoiceWorkflowId = "issue-invoice"

export const issueInvoiceWorkflow = createWorkflow(
  issueInvoiceWorkflowId,
  (input: { id: string; issued_at?: Date | null }) => {
    const invoice = issueInvoiceStep(input)
    const eventData = transform({ input }, ({ input }) => ({ id: input.id }))
    emitEventStep({ eventName: "billing.invoice.issued", data: eventData })
    return new WorkflowResponse(invoice)
  }
)
