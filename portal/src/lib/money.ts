/**
 * Money for display: the store client's formatter (decimal text to
 * Intl.NumberFormat, never float arithmetic; the server computes every total).
 */
export { formatMoney } from "../../../src/client/money"

/** True for an amount of zero, read from its decimal form (no float comparison). */
export function isZero(amount: number | string): boolean {
  return /^-?0*(\.0*)?$/.test(String(amount))
}

/** True for an amount above zero, read from its decimal form. */
export function isPositive(amount: number | string): boolean {
  return !isZero(amount) && !String(amount).trim().startsWith("-")
}

// one formatter per locale: building one costs far more than using it, and a list formats dozens of dates
const dateFormats = new Map<string, Intl.DateTimeFormat>()
function dateFormat(locale: string | undefined): Intl.DateTimeFormat {
  let format = dateFormats.get(locale ?? "")
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric" })
    dateFormats.set(locale ?? "", format)
  }
  return format
}

export function formatDate(iso: string | null | undefined, locale?: string): string {
  if (!iso) return ""
  return dateFormat(locale).format(new Date(iso))
}

const dayFormats = new Map<string, Intl.DateTimeFormat>()

/**
 * An invoice's issue or due date: a calendar day the business chose, stored
 * as midnight UTC of that day (as the PDFs and emails print it). Shown as
 * that day wherever the customer is: in local time, "due Dec 25" would read
 * Dec 24 anywhere west of UTC.
 */
export function formatDay(iso: string | null | undefined, locale?: string): string {
  if (!iso) return ""
  let format = dayFormats.get(locale ?? "")
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" })
    dayFormats.set(locale ?? "", format)
  }
  return format.format(new Date(iso))
}
