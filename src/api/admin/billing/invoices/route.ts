import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { INVOICING_MODULE } from "../../../../modules/invoicing"
import type InvoicingModuleService from "../../../../modules/invoicing/service"
import { createDraftInvoiceWorkflow } from "../../../../workflows/invoices/workflows/create-draft-invoice"
import { serializeInvoice } from "../../../utils/serializers"
import { invoiceListFilters, toOrder } from "../../../utils/validators"
import { AdminCreateInvoiceType, AdminGetInvoicesType } from "../validators"

export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminGetInvoicesType>, res: MedusaResponse) => {
  const query = req.validatedQuery as AdminGetInvoicesType
  const invoicing = req.scope.resolve<InvoicingModuleService>(INVOICING_MODULE)
  const filters = invoiceListFilters(query)
  if (query.customer_id) filters.customer_id = query.customer_id
  if (query.status) filters.status = query.status
  const [invoices, count] = await invoicing.listAndCountInvoices(filters, {
    order: toOrder(query.order),
    skip: query.offset,
    take: query.limit,
  })
  const now = new Date()
  res.json({
    invoices: invoices.map((i) => serializeInvoice(i, now, { admin: true })),
    count,
    offset: query.offset,
    limit: query.limit,
  })
}

export const POST = async (req: AuthenticatedMedusaRequest<AdminCreateInvoiceType>, res: MedusaResponse) => {
  const body = req.validatedBody
  const { result } = await createDraftInvoiceWorkflow(req.scope).run({
    input: {
      ...body,
      currency_code: body.currency_code.toLowerCase(),
      lines: body.lines.map((l) => ({ ...l, quantity: l.quantity, unit_price: l.unit_price })),
    },
  })
  res.status(201).json({ invoice: serializeInvoice(result, new Date(), { admin: true }) })
}
