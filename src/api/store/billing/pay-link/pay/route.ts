import { DEFAULT_ALLOCATIONS_LIMIT } from "../../../../../domain/allocation"
import { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { INVOICING_MODULE } from "../../../../../modules/invoicing"
import type InvoicingModuleService from "../../../../../modules/invoicing/service"
import { payWithPayLinkWorkflow } from "../../../../../workflows/pay-links/workflows/pay-with-pay-link"
import { requireIdempotencyKey, runKeyed } from "../../../../utils/idempotency"
import { serializePayment } from "../../../../utils/serializers"
import { noStore, requirePayLinkTokenHash } from "../token"
import { StorePayLinkPaymentBodyType } from "../validators"

/**
 * POST /store/billing/pay-link/pay + `Idempotency-Key`: pays the link's
 * invoices (body as /store/billing/payments, limited to the link) → 201
 * `{ payment }` with `source: "pay_link"` (and `next_action` when the
 * client must confirm with the provider). The same key and body answer the
 * same payment (200); the same key with another body is a 409.
 */
export const POST = async (req: MedusaRequest<StorePayLinkPaymentBodyType>, res: MedusaResponse) => {
  const tokenHash = requirePayLinkTokenHash(req)
  const key = requireIdempotencyKey(req)
  const { payment_method, ...request } = req.validatedBody
  if (!payment_method) throw new MedusaError(MedusaError.Types.INVALID_DATA, "payment_method is required")
  const ran = await runKeyed(
    res,
    payWithPayLinkWorkflow(req.scope).run({
      input: { token_hash: tokenHash, request, payment_method, idempotency_key: key },
    })
  )
  if (!ran) return
  const { result } = ran
  const invoicing = req.scope.resolve<InvoicingModuleService>(INVOICING_MODULE)
  const payment = await invoicing.retrieveCustomerPayment(result.payment_id, { relations: ["allocations"] })
  noStore(res)
  res.status(result.created ? 201 : 200).json({ payment: serializePayment(payment, { next_action: result.next_action, allocations_limit: req.validatedBody.allocations_limit ?? DEFAULT_ALLOCATIONS_LIMIT }) })
}
