/**
 * Money inside the domain is always an integer number of minor units held in
 * a `bigint` (cents for USD, yen for JPY, fils for KWD). Conversions to and
 * from major-unit decimal strings happen here, exactly, without ever passing
 * through a JS float.
 */

// ISO 4217 minor-unit exponents that differ from the usual 2.
const ZERO_DECIMAL_CURRENCIES: ReadonlySet<string> = new Set([
  "JPY", "KRW", "VND", "CLP", "ISK", "UGX", "XAF", "XOF",
  "XPF", "PYG", "RWF", "KMF", "GNF", "DJF", "BIF", "VUV",
])
const THREE_DECIMAL_CURRENCIES: ReadonlySet<string> = new Set([
  "KWD", "BHD", "OMR", "JOD", "TND", "LYD", "IQD",
])

/** Number of minor-unit digits of an ISO 4217 currency code (case-insensitive). */
export function currencyExponent(code: string): number {
  const upper = code.toUpperCase()
  if (ZERO_DECIMAL_CURRENCIES.has(upper)) {
    return 0
  }
  if (THREE_DECIMAL_CURRENCIES.has(upper)) {
    return 3
  }
  return 2
}

/** A value that cannot be represented as money; `field` names the offending input. */
export class MoneyError extends Error {
  readonly field?: string

  constructor(message: string, field?: string) {
    super(message)
    this.name = "MoneyError"
    this.field = field
  }
}

// Plain decimal notation only: no exponent, no leading "+", no bare ".5".
const SIGNED_DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/
const UNSIGNED_DECIMAL = /^(\d+)(?:\.(\d+))?$/

function withoutTrailingZeros(fraction: string): string {
  return fraction.replace(/0+$/, "")
}

/**
 * Parses a MAJOR-unit amount ("12.50", "-3.1", "100") into minor units of
 * `currency`.
 *
 * - A `number` is read through its shortest round-trip string (`String(n)`),
 *   so 0.1 means "0.1", never 0.1000000000000000055…; numbers whose string
 *   form uses an exponent (1e21, 1e-7), NaN and Infinity are rejected.
 * - A `bigint` is a whole number of major units.
 * - More significant decimals than the currency has is an error rather than a
 *   silent rounding: the caller asked to charge something that cannot be
 *   charged. Trailing zeros are not significant ("12.500" USD is fine).
 */
export function toMinor(value: string | number | bigint, currency: string, field = "amount"): bigint {
  return assertAmountInRange(decimalToMinor(value, currency, field), currency, field)
}

/**
 * The largest amount (in minor units, either sign) the plugin accepts:
 * 15 digits, i.e. 9,999,999,999,999.99 USD, 999,999,999,999.999 KWD,
 * 999,999,999,999,999 JPY. Every path keeps such a value exact: bigint here,
 * PostgreSQL `numeric`, Medusa's big-number `raw_` value (bignumber.js, 20
 * significant digits) and the JSON number of an API response (an IEEE double
 * holds any decimal of at most 15 significant digits exactly, so
 * `JSON.stringify(Number("9999999999999.99"))` gives those same digits back).
 */
export const MAX_AMOUNT_MINOR = 10n ** 15n - 1n

/** `minor` itself, or a MoneyError naming `field` when it is beyond `MAX_AMOUNT_MINOR`. */
export function assertAmountInRange(minor: bigint, currency: string, field = "amount"): bigint {
  if (minor > MAX_AMOUNT_MINOR || minor < -MAX_AMOUNT_MINOR) {
    throw new MoneyError(
      `${field} must be at most ${toMajor(MAX_AMOUNT_MINOR, currency)} ${currency.toUpperCase()}`,
      field
    )
  }
  return minor
}

/**
 * `toMinor` without the range check, for reading values the database already
 * holds (sums over many rows may exceed what one input may be).
 */
export function decimalToMinor(value: string | number | bigint, currency: string, field = "amount"): bigint {
  const exponent = currencyExponent(currency)
  if (typeof value === "bigint") {
    return value * 10n ** BigInt(exponent)
  }

  const text = typeof value === "number" ? (Number.isFinite(value) ? String(value) : null) : value
  const match = typeof text === "string" ? SIGNED_DECIMAL.exec(text) : null
  if (!match) {
    throw new MoneyError(`${field} must be a decimal number`, field)
  }

  const [, sign, whole, fraction = ""] = match
  const significantFraction = withoutTrailingZeros(fraction)
  if (significantFraction.length > exponent) {
    throw new MoneyError(
      `${field} has more decimals than ${currency.toUpperCase()} allows (${exponent})`,
      field
    )
  }

  const magnitude = BigInt(whole + significantFraction.padEnd(exponent, "0"))
  return sign === "-" ? -magnitude : magnitude
}

/**
 * A non-negative threshold (a minimum payment, a limit) in minor units,
 * rounded UP to what the currency can express: a minimum of "0.5" is 1 JPY,
 * never 0. Unlike `toMinor`, extra decimals are not an error here, because
 * the setting is shared by every currency.
 */
export function thresholdToMinor(value: string, currency: string): bigint {
  const exponent = currencyExponent(currency)
  const match = SIGNED_DECIMAL.exec(value)
  if (!match || match[1] === "-") throw new MoneyError("threshold must be a non-negative decimal number", "amount")
  const [, , whole, fraction = ""] = match
  const kept = BigInt(whole + fraction.slice(0, exponent).padEnd(exponent, "0"))
  return /[1-9]/.test(fraction.slice(exponent)) ? kept + 1n : kept
}

/**
 * Formats minor units as a canonical major-unit decimal string with exactly
 * the currency's number of decimals: 1250n USD → "12.50", -5n USD → "-0.05",
 * 100n JPY → "100", 1234n KWD → "1.234".
 */
export function toMajor(minor: bigint, currency: string): string {
  const exponent = currencyExponent(currency)
  const sign = minor < 0n ? "-" : ""
  const digits = (minor < 0n ? -minor : minor).toString()
  if (exponent === 0) {
    return sign + digits
  }
  const padded = digits.padStart(exponent + 1, "0")
  return `${sign}${padded.slice(0, -exponent)}.${padded.slice(-exponent)}`
}

export function sumMinor(values: readonly bigint[]): bigint {
  let total = 0n
  for (const value of values) {
    total += value
  }
  return total
}

export function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b
}

export function maxBig(a: bigint, b: bigint): bigint {
  return a > b ? a : b
}

const QUANTITY_DECIMALS = 4
const QUANTITY_SCALE = 10n ** BigInt(QUANTITY_DECIMALS)
/** Quantities stay below 10^11 (15 significant digits with the 4 decimals), exact as text and as numbers. */
export const QUANTITY_LIMIT = 10n ** 11n

/**
 * Integer division that rounds the exact quotient to the nearest integer,
 * halves away from zero (2.5 → 3, -2.5 → -3). `divisor` must be positive.
 */
function divideRoundingHalfAwayFromZero(dividend: bigint, divisor: bigint): bigint {
  const magnitude = dividend < 0n ? -dividend : dividend
  let quotient = magnitude / divisor
  if ((magnitude % divisor) * 2n >= divisor) {
    quotient += 1n
  }
  return dividend < 0n ? -quotient : quotient
}

/**
 * Total of an invoice line in minor units: `quantity` (a non-negative decimal
 * string with up to 4 decimals, e.g. "1.5" hours) times the unit price,
 * rounded once, half away from zero, to a whole minor unit.
 */
export function lineTotal(quantity: string, unitPriceMinor: bigint): bigint {
  const match = typeof quantity === "string" ? UNSIGNED_DECIMAL.exec(quantity) : null
  if (!match) {
    throw new MoneyError("quantity must be a non-negative decimal number", "quantity")
  }
  const [, whole, fraction = ""] = match
  const significantFraction = withoutTrailingZeros(fraction)
  if (significantFraction.length > QUANTITY_DECIMALS) {
    throw new MoneyError(`quantity has more than ${QUANTITY_DECIMALS} decimals`, "quantity")
  }

  // The quantity as an integer number of 1/10,000ths keeps the product exact.
  const scaledQuantity = BigInt(whole + significantFraction.padEnd(QUANTITY_DECIMALS, "0"))
  if (scaledQuantity >= QUANTITY_LIMIT * QUANTITY_SCALE) {
    throw new MoneyError(`quantity must be less than ${QUANTITY_LIMIT}`, "quantity")
  }
  return divideRoundingHalfAwayFromZero(scaledQuantity * unitPriceMinor, QUANTITY_SCALE)
}

/**
 * Prices invoice lines in minor units: each unit price, each line total and
 * the invoice total within `MAX_AMOUNT_MINOR`. A MoneyError names the field
 * as the API shows it: `lines[0].unit_price`, `lines[0].quantity`,
 * `lines[0].total`, `total`.
 */
export function priceInvoiceLines(
  lines: readonly { quantity: string; unit_price: string | number }[],
  currency: string
): { unitPrices: bigint[]; lineTotals: bigint[]; total: bigint } {
  const unitPrices: bigint[] = []
  const lineTotals: bigint[] = []
  lines.forEach((line, index) => {
    const unitPrice = toMinor(line.unit_price, currency, `lines[${index}].unit_price`)
    let total: bigint
    try {
      total = lineTotal(line.quantity, unitPrice)
    } catch (e) {
      if (e instanceof MoneyError) throw new MoneyError(`lines[${index}].${e.message}`, `lines[${index}].quantity`)
      throw e
    }
    unitPrices.push(unitPrice)
    lineTotals.push(assertAmountInRange(total, currency, `lines[${index}].total`))
  })
  return { unitPrices, lineTotals, total: assertAmountInRange(sumMinor(lineTotals), currency, "total") }
}
