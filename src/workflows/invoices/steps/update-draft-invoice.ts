import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { INVOICING_MODULE } from "../../../modules/invoicing"
import type InvoicingModuleService from "../../../modules/invoicing/service"
import type { UpdateDraftInvoiceInput } from "../../../modules/invoicing/service"

export type UpdateDraftInvoiceStepInput = { id: string; update: UpdateDraftInvoiceInput }

export const updateDraftInvoiceStepId = "update-draft-invoice"

export const updateDraftInvoiceStep = createStep(
  updateDraftInvoiceStepId,
  async ({ id, update }: UpdateDraftInvoiceStepInput, { container }) => {
    const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
    const before = await invoicing.retrieveInvoice(id, { relations: ["lines"] })
    const invoice = await invoicing.updateDraftInvoice(id, update)
    const previous: UpdateDraftInvoiceInput = {
      due_at: before.due_at,
      issued_at: before.issued_at,
      notes: before.notes,
      order_id: before.order_id,
      metadata: before.metadata,
      lines: [...(before.lines ?? [])]
        .sort((a, b) => a.rank - b.rank)
        .map((l) => ({
          title: l.title,
          description: l.description,
          quantity: l.quantity,
          unit_price: String((l as any).raw_unit_price?.value ?? l.unit_price),
          service_date: l.service_date,
        })),
    }
    return new StepResponse(invoice, { id, previous })
  },
  async (undo, { container }) => {
    if (!undo) return
    const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
    await invoicing.updateDraftInvoice(undo.id, undo.previous)
  }
)
