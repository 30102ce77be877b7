import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { INVOICING_MODULE } from "../../../../../../modules/invoicing"
import type InvoicingModuleService from "../../../../../../modules/invoicing/service"
import { recordOutcome } from "../../../../../../workflows/payments/record-outcome"
import { authorizeAndCapture } from "../../../../../../workflows/payments/steps/charge-customer-payment"
import { serializePayment } from "../../../../../utils/serializers"
import { StoreCompletePaymentType } from "../../../validators"
import { findOwnPayment } from "../route"

/**
 * Finishes a payment the client confirmed with the provider (3-D Secure and
 * the like): authorize again, capture, record. Repeating it is harmless.
 */
export const POST = async (req: AuthenticatedMedusaRequest<StoreCompletePaymentType>, res: MedusaResponse) => {
  const invoicing = req.scope.resolve<InvoicingModuleService>(INVOICING_MODULE)
  let payment = await findOwnPayment(invoicing, req.params.id, req.auth_context.actor_id)
  if (payment.status === "pending" && payment.payment_collection_id) {
    const paymentModule = req.scope.resolve(Modules.PAYMENT)
    const [session] = await paymentModule.listPaymentSessions(
      { payment_collection_id: payment.payment_collection_id },
      { order: { created_at: "DESC" }, take: 1 }
    )
    if (!session) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Payment ${payment.id} has no provider session to complete`)
    }
    if (req.validatedBody.provider_data) {
      await paymentModule.updatePaymentSession({
        id: session.id,
        amount: session.amount,
        currency_code: session.currency_code,
        data: { ...(session.data ?? {}), ...req.validatedBody.provider_data },
      })
    }
    const result = await authorizeAndCapture(req.scope, {
      payment_id: payment.id,
      session_id: session.id,
      method: payment.method,
      payment_collection_id: payment.payment_collection_id,
      provider_id: payment.provider_id ?? session.provider_id,
    })
    if (result.outcome) {
      await recordOutcome(req.scope, payment.id, result.outcome)
    }
    payment = await findOwnPayment(invoicing, payment.id, req.auth_context.actor_id)
    res.json({ payment: serializePayment(payment, { next_action: result.next_action }) })
    return
  }
  res.json({ payment: serializePayment(payment) })
}
