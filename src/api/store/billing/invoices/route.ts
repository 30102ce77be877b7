import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { INVOICING_MODULE } from "../../../../modules/invoicing"
import type InvoicingModuleService from "../../../../modules/invoicing/service"
import { type InvoiceStatus, isPayableStatus, pastDueCutoff } from "../../../../domain/invoice-status"
import { serializeInvoice } from "../../../utils/serializers"
import { invoiceListFilters } from "../../../utils/validators"
import { STORE_INVOICE_STATUSES, StoreGetInvoicesType } from "../validators"
import { businessTimeZone } from "../../../../utils/options"

/**
 * GET /store/billing/invoices: one page of the customer's invoices (never
 * drafts). `overdue=true` narrows to unpaid invoices whose due date's day is
 * over where the business is: the portal's "Overdue" filter shows exactly the
 * invoices marked past due.
 */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, StoreGetInvoicesType>, res: MedusaResponse) => {
  const query = req.validatedQuery as StoreGetInvoicesType
  const invoicing = req.scope.resolve<InvoicingModuleService>(INVOICING_MODULE)
  const now = new Date()
  const timeZone = businessTimeZone(req.scope)
  const { notes, ...filters } = invoiceListFilters(query) as Record<string, any>
  let status: string[] = query.status ?? [...STORE_INVOICE_STATUSES]
  if (query.overdue === "true") {
    status = status.filter((s) => isPayableStatus(s as InvoiceStatus))
    const cutoff = pastDueCutoff(now, timeZone)
    const lt = filters.due_at?.$lt
    filters.due_at = { ...filters.due_at, $lt: lt && lt < cutoff ? lt : cutoff }
  }
  // overdue paid or void invoices: none (an empty status list would filter nothing)
  if (!status.length) return res.json({ invoices: [], count: 0, offset: query.offset, limit: query.limit })
  const [invoices, count] = await invoicing.listInvoicePage(
    {
      ...filters,
      notes_ilike: notes?.$ilike,
      customer_id: req.auth_context.actor_id,
      status,
    },
    { order: query.order, offset: query.offset, limit: query.limit }
  )
  res.json({
    invoices: invoices.map((invoice) => serializeInvoice(invoice, now, timeZone)),
    count,
    offset: query.offset,
    limit: query.limit,
  })
}
