import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { INVOICING_MODULE } from "../../../../modules/invoicing"
import type InvoicingModuleService from "../../../../modules/invoicing/service"
import { serializePayment, serializeRefund } from "../../../utils/serializers"

/** The answer of the refund routes: `{ payment, refund }` as they are now. */
export async function answerRefund(req: MedusaRequest, res: MedusaResponse, result: { payment_id: string; refund_id: string }) {
  const invoicing = req.scope.resolve<InvoicingModuleService>(INVOICING_MODULE)
  const [payment, refund] = await Promise.all([
    invoicing.retrieveCustomerPayment(result.payment_id, { relations: ["allocations"] }),
    invoicing.retrieveCustomerPaymentRefund(result.refund_id),
  ])
  res.json({ payment: { ...serializePayment(payment), customer_id: payment.customer_id }, refund: serializeRefund(refund) })
}
