/**
 * An aging bucket as an invoice-list filter (the admin's "invoices of this
 * bucket" link from the receivables chart): the due-date range whose open
 * invoices `agingBucketFor` (domain/statement.ts) puts in that bucket as of
 * `asOf`. Pure: `asOf` is passed in. Bounds follow the same rule: not yet
 * due (or no due date) is current; otherwise whole days past due rounded up,
 * so exactly 30 days past due is still 1–30.
 */
import { pastDueCutoff } from "./invoice-status"
import type { AgingBucketKey } from "./statement"

const DAY_MS = 86_400_000

/** `due_at >= gte` and `due_at < lt` (either side open); `includeNoDueDate` adds invoices without a due date. */
export type AgingDueRange = { gte?: Date; lt?: Date; includeNoDueDate: boolean }

export function agingDueRange(bucket: AgingBucketKey, at: Date, timeZone: string): AgingDueRange {
  // days past due count from the start of the business's day, as agingBucketFor's
  const asOf = pastDueCutoff(at, timeZone)
  const daysAgo = (days: number) => new Date(asOf.getTime() - days * DAY_MS)
  switch (bucket) {
    case "current":
      return { gte: asOf, includeNoDueDate: true }
    case "1_30":
      return { gte: daysAgo(30), lt: asOf, includeNoDueDate: false }
    case "31_60":
      return { gte: daysAgo(60), lt: daysAgo(30), includeNoDueDate: false }
    case "61_90":
      return { gte: daysAgo(90), lt: daysAgo(60), includeNoDueDate: false }
    case "90_plus":
      return { lt: daysAgo(90), includeNoDueDate: false }
  }
}
