import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { INVOICING_MODULE } from "../../../../modules/invoicing"
import type InvoicingModuleService from "../../../../modules/invoicing/service"
import { serializeInvoice } from "../../../utils/serializers"
import { invoiceListFilters } from "../../../utils/validators"
import { STORE_INVOICE_STATUSES, StoreGetInvoicesType } from "../validators"

export const GET = async (req: AuthenticatedMedusaRequest<unknown, StoreGetInvoicesType>, res: MedusaResponse) => {
  const query = req.validatedQuery as StoreGetInvoicesType
  const invoicing = req.scope.resolve<InvoicingModuleService>(INVOICING_MODULE)
  const { notes, ...filters } = invoiceListFilters(query) as Record<string, any>
  const [invoices, count] = await invoicing.listInvoicePage(
    {
      ...filters,
      notes_ilike: notes?.$ilike,
      customer_id: req.auth_context.actor_id,
      status: query.status ?? [...STORE_INVOICE_STATUSES],
    },
    { order: query.order, offset: query.offset, limit: query.limit }
  )
  const now = new Date()
  res.json({
    invoices: invoices.map((invoice) => serializeInvoice(invoice, now)),
    count,
    offset: query.offset,
    limit: query.limit,
  })
}
