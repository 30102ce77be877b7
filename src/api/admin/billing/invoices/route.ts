import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { INVOICING_MODULE } from "../../../../modules/invoicing"
import type InvoicingModuleService from "../../../../modules/invoicing/service"
import { createDraftInvoiceWorkflow } from "../../../../workflows/invoices/workflows/create-draft-invoice"
import { serializeInvoice } from "../../../utils/serializers"
import { invoiceListFilters, toOrder } from "../../../utils/validators"
import { AdminCreateInvoiceType, AdminGetInvoicesType } from "../validators"
import { loadInvoiceCustomers, unpaidDueFilters } from "./helpers"
import { businessTimeZone } from "../../../../utils/options"

/**
 * GET /admin/billing/invoices: one page of invoices with each one's
 * `customer: { id, first_name, last_name, company_name, email }` (null when
 * the customer is gone). Two queries whatever the page size: the page, then
 * its customers by id. `overdue=true` and `aging=<bucket>` (with
 * `currency_code`, as the aging chart links) narrow to unpaid invoices.
 */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminGetInvoicesType>, res: MedusaResponse) => {
  const query = req.validatedQuery as AdminGetInvoicesType
  const now = new Date()
  const timeZone = businessTimeZone(req.scope)
  const invoicing = req.scope.resolve<InvoicingModuleService>(INVOICING_MODULE)
  const filters = invoiceListFilters(query)
  if (query.customer_id) filters.customer_id = query.customer_id
  if (query.status) filters.status = query.status
  const due = unpaidDueFilters(query, now, timeZone)
  if (due.length) filters.$and = due
  const [invoices, count] = await invoicing.listAndCountInvoices(filters, {
    order: toOrder(query.order),
    skip: query.offset,
    take: query.limit,
  })
  const customers = await loadInvoiceCustomers(
    req.scope,
    invoices.map((i) => i.customer_id)
  )
  res.json({
    invoices: invoices.map((i) => ({
      ...serializeInvoice(i, now, timeZone, { admin: true }),
      customer: customers.get(i.customer_id) ?? null,
    })),
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
  res.status(201).json({ invoice: serializeInvoice(result, new Date(), businessTimeZone(req.scope), { admin: true }) })
}
