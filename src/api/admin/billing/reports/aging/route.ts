import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { INVOICING_MODULE } from "../../../../../modules/invoicing"
import type InvoicingModuleService from "../../../../../modules/invoicing/service"
import { majorNumber } from "../../../../../utils/money"
import { AdminGetAgingReportType } from "../validators"
import { businessTimeZone } from "../../../../../utils/options"

/** `{ as_of, aging: [{ currency_code, total, count, buckets: [{ key, label, amount, count }] }] }` */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminGetAgingReportType>, res: MedusaResponse) => {
  const query = req.validatedQuery as AdminGetAgingReportType
  const asOf = query.as_of ?? new Date()
  // a bare date (`2026-04-01`) is that calendar day, as due dates are (its midnight UTC);
  // a moment (the default: now) is aged on the business's day at that moment
  const rawAsOf = (req.query as Record<string, unknown>).as_of
  const calendarDay = typeof rawAsOf === "string" && /^\d{4}-\d{2}-\d{2}$/.test(rawAsOf.trim())
  const summaries = await req.scope.resolve<InvoicingModuleService>(INVOICING_MODULE).getAgingSummaries({
    as_of: asOf,
    time_zone: calendarDay ? "UTC" : businessTimeZone(req.scope),
    currency_code: query.currency_code,
    customer_id: query.customer_id,
  })
  const aging = summaries.map(({ currency_code: c, total, count, buckets }) => ({
    currency_code: c,
    total: majorNumber(total, c),
    count,
    buckets: buckets.map((b) => ({ key: b.key, label: b.label, amount: majorNumber(b.amount, c), count: b.count })),
  }))
  res.json({ as_of: asOf.toISOString(), aging })
}
