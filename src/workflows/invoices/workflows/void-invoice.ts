import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { voidInvoiceStep } from "../steps/void-invoice"

export const voidInvoiceWorkflowId = "void-invoice"

export const voidInvoiceWorkflow = createWorkflow(voidInvoiceWorkflowId, (input: { id: string }) => {
  const invoice = voidInvoiceStep(input)
  const eventData = transform({ input }, ({ input }) => ({ id: input.id }))
  emitEventStep({ eventName: "billing.invoice.voided", data: eventData })
  return new WorkflowResponse(invoice)
})
