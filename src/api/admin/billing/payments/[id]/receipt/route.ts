import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { receiptPdfFilename, renderReceiptPdf } from "../../../../../../documents"
import { loadReceiptDocumentWorkflow } from "../../../../../../workflows/documents"
import { sendPdf } from "../../../../../utils/pdf-response"

/** A payment's receipt; a payment that never went through has none (404). */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { result } = await loadReceiptDocumentWorkflow(req.scope).run({ input: { payment_id: req.params.id } })
  sendPdf(res, await renderReceiptPdf(result), receiptPdfFilename(result.payment.transaction_id))
}
