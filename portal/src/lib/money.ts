/**
 * Money for display: the store client's formatter (decimal text to
 * Intl.NumberFormat, never float arithmetic; the server computes every total).
 */
export { formatMoney } from "../../../src/client/money"

/** True for an amount of zero, read from its decimal form (no float comparison). */
export function isZero(amount: number | string): boolean {
  return /^-?0*(\.0*)?$/.test(String(amount))
}

export function formatDate(iso: string | null | undefined, locale?: string): string {
  if (!iso) return ""
  return new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric" }).format(new Date(iso))
}
