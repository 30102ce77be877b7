import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { majorNumber, minorFromValue } from "../../../../../utils/money"

/** Receivables aging buckets (DESIGN sec. 8), by days past the due date. */
export const AGING_BUCKETS = [
  { key: "current", label: "Current" },
  { key: "1_30", label: "1–30 days" },
  { key: "31_60", label: "31–60 days" },
  { key: "61_90", label: "61–90 days" },
  { key: "90_plus", label: "90+ days" },
] as const
export type AgingBucketKey = (typeof AGING_BUCKETS)[number]["key"]

type Row = { currency_code: string; bucket: AgingBucketKey; amount: string; count: number }

/**
 * One grouped query over the open invoices' `amount_due` (exact `numeric`
 * sums, read as text). An invoice is past due as soon as its due date has
 * passed (as `is_overdue`), and counts whole days rounded up: due an hour ago
 * is 1 day, exactly 30 days ago is still 1–30.
 */
export async function loadAging(
  container: MedusaContainer,
  filters: { as_of: Date; currency_code?: string; customer_id?: string }
) {
  const where = ["deleted_at IS NULL", "status IN ('open', 'partially_paid')", "amount_due > 0"]
  const params: unknown[] = [filters.as_of, filters.as_of, filters.as_of, filters.as_of]
  if (filters.currency_code) {
    where.push("currency_code = ?")
    params.push(filters.currency_code.toLowerCase())
  }
  if (filters.customer_id) {
    where.push("customer_id = ?")
    params.push(filters.customer_id)
  }
  const pg = container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
  const { rows } = (await pg.raw(
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
  )) as { rows: Row[] }

  const byCurrency = new Map<string, Map<AgingBucketKey, { minor: bigint; count: number }>>()
  for (const row of rows) {
    const buckets = byCurrency.get(row.currency_code) ?? new Map()
    buckets.set(row.bucket, { minor: minorFromValue(row.amount, row.currency_code), count: row.count })
    byCurrency.set(row.currency_code, buckets)
  }
  return [...byCurrency.entries()].map(([currency, buckets]) => {
    let total = 0n
    let count = 0
    const list = AGING_BUCKETS.map(({ key, label }) => {
      const b = buckets.get(key) ?? { minor: 0n, count: 0 }
      total += b.minor
      count += b.count
      return { key, label, amount: majorNumber(b.minor, currency), count: b.count }
    })
    return { currency_code: currency, total: majorNumber(total, currency), count, buckets: list }
  })
}
