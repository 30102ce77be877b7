import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { voidInvoiceWorkflow } from "../../../../../../workflows/invoices/workflows/void-invoice"
import { serializeInvoice } from "../../../../../utils/serializers"
import { businessTimeZone } from "../../../../../../utils/options"

export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { result } = await voidInvoiceWorkflow(req.scope).run({ input: { id: req.params.id } })
  res.json({ invoice: serializeInvoice(result, new Date(), businessTimeZone(req.scope), { admin: true }) })
}
