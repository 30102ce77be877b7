import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { DEFAULT_ALLOCATIONS_LIMIT } from "../../../../../domain/allocation"
import { decidePreview } from "../../../../../workflows/payments/steps/allocate-payment"
import { serializePaymentPreview } from "../../../../utils/serializers"
import { paymentRequestFrom, StorePaymentBodyType } from "../../validators"

export const POST = async (req: AuthenticatedMedusaRequest<StorePaymentBodyType>, res: MedusaResponse) => {
  const body = req.validatedBody
  // A read: the allocation core directly, without a workflow run to record.
  const preview = await decidePreview(req.scope, paymentRequestFrom(body, req.auth_context.actor_id), body.allocations_limit ?? DEFAULT_ALLOCATIONS_LIMIT)
  res.json({ preview: serializePaymentPreview(preview) })
}
