import type { AgingRow } from "../../../domain/aging"
import { pastDueCutoff } from "../../../domain/invoice-status"
import { query, type SqlManager } from "./sql"

export type AgingFilters = {
  as_of: Date
  /** the business's time zone (IANA): whose day at as_of decides what is past due */
  time_zone: string
  currency_code?: string
  customer_id?: string
}

/**
 * Open invoices' `amount_due` grouped by currency and aging bucket: one
 * grouped query (exact `numeric` sums, read as text). An invoice is past due
 * once its due date's day is over (as `is_overdue`, `pastDueCutoff`), and
 * counts whole days from the start of as_of's day, rounded up: due yesterday
 * is 1 day, exactly 30 days before is still 1–30 —
 * `agingBucketFor` of `domain/statement.ts`, in SQL so that the report over
 * every customer is one grouped query (documents.spec checks the boundaries
 * against it).
 */
export async function selectAgingRows(manager: SqlManager, filters: AgingFilters): Promise<AgingRow[]> {
  const where = ["deleted_at IS NULL", "status IN ('open', 'partially_paid')", "amount_due > 0"]
  // days past due count from the start of as_of's day where the business is: an invoice due that day is current
  const from = pastDueCutoff(filters.as_of, filters.time_zone)
  const params: unknown[] = [from, from, from, from]
  if (filters.currency_code) {
    where.push("currency_code = ?")
    params.push(filters.currency_code.toLowerCase())
  }
  if (filters.customer_id) {
    where.push("customer_id = ?")
    params.push(filters.customer_id)
  }
  return await query<AgingRow>(
    manager,
    `SELECT currency_code, bucket, SUM(amount_due)::text AS amount, COUNT(*)::int AS count
       FROM (SELECT currency_code, amount_due,
                    CASE WHEN due_at IS NULL OR due_at >= ?::timestamptz THEN 'current'
                         WHEN ?::timestamptz - due_at <= interval '30 days' THEN '1_30'
                         WHEN ?::timestamptz - due_at <= interval '60 days' THEN '31_60'
                         WHEN ?::timestamptz - due_at <= interval '90 days' THEN '61_90'
                         ELSE '90_plus' END AS bucket
               FROM invoice WHERE ${where.join(" AND ")}) AS aged
      GROUP BY currency_code, bucket
      ORDER BY currency_code`,
    params
  )
}
