import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { formatDisplayId } from "../../../../../domain/invoice-status"
import { majorNumber } from "../../../../../utils/money"
import { previewCustomerPaymentWorkflow } from "../../../../../workflows/payments/workflows/preview-customer-payment"
import { StorePaymentBodyType } from "../../validators"

export const POST = async (req: AuthenticatedMedusaRequest<StorePaymentBodyType>, res: MedusaResponse) => {
  const body = req.validatedBody
  const { result } = await previewCustomerPaymentWorkflow(req.scope).run({
    input: {
      customer_id: req.auth_context.actor_id,
      mode: body.mode,
      currency_code: body.currency_code,
      invoice_ids: body.invoice_ids,
      amounts: body.amounts,
      amount: body.amount,
    },
  })
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
