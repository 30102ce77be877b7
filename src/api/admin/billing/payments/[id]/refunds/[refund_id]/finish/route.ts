import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { finishPaymentRefundWorkflow } from "../../../../../../../../workflows/refunds/workflows/finish-payment-refund"
import { answerRefund } from "../../../../refund-answer"

/**
 * Finishes a refund an earlier request left `pending` (the process stopped
 * or the answer was lost, and the admin's form is gone with its key): the
 * provider refund is found if it was made, made if not (400 for a payment
 * reversed since: nothing is sent, the row goes), then recorded in the
 * ledger. A refund already recorded answers as it is. `{ payment, refund }`
 * as the refund route; 404 for a refund that is not this payment's.
 */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { result } = await finishPaymentRefundWorkflow(req.scope).run({
    input: { payment_id: req.params.id, refund_id: req.params.refund_id, created_by: req.auth_context.actor_id },
  })
  await answerRefund(req, res, result)
}
