import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { INVOICING_MODULE } from "../../../../modules/invoicing"
import type InvoicingModuleService from "../../../../modules/invoicing/service"
import { portalSettingsFor } from "../../../utils/portal-gates"
import { serializeLedgerEntry } from "../../../utils/serializers"
import { toRangeFilter } from "../../../utils/validators"
import { StoreGetHistoryType } from "../validators"

const CHARGE_TYPES = ["invoice", "void"]
const PAYMENT_TYPES = ["payment", "payment_reversal", "refund"]
const ALL_TYPES = [...CHARGE_TYPES, ...PAYMENT_TYPES, "credit_applied", "adjustment"]
/** the reference of an adjustment that corrects a payment (`reversalReducedPosting`) */
const PAYMENT_REFERENCE = "customer_payment"

/**
 * Account activity, newest first; `balance_after` is the running balance.
 * The portal settings decide whether charges (invoices, voids) and payments
 * (payments, returns, refunds, and the adjustments that correct a payment)
 * are shown.
 */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, StoreGetHistoryType>, res: MedusaResponse) => {
  const query = req.validatedQuery as StoreGetHistoryType
  const invoicing = req.scope.resolve<InvoicingModuleService>(INVOICING_MODULE)
  const { history: shown } = await portalSettingsFor(req)
  const visible = ALL_TYPES.filter(
    (t) => (shown.show_charges || !CHARGE_TYPES.includes(t)) && (shown.show_payments || !PAYMENT_TYPES.includes(t))
  )
  const types = query.type ? visible.filter((t) => (query.type as string[]).includes(t)) : visible
  if (!types.length) {
    res.json({ history: [], count: 0, offset: query.offset, limit: query.limit })
    return
  }
  const filters: Record<string, unknown> = { customer_id: req.auth_context.actor_id }
  if (query.currency_code) filters.currency_code = query.currency_code.toLowerCase()
  if (!shown.show_payments && types.includes("adjustment")) {
    // an adjustment that corrects a payment (a reversal reduced by a refund made before it) is part of
    // the payments hidden with it: it would show a change of balance the customer cannot explain
    filters.$or = [
      { type: types.filter((t) => t !== "adjustment") },
      { type: "adjustment", reference_type: { $ne: PAYMENT_REFERENCE } },
    ]
  } else if (types.length < ALL_TYPES.length) filters.type = types
  const occurredAt = toRangeFilter(query.occurred_at)
  if (occurredAt) filters.occurred_at = occurredAt
  const [entries, count] = await invoicing.listAndCountLedgerEntries(filters, {
    order: { sequence: "DESC" },
    skip: query.offset,
    take: query.limit,
  })
  res.json({ history: entries.map(serializeLedgerEntry), count, offset: query.offset, limit: query.limit })
}
