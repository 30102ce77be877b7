import { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { INVOICING_MODULE } from "../../../../../../../modules/invoicing"
import type InvoicingModuleService from "../../../../../../../modules/invoicing/service"
import { completePayLinkPaymentWorkflow } from "../../../../../../../workflows/pay-links/workflows/complete-pay-link-payment"
import { serializePayment } from "../../../../../../utils/serializers"
import { StoreCompletePaymentType } from "../../../../validators"
import { noStore, requirePayLinkTokenHash } from "../../../token"

/**
 * POST /store/billing/pay-link/payments/:id/complete: finishes a payment
 * made through this link after the client confirmed it with the provider
 * (3-D Secure and the like); the body as for /store/billing/payments/:id/complete.
 * Any other payment reads as unknown (404). Repeating it is harmless.
 */
export const POST = async (req: MedusaRequest<StoreCompletePaymentType>, res: MedusaResponse) => {
  const tokenHash = requirePayLinkTokenHash(req)
  const { result } = await completePayLinkPaymentWorkflow(req.scope).run({
    input: { token_hash: tokenHash, payment_id: req.params.id, provider_data: req.validatedBody.provider_data },
  })
  const invoicing = req.scope.resolve<InvoicingModuleService>(INVOICING_MODULE)
  const payment = await invoicing.retrieveCustomerPayment(result.payment_id, { relations: ["allocations"] })
  noStore(res)
  res.json({ payment: serializePayment(payment, { next_action: result.next_action }) })
}
