import fc from "fast-check"
import { formatMoney } from "../money"

/** `minor` minor units as the exact major-unit decimal string (what the server's `toMajor` writes). */
const decimalOf = (minor: bigint, exponent: number) => {
  const negative = minor < 0n
  const digits = (negative ? -minor : minor).toString().padStart(exponent + 1, "0")
  const whole = digits.slice(0, digits.length - exponent)
  const fraction = digits.slice(digits.length - exponent)
  return `${negative ? "-" : ""}${whole}${exponent ? `.${fraction}` : ""}`
}
const exactly = (decimal: string, currency: string, locale = "en-US") =>
  (new Intl.NumberFormat(locale, { style: "currency", currency }).format as unknown as (v: string) => string)(decimal)

describe("formatMoney", () => {
  it("formats the API's numbers in the currency's decimals", () => {
    expect(formatMoney(1234.5, "usd", "en-US")).toBe("$1,234.50")
    expect(formatMoney(0, "usd", "en-US")).toBe("$0.00")
    expect(formatMoney(-42.1, "USD", "en-US")).toBe("-$42.10")
    expect(formatMoney(5000, "jpy", "en-US")).toBe("¥5,000")
    expect(formatMoney(1.005, "kwd", "en-US")).toBe("KWD\u00a01.005") // Intl puts a no-break space there
    expect(formatMoney(1234.5, "eur", "de-DE")).toBe("1.234,50\u00a0€")
  })

  it("keeps every digit of the largest amounts, where float arithmetic would not", () => {
    // 9,999,999,999,999.99 is the API's bound; a decimal string beyond it stays exact too
    expect(formatMoney(9999999999999.99, "usd", "en-US")).toBe("$9,999,999,999,999.99")
    expect(formatMoney("12345678901234567.89", "usd", "en-US")).toBe("$12,345,678,901,234,567.89")
  })

  it("writes out numbers JavaScript prints with an exponent", () => {
    expect(formatMoney(1e21, "jpy", "en-US")).toBe("¥1,000,000,000,000,000,000,000")
    expect(formatMoney(1.5e-7, "usd", "en-US")).toBe("$0.00")
    expect(formatMoney(-2.5e21, "jpy", "en-US")).toBe("-¥2,500,000,000,000,000,000,000")
  })

  it("takes decimal strings, and refuses what is not an amount", () => {
    expect(formatMoney(" 12.50 ", "usd", "en-US")).toBe("$12.50")
    for (const bad of ["", "abc", "1,000", "12.", ".5", "1e3", "NaN"]) {
      expect(() => formatMoney(bad, "usd")).toThrow(RangeError)
    }
    for (const bad of [NaN, Infinity, -Infinity]) expect(() => formatMoney(bad, "usd")).toThrow(RangeError)
  })

  it("every amount the API can send prints exactly as its decimal string (property)", () => {
    const currencies = [
      ["USD", 2],
      ["JPY", 0],
      ["KWD", 3],
    ] as const
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n - 1n), max: 10n ** 15n - 1n }),
        fc.constantFrom(...currencies),
        fc.constantFrom("en-US", "de-DE", "ja-JP", "en-IN"),
        (minor, [currency, exponent], locale) => {
          const decimal = decimalOf(minor, exponent)
          // the server answers Number(decimal): a double gives back 15 significant digits exactly
          expect(formatMoney(Number(decimal), currency, locale)).toBe(exactly(decimal, currency, locale))
        }
      ),
      { numRuns: 2000 }
    )
  })
})
