import type { Amount } from "./types"

const DECIMAL = /^-?\d+(\.\d+)?$/
const EXPONENT = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/i

/**
 * A number's decimal digits as a string, exactly as JavaScript prints it
 * (the shortest string that reads back as the same number: API amounts of
 * up to 15 significant digits come back digit for digit), with exponent
 * notation (`1e21`, `1e-7`) written out.
 */
function decimalOf(amount: number): string {
  if (!Number.isFinite(amount)) throw new RangeError(`Not an amount: ${amount}`)
  const text = String(amount)
  const exp = EXPONENT.exec(text)
  if (!exp) return text
  const [, sign, whole, fraction = "", power] = exp
  const digits = whole + fraction
  // position of the decimal point within `digits` after the shift
  const point = whole.length + Number(power)
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`
  if (point >= digits.length) return `${sign}${digits}${"0".repeat(point - digits.length)}`
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`
}

// Building an Intl.NumberFormat costs far more than using one, and a page
// formats the same few currencies dozens of times: one per locale and currency.
const formats = new Map<string, Intl.NumberFormat>()

function currencyFormat(currency: string, locale: string | string[] | undefined): Intl.NumberFormat {
  const key = `${currency}|${Array.isArray(locale) ? locale.join(",") : locale ?? ""}`
  let format = formats.get(key)
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: "currency", currency })
    if (formats.size > 100) formats.clear()
    formats.set(key, format)
  }
  return format
}

/**
 * An amount as money text in the customer's locale: `formatMoney(1234.5,
 * "usd")` → `$1,234.50`, `formatMoney(5000, "jpy", "ja-JP")` → `￥5,000`.
 *
 * No float arithmetic: the amount goes to `Intl.NumberFormat` as a decimal
 * string, which current engines (Node 20, Chrome 106, Firefox 116, Safari
 * 15.4 and later) format digit for digit; the currency decides the decimals
 * (2 for USD, 0 for JPY, 3 for KWD). Takes the API's numbers or decimal
 * strings (`"12.50"`); anything else is a RangeError rather than "NaN".
 */
export function formatMoney(amount: Amount | string, currencyCode: string, locale?: string | string[]): string {
  const decimal = typeof amount === "number" ? decimalOf(amount) : amount.trim()
  if (!DECIMAL.test(decimal)) throw new RangeError(`Not an amount: ${JSON.stringify(amount)}`)
  const format = currencyFormat(currencyCode.toUpperCase(), locale)
  // The ES2021 typings predate Intl.NumberFormat v3, which takes decimal strings.
  return (format.format as unknown as (value: string) => string)(decimal)
}
