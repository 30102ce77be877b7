import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { INVOICING_MODULE } from "../../../modules/invoicing"
import type InvoicingModuleService from "../../../modules/invoicing/service"
import type { CreateDraftInvoiceInput } from "../../../modules/invoicing/service"

export type CreateDraftInvoiceStepInput = CreateDraftInvoiceInput

export const createDraftInvoiceStepId = "create-draft-invoice"

export const createDraftInvoiceStep = createStep(
  createDraftInvoiceStepId,
  async (input: CreateDraftInvoiceStepInput, { container }) => {
    const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
    const invoice = await invoicing.createDraftInvoice(input)
    return new StepResponse(invoice, invoice.id)
  },
  // A draft has no ledger entries, so removing it undoes the step exactly.
  async (invoiceId, { container }) => {
    if (!invoiceId) return
    const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
    await invoicing.deleteInvoices([invoiceId])
  }
)
