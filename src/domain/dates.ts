/**
 * Calendar input from clients. Only what every layer stores exactly is
 * accepted: ISO 8601 in the forms below, real calendar dates, years 1900 to
 * 9999 (PostgreSQL's timestamptz goes further, JavaScript's Date and the
 * usual clients do not agree on years beyond 9999 or before 1900, and no
 * invoice is due then).
 *
 * - `YYYY-MM-DD` (midnight UTC)
 * - `YYYY-MM-DDTHH:mm[:ss[.fff…]][Z|±HH:mm]` (UTC when no offset is given,
 *   so the answer does not depend on the server's time zone)
 */
export const MIN_DATE_YEAR = 1900
export const MAX_DATE_YEAR = 9999

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate()

/** The instant an ISO 8601 date or date-time names, or null when it is not one (see above). */
export function parseIsoDate(value: string): Date | null {
  if (typeof value !== "string" || value.length > 40) return null
  const match = ISO_DATE_TIME.exec(value)
  if (!match) return null
  const [, y, mo, d, h = "00", mi = "00", s = "00", fraction = "", offset = "Z"] = match
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number)
  if (year < MIN_DATE_YEAR || year > MAX_DATE_YEAR) return null
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null
  if (hour > 23 || minute > 59 || second > 59) return null
  let offsetMinutes = 0
  if (offset.toUpperCase() !== "Z") {
    const [, sign, oh, om] = /^([+-])(\d{2}):?(\d{2})$/.exec(offset)!
    if (Number(oh) > 23 || Number(om) > 59) return null
    offsetMinutes = (sign === "-" ? -1 : 1) * (Number(oh) * 60 + Number(om))
  }
  const millis = Number(fraction.padEnd(3, "0").slice(0, 3))
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000
  const date = new Date(utc)
  // Date.UTC maps years 0–99 to 1900–1999; the year range above rules them out. The range holds
  // in UTC too: "9999-12-31T23:00-14:00" is in the year 10000 once stored.
  return isDateInRange(date) ? date : null
}

/** A Date within the accepted years (for values that already are Dates). */
export function isDateInRange(date: Date): boolean {
  const t = date.getTime()
  if (Number.isNaN(t)) return false
  const year = date.getUTCFullYear()
  return year >= MIN_DATE_YEAR && year <= MAX_DATE_YEAR
}
