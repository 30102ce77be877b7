/**
 * The business's calendar. A due date is a calendar day (stored as its
 * midnight UTC, printed as that day); "today" is the day it is where the
 * business is: the plugin option `timeZone` (an IANA zone such as
 * "America/Los_Angeles"; default "UTC"). So a Californian invoice due on the
 * 15th is past due, and charged by autopay, on the 15th in California, not
 * from 4 pm the day before (00:00 UTC).
 */
export const DEFAULT_TIME_ZONE = "UTC"

const DAY_MS = 86_400_000

// one formatter per zone (a process uses one or two zones; building one costs ~50 µs)
const dayFormatters = new Map<string, Intl.DateTimeFormat>()

function dayFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = dayFormatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      calendar: "gregory",
      numberingSystem: "latn",
      era: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
    })
    dayFormatters.set(timeZone, formatter)
  }
  return formatter
}

/** An IANA time zone name this runtime knows ("UTC", "Europe/Paris"). */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== "string" || !value.trim() || value.length > 64) return false
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value })
    return true
  } catch {
    return false
  }
}

/**
 * The business's calendar day at the instant `now`, as that day's midnight
 * UTC (the way due dates are stored): compare it with a due date to know
 * whether that day is over.
 */
export function businessDay(now: Date, timeZone: string): Date {
  if (timeZone === DEFAULT_TIME_ZONE) {
    return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))
  }
  const parts = Object.fromEntries(dayFormatter(timeZone).formatToParts(now).map((p) => [p.type, p.value]))
  const year = parts.era === "BC" || parts.era === "B" ? 1 - Number(parts.year) : Number(parts.year)
  const day = new Date(0)
  day.setUTCFullYear(year, Number(parts.month) - 1, Number(parts.day)) // (Date.UTC reads years 0–99 as 1900–1999)
  return day
}

/** The last millisecond of the business's day at `now`, in the same encoding (a due date on or before it is due today or earlier). */
export function endOfBusinessDay(now: Date, timeZone: string): Date {
  return new Date(businessDay(now, timeZone).getTime() + DAY_MS - 1)
}

/** Every zone's midnight is within this of midnight UTC (UTC−12 to UTC+14, and a margin). */
const MAX_OFFSET_MS = 15 * 60 * 60 * 1000

/**
 * The instant a calendar day (its midnight UTC, the way due dates are stored)
 * begins where the business is: 08:00 UTC for Jan 15 in Los Angeles, 11:00
 * UTC on Jan 14 for Jan 15 in Auckland. The first millisecond whose
 * `businessDay` is that day, found by halving the ±15 h around its midnight
 * UTC (so daylight-saving changes need no offset arithmetic).
 */
export function startOfBusinessDay(day: Date, timeZone: string): Date {
  if (timeZone === DEFAULT_TIME_ZONE) return new Date(day.getTime())
  let before = day.getTime() - MAX_OFFSET_MS // still the day before, in every zone
  let from = day.getTime() + MAX_OFFSET_MS // already that day, in every zone
  while (from - before > 1) {
    const middle = before + Math.floor((from - before) / 2)
    if (businessDay(new Date(middle), timeZone).getTime() >= day.getTime()) from = middle
    else before = middle
  }
  return new Date(from)
}
