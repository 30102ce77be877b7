import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { INVOICING_MODULE } from "../../../../../../../modules/invoicing"
import type InvoicingModuleService from "../../../../../../../modules/invoicing/service"
import { resolvePaymentAttentionWorkflow } from "../../../../../../../workflows/payments/workflows/resolve-payment-attention"
import { adminAttention, serializePayment } from "../../../../../../utils/serializers"

/**
 * The admin has dealt with a settled payment's note (a dispute that took
 * other than billing reversed: contested, collected, or recorded as an
 * offline payment): the note goes, and the payment leaves "Needs attention".
 * A pending or processing payment's note is the reconciler's, which clears it
 * once the provider settles the payment: 400. Resolving a payment without a
 * note answers it as it is. 404 for an unknown id.
 */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { result } = await resolvePaymentAttentionWorkflow(req.scope).run({ input: { payment_id: req.params.id } })
  const invoicing = req.scope.resolve<InvoicingModuleService>(INVOICING_MODULE)
  const payment: any = await invoicing.retrieveCustomerPayment(result.payment_id, { relations: ["allocations"] })
  res.json({ payment: { ...serializePayment(payment), customer_id: payment.customer_id, ...adminAttention(payment) } })
}
