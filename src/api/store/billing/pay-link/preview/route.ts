import { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { DEFAULT_ALLOCATIONS_LIMIT, previewOf } from "../../../../../domain/allocation"
import { previewPayLinkPayment } from "../../../../../workflows/pay-links/preview-pay-link-payment"
import { serializePaymentPreview } from "../../../../utils/serializers"
import { noStore, requirePayLinkTokenHash } from "../token"
import { StorePayLinkPaymentBodyType } from "../validators"

/**
 * POST /store/billing/pay-link/preview: what a payment through the link
 * with this body would do (`{ preview }`, as /store/billing/payments/preview
 * answers), limited to the link's invoices. A read: nothing is written.
 */
export const POST = async (req: MedusaRequest<StorePayLinkPaymentBodyType>, res: MedusaResponse) => {
  const tokenHash = requirePayLinkTokenHash(req)
  const { mode, currency_code, invoice_ids, amounts, amount } = req.validatedBody
  const result = await previewPayLinkPayment(req.scope, tokenHash, { mode, currency_code, invoice_ids, amounts, amount }, new Date())
  noStore(res)
  res.json({ preview: serializePaymentPreview(previewOf(result, req.validatedBody.allocations_limit ?? DEFAULT_ALLOCATIONS_LIMIT)) })
}
