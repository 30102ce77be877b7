import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { INVOICING_MODULE } from "../../../../../modules/invoicing"
import type InvoicingModuleService from "../../../../../modules/invoicing/service"
import { updateDraftInvoiceWorkflow } from "../../../../../workflows/invoices/workflows/update-draft-invoice"
import { serializeInvoice } from "../../../../utils/serializers"
import { AdminUpdateInvoiceType } from "../../validators"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const invoicing = req.scope.resolve<InvoicingModuleService>(INVOICING_MODULE)
  const invoice = await invoicing.retrieveInvoice(req.params.id, { relations: ["lines", "allocations"] })
  res.json({ invoice: serializeInvoice(invoice, new Date(), { admin: true }) })
}

export const POST = async (req: AuthenticatedMedusaRequest<AdminUpdateInvoiceType>, res: MedusaResponse) => {
  const { result } = await updateDraftInvoiceWorkflow(req.scope).run({
    input: { id: req.params.id, update: req.validatedBody },
  })
  res.json({ invoice: serializeInvoice(result, new Date(), { admin: true }) })
}
