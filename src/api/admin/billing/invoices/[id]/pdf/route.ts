import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { invoicePdfFilename, renderInvoicePdf } from "../../../../../../documents"
import { loadInvoiceDocumentWorkflow } from "../../../../../../workflows/documents"
import { sendPdf } from "../../../../../utils/pdf-response"

/** Any invoice as a PDF, drafts included (the layout marks them DRAFT). */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { result } = await loadInvoiceDocumentWorkflow(req.scope).run({
    input: { invoice_id: req.params.id, include_drafts: true },
  })
  sendPdf(res, await renderInvoicePdf(result), invoicePdfFilename(result.invoice.number))
}
