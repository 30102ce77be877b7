import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { INVOICING_MODULE } from "../../../modules/invoicing"
import type InvoicingModuleService from "../../../modules/invoicing/service"

export type VoidInvoiceStepInput = { id: string }

export const voidInvoiceStepId = "void-invoice"

// Voiding is final: no later step of the workflow can fail after it, and a
// void cannot be taken back (an admin issues a new invoice instead).
export const voidInvoiceStep = createStep(voidInvoiceStepId, async (input: VoidInvoiceStepInput, { container }) => {
  const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
  const invoice = await invoicing.voidInvoice(input.id, { now: new Date() })
  return new StepResponse(invoice)
})
