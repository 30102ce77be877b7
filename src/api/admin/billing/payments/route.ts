import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { INVOICING_MODULE } from "../../../../modules/invoicing"
import type InvoicingModuleService from "../../../../modules/invoicing/service"
import { adminAttention, serializePayment } from "../../../utils/serializers"
import { toRangeFilter } from "../../../utils/validators"
import { AdminGetPaymentsType } from "../validators"
import { loadCustomerSummaries } from "./customers"

export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminGetPaymentsType>, res: MedusaResponse) => {
  const query = req.validatedQuery as AdminGetPaymentsType
  const invoicing = req.scope.resolve<InvoicingModuleService>(INVOICING_MODULE)
  const filters: Record<string, unknown> = {}
  if (query.customer_id) filters.customer_id = query.customer_id
  if (query.status) filters.status = query.status
  if (query.method) filters.method = query.method
  const createdAt = toRangeFilter(query.created_at)
  if (createdAt) filters.created_at = createdAt
  if (query.attention) filters.attention = query.attention === "true" ? { $ne: null } : null
  const [payments, count] = await invoicing.listAndCountCustomerPayments(filters, {
    relations: ["allocations"],
    // the oldest problem first: the one waiting longest on someone
    order: query.attention === "true" ? { attention_since: "ASC", id: "ASC" } : { created_at: "DESC", id: "DESC" },
    skip: query.offset,
    take: query.limit,
  })
  // the page's customers in one query (name, company, email beside each payment)
  const customers = await loadCustomerSummaries(req.scope, payments.map((p) => p.customer_id))
  res.json({
    payments: payments.map((p) => ({
      ...serializePayment(p),
      customer_id: p.customer_id,
      customer: customers.get(p.customer_id) ?? null,
      provider_id: p.provider_id,
      ...adminAttention(p),
    })),
    count,
    offset: query.offset,
    limit: query.limit,
  })
}
