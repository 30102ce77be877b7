import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { receiptPdfFilename, renderReceiptPdf } from "../../../../../../documents"
import { loadReceiptDocumentWorkflow } from "../../../../../../workflows/documents"
import { sendPdf } from "../../../../../utils/pdf-response"

/** The receipt of one of the customer's payments; another customer's, or one that never went through, is 404. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { result } = await loadReceiptDocumentWorkflow(req.scope).run({
    input: { payment_id: req.params.id, customer_id: req.auth_context.actor_id },
  })
  sendPdf(res, await renderReceiptPdf(result), receiptPdfFilename(result.payment.transaction_id))
}
