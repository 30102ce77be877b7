import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { INVOICING_MODULE } from "../../../../../../modules/invoicing"
import type InvoicingModuleService from "../../../../../../modules/invoicing/service"
import { recordOfflinePaymentWorkflow } from "../../../../../../workflows/payments/workflows/record-offline-payment"
import { optionalIdempotencyKey, runKeyed } from "../../../../../utils/idempotency"
import { serializePayment } from "../../../../../utils/serializers"
import { AdminRecordInvoicePaymentType } from "../../../validators"

/**
 * Records a payment received outside the portal (check, cash, bank transfer)
 * against one invoice, with the portal's rules (see the workflow). With an
 * `Idempotency-Key` (optional) the same key and body record one payment
 * (201, then 200 with that payment); the same key with another body is a 409.
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminRecordInvoicePaymentType>, res: MedusaResponse) => {
  const body = req.validatedBody
  const key = optionalIdempotencyKey(req)
  const ran = await runKeyed(
    res,
    recordOfflinePaymentWorkflow(req.scope).run({
      input: {
      invoice_id: req.params.id,
      amount: body.amount,
      method: body.method,
      offline_method: body.offline_method ?? null,
      reference: body.reference ?? null,
      note: body.note ?? null,
        received_at: body.received_at ?? null,
        idempotency_key: key,
      },
    })
  )
  if (!ran) return
  const { result } = ran
  const invoicing = req.scope.resolve<InvoicingModuleService>(INVOICING_MODULE)
  const payment = await invoicing.retrieveCustomerPayment(result.payment_id, { relations: ["allocations"] })
  res.status(result.created ? 201 : 200).json({ payment: serializePayment(payment) })
}
