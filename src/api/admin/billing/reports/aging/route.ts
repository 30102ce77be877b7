import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { AdminGetAgingReportType } from "../validators"
import { loadAging } from "./aging-query"

/** `{ as_of, aging: [{ currency_code, total, count, buckets: [{ key, label, amount, count }] }] }` */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminGetAgingReportType>, res: MedusaResponse) => {
  const query = req.validatedQuery as AdminGetAgingReportType
  const asOf = query.as_of ?? new Date()
  const aging = await loadAging(req.scope, {
    as_of: asOf,
    currency_code: query.currency_code,
    customer_id: query.customer_id,
  })
  res.json({ as_of: asOf.toISOString(), aging })
}
