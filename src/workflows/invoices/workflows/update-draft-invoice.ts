import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import type { UpdateDraftInvoiceInput } from "../../../modules/invoicing/service"
import { updateDraftInvoiceStep } from "../steps/update-draft-invoice"

export const updateDraftInvoiceWorkflowId = "update-draft-invoice"

export const updateDraftInvoiceWorkflow = createWorkflow(
  updateDraftInvoiceWorkflowId,
  (input: { id: string; update: UpdateDraftInvoiceInput }) => {
    const invoice = updateDraftInvoiceStep(input)
    const eventData = transform({ input }, ({ input }) => ({ id: input.id }))
    emitEventStep({ eventName: "billing.invoice.updated", data: eventData })
    return new WorkflowResponse(invoice)
  }
)
