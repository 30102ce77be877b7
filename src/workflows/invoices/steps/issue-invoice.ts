import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { INVOICING_MODULE } from "../../../modules/invoicing"
import type InvoicingModuleService from "../../../modules/invoicing/service"

export type IssueInvoiceStepInput = { id: string; issued_at?: Date | null }

export const issueInvoiceStepId = "issue-invoice"

export const issueInvoiceStep = createStep(
  issueInvoiceStepId,
  async (input: IssueInvoiceStepInput, { container }) => {
    const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
    const invoice = await invoicing.issueInvoice(input.id, { now: new Date(), issued_at: input.issued_at })
    return new StepResponse(invoice, invoice.id)
  },
  // The `invoice` ledger entry cannot be deleted: undoing an issue voids the
  // invoice, which posts the reversing `void` entry.
  async (invoiceId, { container }) => {
    if (!invoiceId) return
    const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
    await invoicing.voidInvoice(invoiceId, { now: new Date() })
  }
)
