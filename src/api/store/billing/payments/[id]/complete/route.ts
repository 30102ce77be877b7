import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { INVOICING_MODULE } from "../../../../../../modules/invoicing"
import type InvoicingModuleService from "../../../../../../modules/invoicing/service"
import { completeCustomerPaymentWorkflow } from "../../../../../../workflows/payments/workflows/complete-customer-payment"
import { serializePayment } from "../../../../../utils/serializers"
import { StoreCompletePaymentType } from "../../../validators"
import { findOwnPayment } from "../route"

/**
 * Finishes a payment the client confirmed with the provider (3-D Secure and
 * the like). The body carries at most what the provider's adapter accepts
 * (the sandbox's `{ provider_data: { confirmed: true } }`; nothing for
 * Stripe). Repeating it is harmless.
 */
export const POST = async (req: AuthenticatedMedusaRequest<StoreCompletePaymentType>, res: MedusaResponse) => {
  const { result } = await completeCustomerPaymentWorkflow(req.scope).run({
    input: {
      payment_id: req.params.id,
      customer_id: req.auth_context.actor_id,
      provider_data: req.validatedBody.provider_data,
    },
  })
  const invoicing = req.scope.resolve<InvoicingModuleService>(INVOICING_MODULE)
  const payment = await findOwnPayment(invoicing, result.payment_id, req.auth_context.actor_id)
  res.json({
    payment: serializePayment(payment, { next_action: result.next_action }),
    // the method the payment kept for autopay (Stripe's save_for_autopay), for the client to enroll with
    ...(result.saved_payment_method ? { saved_payment_method: result.saved_payment_method } : {}),
  })
}
