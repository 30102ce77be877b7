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
  const format = new Intl.NumberFormat(locale, { style: "currency", currency: currencyCode.toUpperCase() })
  // The ES2021 typings predate Intl.NumberFormat v3, which takes decimal strings.
  return (format.format as unknown as (value: string) => string)(decimal)
}
