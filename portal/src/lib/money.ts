/**
 * Money for display. The API sends amounts as JSON numbers in major units
 * with at most 15 significant digits, which `String()` gives back exactly
 * ("1234.5"); Intl.NumberFormat formats that decimal string without ever
 * turning it into a float sum. The portal never adds or subtracts amounts:
 * the server computes every total.
 */
export function formatMoney(amount: number | string, currencyCode: string, locale?: string): string {
  const decimal = typeof amount === "number" ? String(amount) : amount
  const format = new Intl.NumberFormat(locale, { style: "currency", currency: currencyCode.toUpperCase() })
  // Intl.NumberFormat v3 takes decimal strings (Chrome 106+, Firefox 116+, Safari 15.4+)
  return format.format(decimal as unknown as number)
}

/** True for an amount of zero, read from its decimal form (no float comparison). */
export function isZero(amount: number | string): boolean {
  return /^-?0*(\.0*)?$/.test(String(amount))
}

export function formatDate(iso: string | null | undefined, locale?: string): string {
  if (!iso) return ""
  return new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric" }).format(new Date(iso))
}
