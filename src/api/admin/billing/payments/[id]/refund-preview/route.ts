import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { INVOICING_MODULE } from "../../../../../../modules/invoicing"
import type InvoicingModuleService from "../../../../../../modules/invoicing/service"
import { previewRefund } from "../../loaders"
import type { AdminGetRefundPreviewType } from "../../../validators"

/**
 * What a refund would do before it is made (the admin's confirmation step):
 * how much comes out of the payment's credit and which invoices are owed
 * again with what amounts. Nothing is written. `amount` in major units,
 * everything refundable when omitted; the refund's own 400 messages.
 */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminGetRefundPreviewType>, res: MedusaResponse) => {
  const query = req.validatedQuery as AdminGetRefundPreviewType
  const invoicing = req.scope.resolve<InvoicingModuleService>(INVOICING_MODULE)
  res.json({ preview: await previewRefund(invoicing, req.params.id, query.amount ?? null) })
}
