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
  // A failed issue leaves no half-issued invoice: the credit issuing applied
  // goes back to the payments it came from and the invoice is voided, with
  // reversal entries in the append-only ledger (which keys entries by
  // reference, so an invoice is issued and voided once: it cannot go back to
  // being a draft). voidInvoice alone would refuse an invoice credit had paid.
  async (invoiceId, { container }) => {
    if (!invoiceId) return
    const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
    await invoicing.revertInvoiceIssue(invoiceId, { now: new Date() })
  }
)
