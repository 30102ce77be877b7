import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { INVOICING_MODULE } from "../../../../../../../modules/invoicing"
import type InvoicingModuleService from "../../../../../../../modules/invoicing/service"
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
  const invoicing = req.scope.resolve<InvoicingModuleService>(INVOICING_MODULE)
  const before: any = await invoicing.retrieveCustomerPayment(req.params.id, { select: ["id", "status"] })
  if (before.status === "pending" || before.status === "processing") {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `A ${before.status} payment's note goes once the provider settles it (check it with the provider); only a settled payment's note can be marked resolved`
    )
  }
  await invoicing.resolveSettledPaymentAttention(before.id)
  const payment: any = await invoicing.retrieveCustomerPayment(before.id, { relations: ["allocations"] })
  res.json({ payment: { ...serializePayment(payment), customer_id: payment.customer_id, ...adminAttention(payment) } })
}
