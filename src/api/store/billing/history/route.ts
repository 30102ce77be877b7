import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { INVOICING_MODULE } from "../../../../modules/invoicing"
import type InvoicingModuleService from "../../../../modules/invoicing/service"
import { serializeLedgerEntry } from "../../../utils/serializers"
import { toRangeFilter } from "../../../utils/validators"
import { StoreGetHistoryType } from "../validators"

/** Account activity, newest first; `balance_after` is the running balance. */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, StoreGetHistoryType>, res: MedusaResponse) => {
  const query = req.validatedQuery as StoreGetHistoryType
  const invoicing = req.scope.resolve<InvoicingModuleService>(INVOICING_MODULE)
  const filters: Record<string, unknown> = { customer_id: req.auth_context.actor_id }
  if (query.currency_code) filters.currency_code = query.currency_code.toLowerCase()
  if (query.type) filters.type = query.type
  const occurredAt = toRangeFilter(query.occurred_at)
  if (occurredAt) filters.occurred_at = occurredAt
  const [entries, count] = await invoicing.listAndCountLedgerEntries(filters, {
    order: { sequence: "DESC" },
    skip: query.offset,
    take: query.limit,
  })
  res.json({ history: entries.map(serializeLedgerEntry), count, offset: query.offset, limit: query.limit })
}
