import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import type { CreateDraftInvoiceInput } from "../../../modules/invoicing/service"
import { createDraftInvoiceStep } from "../steps/create-draft-invoice"
import { validateDraftInvoiceInputStep } from "../steps/validate-draft-invoice-input"

export const createDraftInvoiceWorkflowId = "create-draft-invoice"

export const createDraftInvoiceWorkflow = createWorkflow(
  createDraftInvoiceWorkflowId,
  (input: CreateDraftInvoiceInput) => {
    validateDraftInvoiceInputStep({ customer_id: input.customer_id, currency_code: input.currency_code })
    const invoice = createDraftInvoiceStep(input)
    const eventData = transform({ invoice }, ({ invoice }) => ({ id: invoice.id }))
    emitEventStep({ eventName: "billing.invoice.created", data: eventData })
    return new WorkflowResponse(invoice)
  }
)
