import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { invoicePdfFilename, renderInvoicePdf } from "../../../../../../documents"
import { loadInvoiceDocumentWorkflow } from "../../../../../../workflows/documents"
import { sendPdf } from "../../../../../utils/pdf-response"

/** The customer's own invoice as a PDF; another customer's invoice and drafts are 404. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { result } = await loadInvoiceDocumentWorkflow(req.scope).run({
    input: { invoice_id: req.params.id, customer_id: req.auth_context.actor_id },
  })
  sendPdf(res, await renderInvoicePdf(result), invoicePdfFilename(result.invoice.number))
}
