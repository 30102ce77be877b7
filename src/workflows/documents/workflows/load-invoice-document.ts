import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { InvoiceDocument } from "../../../documents/types"
import { loadDocumentContextStep } from "../steps/load-document-context"
import { loadInvoiceDocumentDataStep } from "../steps/load-invoice-document-data"

export type LoadInvoiceDocumentWorkflowInput = {
  invoice_id: string
  /** the store's caller: another customer's invoice is a 404 */
  customer_id?: string
  /** the admin's PDF shows drafts (marked DRAFT); without it a draft is a 404 */
  include_drafts?: boolean
  /** ISO; default now */
  generated_at?: string
}

export const loadInvoiceDocumentWorkflowId = "load-invoice-document"

/** The plain data of an invoice PDF (and of the invoice email's attachment). */
export const loadInvoiceDocumentWorkflow = createWorkflow(
  loadInvoiceDocumentWorkflowId,
  (input: LoadInvoiceDocumentWorkflowInput) => {
    const data = loadInvoiceDocumentDataStep(input)
    const contextInput = transform({ data, input }, ({ data, input }) => ({
      customer_id: data.customer_id,
      generated_at: input.generated_at ?? null,
    }))
    const context = loadDocumentContextStep(contextInput)
    const document = transform({ data, context }, ({ data, context }): InvoiceDocument => ({
      business: context.business,
      customer: context.customer,
      invoice: data.invoice,
      generated_at: context.generated_at,
    }))
    return new WorkflowResponse(document)
  }
)
