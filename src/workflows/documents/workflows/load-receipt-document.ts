import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { ReceiptDocument } from "../../../documents/types"
import { loadDocumentContextStep } from "../steps/load-document-context"
import { loadReceiptDocumentDataStep } from "../steps/load-receipt-document-data"

export type LoadReceiptDocumentWorkflowInput = {
  payment_id: string
  /** the store's caller: another customer's payment is a 404 */
  customer_id?: string
  /** ISO; default now */
  generated_at?: string
}

export const loadReceiptDocumentWorkflowId = "load-receipt-document"

/**
 * The plain data of a receipt PDF (and of the receipt email's attachment).
 * A payment that never went through (pending, failed, canceled) has none: 404.
 */
export const loadReceiptDocumentWorkflow = createWorkflow(
  loadReceiptDocumentWorkflowId,
  (input: LoadReceiptDocumentWorkflowInput) => {
    const data = loadReceiptDocumentDataStep(input)
    const contextInput = transform({ data, input }, ({ data, input }) => ({
      customer_id: data.customer_id,
      generated_at: input.generated_at ?? null,
    }))
    const context = loadDocumentContextStep(contextInput)
    const document = transform({ data, context }, ({ data, context }): ReceiptDocument => ({
      business: context.business,
      customer: context.customer,
      payment: data.payment,
      generated_at: context.generated_at,
    }))
    return new WorkflowResponse(document)
  }
)
