import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { formatDisplayId } from "../../../../../domain/invoice-status"
import { majorNumber } from "../../../../../utils/money"
import { decideAllocation } from "../../../../../workflows/payments/steps/allocate-payment"
import { paymentRequestFrom, StorePaymentBodyType } from "../../validators"

export const POST = async (req: AuthenticatedMedusaRequest<StorePaymentBodyType>, res: MedusaResponse) => {
  const body = req.validatedBody
  // A read: the allocation core directly, without a workflow run to record.
  const result = await decideAllocation(req.scope, paymentRequestFrom(body, req.auth_context.actor_id))
  const c = result.currency_code
  const allocation = (a: { invoice_id: string; display_id: number; amount: bigint }) => ({
    invoice_id: a.invoice_id,
    display_id: a.display_id,
    number: formatDisplayId(a.display_id),
    amount: majorNumber(a.amount, c),
  })
  res.json({
    preview: {
      mode: result.mode,
      amount: majorNumber(result.amount, c),
      currency_code: c,
      allocations: result.allocations.map(allocation),
      credit_allocations: result.credit_allocations.map(allocation),
      unapplied_amount: majorNumber(result.unapplied_amount, c),
    },
  })
}
