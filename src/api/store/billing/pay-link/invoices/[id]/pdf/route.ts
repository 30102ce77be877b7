import { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { invoicePdfFilename, renderInvoicePdf } from "../../../../../../../documents"
import { loadUsablePayLink } from "../../../../../../../workflows/pay-links/load-pay-link"
import { loadInvoiceDocumentWorkflow } from "../../../../../../../workflows/documents"
import { sendPdf } from "../../../../../../utils/pdf-response"
import { requirePayLinkTokenHash } from "../../../token"

/**
 * GET /store/billing/pay-link/invoices/:id/pdf (token in X-Pay-Link-Token):
 * one of the link's own invoices as the same PDF the customer's portal
 * gives, so someone paying from an email can keep the invoice (as Stripe's
 * hosted invoice page offers). An invoice that is not the link's: 404; a
 * link that is no longer usable: the pay-link 404. Never cached (sendPdf).
 */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const loaded = await loadUsablePayLink(req.scope, requirePayLinkTokenHash(req), new Date())
  if (!loaded.link.invoice_ids.includes(req.params.id)) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Invoice with id: ${req.params.id} was not found`)
  }
  const { result } = await loadInvoiceDocumentWorkflow(req.scope).run({
    input: { invoice_id: req.params.id, customer_id: loaded.link.customer_id },
  })
  sendPdf(res, await renderInvoicePdf(result), invoicePdfFilename(result.invoice.number))
}
