import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { decideAllocation } from "../../../../../workflows/payments/steps/allocate-payment"
import { serializePaymentPreview } from "../../../../utils/serializers"
import { paymentRequestFrom, StorePaymentBodyType } from "../../validators"

export const POST = async (req: AuthenticatedMedusaRequest<StorePaymentBodyType>, res: MedusaResponse) => {
  const body = req.validatedBody
  // A read: the allocation core directly, without a workflow run to record.
  const result = await decideAllocation(req.scope, paymentRequestFrom(body, req.auth_context.actor_id))
  res.json({ preview: serializePaymentPreview(result, req.validatedBody.allocations_limit) })
}
