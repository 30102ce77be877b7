import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { sendInvoiceWorkflow } from "../../../../../../workflows/invoices/workflows/send-invoice"
import { optionalIdempotencyKey, runKeyed } from "../../../../../utils/idempotency"
import { serializeInvoice } from "../../../../../utils/serializers"
import { AdminSendInvoiceType } from "./validators"
import { businessTimeZone } from "../../../../../../utils/options"

/**
 * Emails an issued invoice with its PDF (template `billing.invoice_issued`)
 * to its customer, or to `to`, with a new pay link when pay links are on
 * (answered as `pay_link: { id, expires_at, invoice_ids }`, never its token;
 * earlier links for the invoice stop working). Each call sends a new email;
 * with an `Idempotency-Key` a retried request answers the email it sent the
 * first time (the same key with another `to` is a 409).
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminSendInvoiceType>, res: MedusaResponse) => {
  const key = optionalIdempotencyKey(req)
  const ran = await runKeyed(
    res,
    sendInvoiceWorkflow(req.scope).run({
      input: { invoice_id: req.params.id, to: req.validatedBody.to ?? null, idempotency_key: key },
    })
  )
  if (!ran) return
  const { invoice, notification, pay_link } = ran.result
  res.json({ invoice: serializeInvoice(invoice, new Date(), businessTimeZone(req.scope), { admin: true }), notification, pay_link })
}
