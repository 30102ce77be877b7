import { agingDueRange } from "../aging-filter"
import { businessDay } from "../business-day"
import { AGING_BUCKET_KEYS, agingBucketFor } from "../statement"

const DAY = 86_400_000
const asOf = new Date("2026-06-15T12:00:00.000Z")

function inRange(due: Date | null, bucket: (typeof AGING_BUCKET_KEYS)[number], timeZone: string) {
  const range = agingDueRange(bucket, asOf, timeZone)
  if (due === null) return range.includeNoDueDate
  return (!range.gte || due.getTime() >= range.gte.getTime()) && (!range.lt || due.getTime() < range.lt.getTime())
}

// the business's day decides (UTC; 7 or 8 hours behind; 14 ahead; half an hour off)
describe.each(["UTC", "America/Los_Angeles", "Pacific/Kiritimati", "Asia/Kolkata"])("agingDueRange in %s", (timeZone) => {
  // boundaries of every bucket, a millisecond either side, and no due date
  const offsets = [0, 1, -1, ...[30, 60, 90].flatMap((d) => [d * DAY, d * DAY + 1, d * DAY - 1]), 400 * DAY, -40 * DAY]
  // …around asOf itself and around the start of its day (from where days past due count)
  const dayStart = businessDay(asOf, timeZone).getTime()
  const dues: (Date | null)[] = [
    null,
    ...offsets.map((o) => new Date(asOf.getTime() - o)),
    ...offsets.map((o) => new Date(dayStart - o)),
  ]

  it.each(dues.map((d) => [d?.toISOString() ?? "no due date", d]))(
    "due %s falls in exactly the bucket agingBucketFor gives it",
    (_label, due) => {
      const expected = agingBucketFor(due ? (due as Date).toISOString() : null, asOf.toISOString(), timeZone)
      const matching = AGING_BUCKET_KEYS.filter((b) => inRange(due as Date | null, b, timeZone))
      expect(matching).toEqual([expected])
    }
  )
})
