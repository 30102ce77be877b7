/**
 * Receivables aging (DESIGN sec. 8 and 14): open invoices by days past their
 * due date. Pure: the admin report and the statement's aging summary both
 * come from the grouped rows PostgreSQL returns (see the invoicing module's
 * `repositories/aging.ts`, whose CASE is `agingBucketFor`'s rule in SQL, for
 * one grouped query over many invoices; a test holds the two together).
 */
import { decimalToMinor } from "./money"
import { AGING_BUCKET_KEYS, type AgingBucketKey } from "./statement"

export type { AgingBucketKey }

const AGING_LABELS: Readonly<Record<AgingBucketKey, string>> = {
  current: "Current",
  "1_30": "1–30 days",
  "31_60": "31–60 days",
  "61_90": "61–90 days",
  "90_plus": "90+ days",
}

/** The buckets in order, keyed as `agingBucketFor` (domain/statement.ts) assigns them. */
export const AGING_BUCKETS = AGING_BUCKET_KEYS.map((key) => ({ key, label: AGING_LABELS[key] }))

/** One (currency, bucket) group: what its invoices still owe (exact major-unit text) and how many they are. */
export type AgingRow = { currency_code: string; bucket: AgingBucketKey; amount: string; count: number }

/** One currency's aging, every bucket present (zero when empty), amounts in minor units. */
export type AgingSummary = {
  currency_code: string
  total: bigint
  count: number
  buckets: { key: AgingBucketKey; label: string; amount: bigint; count: number }[]
}

/** The grouped rows as one summary per currency (in the rows' currency order), every bucket listed. */
export function summarizeAging(rows: readonly AgingRow[]): AgingSummary[] {
  const byCurrency = new Map<string, Map<AgingBucketKey, { amount: bigint; count: number }>>()
  for (const row of rows) {
    const buckets = byCurrency.get(row.currency_code) ?? new Map()
    const previous = buckets.get(row.bucket) ?? { amount: 0n, count: 0 }
    buckets.set(row.bucket, {
      amount: previous.amount + decimalToMinor(row.amount, row.currency_code),
      count: previous.count + row.count,
    })
    byCurrency.set(row.currency_code, buckets)
  }
  return [...byCurrency.entries()].map(([currency, buckets]) => emptyOr(currency, buckets))
}

/** A currency's summary with nothing open: every bucket zero. */
export function emptyAgingSummary(currencyCode: string): AgingSummary {
  return emptyOr(currencyCode, new Map())
}

function emptyOr(currency: string, buckets: Map<AgingBucketKey, { amount: bigint; count: number }>): AgingSummary {
  let total = 0n
  let count = 0
  const list = AGING_BUCKETS.map(({ key, label }) => {
    const bucket = buckets.get(key) ?? { amount: 0n, count: 0 }
    total += bucket.amount
    count += bucket.count
    return { key, label, amount: bucket.amount, count: bucket.count }
  })
  return { currency_code: currency, total, count, buckets: list }
}
