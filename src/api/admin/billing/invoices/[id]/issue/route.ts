import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { issueInvoiceWorkflow } from "../../../../../../workflows/invoices/workflows/issue-invoice"
import { serializeInvoice } from "../../../../../utils/serializers"
import { AdminIssueInvoiceType } from "../../../validators"
import { businessTimeZone } from "../../../../../../utils/options"

export const POST = async (req: AuthenticatedMedusaRequest<AdminIssueInvoiceType>, res: MedusaResponse) => {
  const { result } = await issueInvoiceWorkflow(req.scope).run({
    input: { id: req.params.id, issued_at: req.validatedBody.issued_at },
  })
  res.json({ invoice: serializeInvoice(result, new Date(), businessTimeZone(req.scope), { admin: true }) })
}
