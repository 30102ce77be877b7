/**
 * How amounts, quantities and dates read on a document. Pure and
 * deterministic: amounts are formatted from their decimal strings (never a
 * JS number), dates in UTC from the data (never the clock).
 */
import { parseIsoDate } from "../domain/dates"
import { currencyExponent, decimalToMinor, MoneyError, toMajor } from "../domain/money"
import { isDrawable } from "./text"

/** Document data that cannot be printed faithfully; `field` names it when known. */
export class DocumentDataError extends Error {
  readonly field?: string

  constructor(message: string, field?: string) {
    super(message)
    this.name = "DocumentDataError"
    this.field = field
  }
}

const CURRENCY_CODE = /^[A-Za-z]{3}$/

function currencyCodeOf(currency: string): string {
  if (typeof currency !== "string" || !CURRENCY_CODE.test(currency)) {
    throw new DocumentDataError(`currency must be a three-letter ISO 4217 code, got ${JSON.stringify(currency)}`, "currency_code")
  }
  return currency.toUpperCase()
}

// Intl.NumberFormat instances are costly to build (a statement formats
// thousands of amounts): one per currency, kept for the process.
const moneyFormatters = new Map<string, (canonical: string) => string>()

function moneyFormatterFor(code: string): (canonical: string) => string {
  const cached = moneyFormatters.get(code)
  if (cached) return cached
  const exponent = currencyExponent(code)
  const make = (currencyDisplay: "symbol" | "code") => {
    const formatter = new Intl.NumberFormat("en-US", {
      style: "currency",
      currency: code,
      currencyDisplay,
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
    })
    // Since ES2023 (Node 20) `format` takes a decimal string and formats it
    // exactly, without converting it to a double; TypeScript's lib still
    // types the argument as number.
    return formatter.format as unknown as (canonical: string) => string
  }
  // Symbols the standard fonts cannot draw ("₹", "₩") would print as "?":
  // such currencies show their code instead ("INR 1,234.50").
  const bySymbol = make("symbol")
  const probe = bySymbol("1")
  const formatter = [...probe].every((c) => isDrawable(c.codePointAt(0)!)) ? bySymbol : make("code")
  moneyFormatters.set(code, formatter)
  return formatter
}

/**
 * "1234.5" USD → "$1,234.50", "-3" JPY → "-¥3", "12.345" KWD →
 * "KWD 12.345", "12345678901234.99" USD → "$12,345,678,901,234.99".
 * `amount` is a decimal string in major units with at most the currency's
 * decimals; anything else (a number, "1e3", "12.345" USD, "") throws.
 */
export function formatMoney(amount: string, currency: string, field = "amount"): string {
  const code = currencyCodeOf(currency)
  // Validates the format and the decimals; the canonical form has exactly the currency's decimals.
  const canonical = toMajor(minorOf(amount, code, field), code)
  const formatted = moneyFormatterFor(code)(canonical)
  // A runtime whose Intl rounds the string through a double would print a
  // different amount: refuse rather than print it.
  if (formatted.replace(/\D/g, "") !== canonical.replace(/\D/g, "")) {
    throw new DocumentDataError(`cannot format ${canonical} ${code} exactly on this runtime (got ${formatted})`, field)
  }
  return formatted
}

/** Minor units → formatted amount (for totals computed with bigint). */
export function formatMinor(minor: bigint, currency: string): string {
  return formatMoney(toMajor(minor, currencyCodeOf(currency)), currency)
}

const QUANTITY = /^(-?)(\d+)(?:\.(\d+))?$/

/** "2.5" → "2.5", "1.0000" → "1", "1200" → "1,200"; exact, from the string. */
export function formatQuantity(quantity: string, field = "quantity"): string {
  const match = typeof quantity === "string" ? QUANTITY.exec(quantity) : null
  if (!match) throw new DocumentDataError(`${field} must be a decimal string, got ${JSON.stringify(quantity)}`, field)
  const [, sign, whole, fraction = ""] = match
  const digits = whole.replace(/^0+(?=\d)/, "")
  const grouped = digits.replace(/\B(?=(\d{3})+$)/g, ",")
  const significant = fraction.replace(/0+$/, "")
  const magnitude = significant ? `${grouped}.${significant}` : grouped
  return sign && magnitude !== "0" ? `-${magnitude}` : magnitude
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

/** The instant an ISO 8601 string names; throws a DocumentDataError naming `field` otherwise. */
export function parseDocumentDate(value: string, field = "date"): Date {
  const date = typeof value === "string" ? parseIsoDate(value) : null
  if (!date) throw new DocumentDataError(`${field} must be an ISO 8601 date, got ${JSON.stringify(value)}`, field)
  return date
}

/** "2026-03-14T18:30:00Z" → "Mar 14, 2026" (the UTC calendar day). */
export function formatDate(value: string, field = "date"): string {
  const date = parseDocumentDate(value, field)
  return `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()}`
}

/** "2026-03-14T18:05:00Z" → "Mar 14, 2026, 18:05 UTC". */
export function formatDateTime(value: string, field = "date"): string {
  const date = parseDocumentDate(value, field)
  const pad = (n: number) => String(n).padStart(2, "0")
  return `${formatDate(value, field)}, ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`
}

/** "2026-03-14T18:05:00Z" → "2026-03-14" (UTC), for file names. */
export function isoDay(value: string, field = "date"): string {
  return parseDocumentDate(value, field).toISOString().slice(0, 10)
}

/** Sign of a decimal amount string, exactly (validated like `formatMoney`). */
export function signOf(amount: string, currency: string, field = "amount"): -1 | 0 | 1 {
  const minor = minorOf(amount, currency, field)
  return minor > 0n ? 1 : minor < 0n ? -1 : 0
}

/** Minor units of a decimal amount string; a DocumentDataError naming `field` when malformed. */
export function minorOf(amount: string, currency: string, field = "amount"): bigint {
  const code = currencyCodeOf(currency)
  if (typeof amount !== "string") throw new DocumentDataError(`${field} must be a decimal string, got ${typeof amount}`, field)
  try {
    return decimalToMinor(amount, code, field)
  } catch (error) {
    if (error instanceof MoneyError) throw new DocumentDataError(`${error.message}, got ${JSON.stringify(amount)}`, field)
    throw error
  }
}
