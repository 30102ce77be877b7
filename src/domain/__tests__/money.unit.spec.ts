import fc from "fast-check"
import {
  thresholdToMinor,
  assertAmountInRange,
  currencyExponent,
  decimalToMinor,
  MAX_AMOUNT_MINOR,
  priceInvoiceLines,
  lineTotal,
  maxBig,
  minBig,
  MoneyError,
  sumMinor,
  toMajor,
  toMinor,
} from "../money"

const ZERO_DECIMAL = ["JPY", "KRW", "VND", "CLP", "ISK", "UGX", "XAF", "XOF", "XPF", "PYG", "RWF", "KMF", "GNF", "DJF", "BIF", "VUV"]
const THREE_DECIMAL = ["KWD", "BHD", "OMR", "JOD", "TND", "LYD", "IQD"]

function moneyErrorOf(run: () => unknown): MoneyError {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(MoneyError)
    return error as MoneyError
  }
  throw new Error("expected a MoneyError, nothing was thrown")
}

describe("currencyExponent", () => {
  it.each(ZERO_DECIMAL)("%s has no minor unit", (code) => {
    expect(currencyExponent(code)).toBe(0)
    expect(currencyExponent(code.toLowerCase())).toBe(0)
  })

  it.each(THREE_DECIMAL)("%s has three decimals", (code) => {
    expect(currencyExponent(code)).toBe(3)
    expect(currencyExponent(code.toLowerCase())).toBe(3)
  })

  it.each(["USD", "usd", "EUR", "GBP", "CAD", "Aud", "CHF"])("%s has two decimals", (code) => {
    expect(currencyExponent(code)).toBe(2)
  })
})

describe("toMinor", () => {
  it.each([
    ["12", "usd", 1200n],
    ["12.5", "usd", 1250n],
    ["12.50", "usd", 1250n],
    ["12.500", "usd", 1250n],
    ["-3.10", "usd", -310n],
    ["0.01", "usd", 1n],
    ["0", "usd", 0n],
    ["-0", "usd", 0n],
    ["007.5", "eur", 750n],
    ["100", "jpy", 100n],
    ["100.000", "JPY", 100n],
    ["0.001", "kwd", 1n],
    ["1.234", "KWD", 1234n],
    ["9999999999999.99", "usd", 999999999999999n],
  ] as const)("%s %s → %s", (input, currency, expected) => {
    expect(toMinor(input, currency)).toBe(expected)
  })

  it("decimalToMinor (stored values, sums) reads beyond the input bound, exactly", () => {
    expect(decimalToMinor("12345678901234567890.12", "usd")).toBe(1234567890123456789012n)
  })

  it.each([
    [12, "usd", 1200n],
    [12.5, "usd", 1250n],
    [0.1, "usd", 10n],
    [-3.1, "usd", -310n],
    [0.3, "usd", 30n],
    [1.005, "kwd", 1005n],
    [500, "jpy", 500n],
  ] as const)("number %s %s → %s (through its shortest string)", (input, currency, expected) => {
    expect(toMinor(input, currency)).toBe(expected)
  })

  it("reads a bigint as whole major units", () => {
    expect(toMinor(12n, "usd")).toBe(1200n)
    expect(toMinor(12n, "jpy")).toBe(12n)
    expect(toMinor(-2n, "kwd")).toBe(-2000n)
  })

  it.each([
    ["0.001", "USD", 2],
    ["12.345", "eur", 2],
    ["1.5", "jpy", 0],
    ["0.0001", "kwd", 3],
  ] as const)("rejects %s %s: more decimals than allowed", (input, currency, exponent) => {
    const error = moneyErrorOf(() => toMinor(input, currency, "unit_price"))
    expect(error.field).toBe("unit_price")
    expect(error.message).toBe(`unit_price has more decimals than ${currency.toUpperCase()} allows (${exponent})`)
  })

  it("rejects a float whose shortest form has too many decimals", () => {
    expect(moneyErrorOf(() => toMinor(0.1 + 0.2, "usd")).message).toBe(
      "amount has more decimals than USD allows (2)"
    )
  })

  it.each<[unknown]>([
    ["abc"],
    [""],
    [" 12"],
    ["12 "],
    ["1e3"],
    ["+12"],
    [".5"],
    ["5."],
    ["1,50"],
    ["--1"],
    [1e21],
    [1e-7],
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
    [null],
    [undefined],
  ])("rejects %p as not a decimal number", (input) => {
    const error = moneyErrorOf(() => toMinor(input as string, "usd"))
    expect(error.field).toBe("amount")
    expect(error.message).toBe("amount must be a decimal number")
  })
})

describe("toMajor", () => {
  it.each([
    [1250n, "usd", "12.50"],
    [-5n, "usd", "-0.05"],
    [0n, "usd", "0.00"],
    [1n, "EUR", "0.01"],
    [-1250n, "usd", "-12.50"],
    [100n, "jpy", "100"],
    [-7n, "JPY", "-7"],
    [1234n, "kwd", "1.234"],
    [5n, "kwd", "0.005"],
    [1234567890123456789012n, "usd", "12345678901234567890.12"],
  ] as const)("%s %s → %s", (minor, currency, expected) => {
    expect(toMajor(minor, currency)).toBe(expected)
  })

  it("round-trips with toMinor for every exponent", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
        fc.constantFrom("usd", "jpy", "kwd", "EUR", "VUV", "BHD"),
        (minor, currency) => {
          const major = toMajor(minor, currency)
          expect(decimalToMinor(major, currency)).toBe(minor)
          // Canonical: always exactly `exponent` decimals.
          const decimals = major.includes(".") ? major.split(".")[1].length : 0
          expect(decimals).toBe(currencyExponent(currency))
        }
      ),
      { numRuns: 1000 }
    )
  })

  it("parses any canonical-or-padded decimal string to the same minor amount", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.constantFrom("usd", "jpy", "kwd"),
        fc.integer({ min: 0, max: 4 }),
        (minor, currency, extraZeros) => {
          const major = toMajor(minor, currency)
          const padded = major.includes(".") ? major + "0".repeat(extraZeros) : extraZeros > 0 ? `${major}.${"0".repeat(extraZeros)}` : major
          expect(decimalToMinor(padded, currency)).toBe(minor)
        }
      ),
      { numRuns: 1000 }
    )
  })
})

describe("sumMinor, minBig, maxBig", () => {
  it("sums exactly, beyond the safe integer range", () => {
    expect(sumMinor([])).toBe(0n)
    expect(sumMinor([1n, -2n, 3n])).toBe(2n)
    expect(sumMinor([2n ** 60n, 2n ** 60n, 1n])).toBe(2n ** 61n + 1n)
  })

  it("picks the smaller and larger", () => {
    expect(minBig(3n, -4n)).toBe(-4n)
    expect(maxBig(3n, -4n)).toBe(3n)
    expect(minBig(5n, 5n)).toBe(5n)
    expect(maxBig(0n, 0n)).toBe(0n)
  })
})

describe("lineTotal", () => {
  it.each([
    ["1", 1000n, 1000n],
    ["0", 1000n, 0n],
    ["3", 333n, 999n],
    ["1.5", 999n, 1499n], // 1498.5 → half rounds up
    ["0.5", 1n, 1n], // 0.5 → 1
    ["0.4999", 1n, 0n],
    ["2.5", 3n, 8n], // 7.5 → 8
    ["0.3333", 300n, 100n], // 99.99 → 100
    ["0.0001", 4999n, 0n], // 0.4999 → 0
    ["0.0001", 5000n, 1n], // 0.5 → 1
    ["1.25", 10n, 13n], // 12.5 → 13
    ["1.2500", 10n, 13n],
    ["1.23450", 100n, 123n], // 123.45 → 123
    ["1.5", -999n, -1499n], // a discount line: -1498.5 → -1499 (away from zero)
    ["0.5", -1n, -1n],
    ["100000000", 123456789n, 12345678900000000n],
  ] as const)("%s × %s = %s", (quantity, unitPrice, expected) => {
    expect(lineTotal(quantity, unitPrice)).toBe(expected)
  })

  it.each(["0.00001", "1.23456"])("rejects %s: more than 4 decimals", (quantity) => {
    const error = moneyErrorOf(() => lineTotal(quantity, 100n))
    expect(error.field).toBe("quantity")
    expect(error.message).toBe("quantity has more than 4 decimals")
  })

  it.each(["-1", "", "abc", "1e2", ".5", "1.", " 1"])("rejects %p as not a non-negative decimal", (quantity) => {
    const error = moneyErrorOf(() => lineTotal(quantity, 100n))
    expect(error.field).toBe("quantity")
    expect(error.message).toBe("quantity must be a non-negative decimal number")
  })

  it("is within half a minor unit of the exact product", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        (scaledQuantity, unitPrice) => {
          // The 4-decimal quantity string, built with integer arithmetic only.
          const text = `${Math.floor(scaledQuantity / 10_000)}.${String(scaledQuantity % 10_000).padStart(4, "0")}`
          const total = lineTotal(text, unitPrice)
          // |total × 10000 − exact| ≤ 5000, with ties going away from zero.
          const exactTimesScale = BigInt(scaledQuantity) * unitPrice
          const error = total * 10_000n - exactTimesScale
          expect(error <= 5000n && error >= -5000n).toBe(true)
          if (error === 5000n || error === -5000n) {
            expect(error > 0n === exactTimesScale > 0n).toBe(true)
          }
        }
      ),
      { numRuns: 1000 }
    )
  })
})

describe("thresholdToMinor", () => {
  it("rounds a threshold up to what the currency can express", () => {
    expect(thresholdToMinor("0.5", "jpy")).toBe(1n)
    expect(thresholdToMinor("10.00", "jpy")).toBe(10n)
    expect(thresholdToMinor("10.01", "usd")).toBe(1001n)
    expect(thresholdToMinor("10.001", "usd")).toBe(1001n)
    expect(thresholdToMinor("0", "kwd")).toBe(0n)
    expect(thresholdToMinor("1.2345", "kwd")).toBe(1235n)
    expect(() => thresholdToMinor("-1", "usd")).toThrow()
  })
})

describe("the amount bound (MAX_AMOUNT_MINOR: 15 digits of minor units)", () => {
  it.each([
    ["9999999999999.99", "usd", "-9999999999999.99"],
    ["999999999999.999", "kwd", "-999999999999.999"],
    ["999999999999999", "jpy", "-999999999999999"],
  ] as const)("accepts %s %s and its negative, refuses one minor unit more", (max, currency, min) => {
    expect(toMinor(max, currency)).toBe(MAX_AMOUNT_MINOR)
    expect(toMinor(min, currency)).toBe(-MAX_AMOUNT_MINOR)
    const next = currency === "usd" ? "10000000000000.00" : currency === "kwd" ? "1000000000000.000" : "1000000000000000"
    const error = moneyErrorOf(() => toMinor(next, currency, "unit_price"))
    expect(error.field).toBe("unit_price")
    expect(error.message).toBe(`unit_price must be at most ${max} ${currency.toUpperCase()}`)
    expect(moneyErrorOf(() => toMinor(`-${next}`, currency, "unit_price")).message).toBe(error.message)
    expect(moneyErrorOf(() => toMinor("99999999999999999999", currency, "unit_price")).message).toBe(error.message)
  })

  it("keeps every amount within the bound exact as a JSON number (what the API answers)", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -MAX_AMOUNT_MINOR, max: MAX_AMOUNT_MINOR }),
        fc.constantFrom("usd", "kwd", "jpy"),
        (minor, currency) => {
          const major = toMajor(minor, currency)
          // JSON.parse(JSON.stringify(Number(x))) gives back the same decimal
          expect(toMinor(JSON.parse(JSON.stringify(Number(major))), currency)).toBe(minor)
        }
      ),
      { numRuns: 2000 }
    )
    expect(JSON.stringify(Number(toMajor(MAX_AMOUNT_MINOR, "usd")))).toBe("9999999999999.99")
  })

  it("assertAmountInRange names the field", () => {
    expect(assertAmountInRange(MAX_AMOUNT_MINOR, "usd", "total")).toBe(MAX_AMOUNT_MINOR)
    expect(moneyErrorOf(() => assertAmountInRange(MAX_AMOUNT_MINOR + 1n, "usd", "total")).message).toBe(
      "total must be at most 9999999999999.99 USD"
    )
  })

  it("lineTotal refuses quantities of 10^11 and more", () => {
    expect(lineTotal("99999999999.9999", 1n)).toBe(100000000000n)
    const error = moneyErrorOf(() => lineTotal("100000000000", 1n))
    expect(error.field).toBe("quantity")
    expect(error.message).toBe("quantity must be less than 100000000000")
    expect(moneyErrorOf(() => lineTotal("100000000000000000000", 1n)).message).toBe("quantity must be less than 100000000000")
  })

  it("priceInvoiceLines bounds prices, line totals and the total, naming the line", () => {
    expect(priceInvoiceLines([{ quantity: "1", unit_price: "9999999999999.99" }], "usd")).toEqual({
      unitPrices: [MAX_AMOUNT_MINOR],
      lineTotals: [MAX_AMOUNT_MINOR],
      total: MAX_AMOUNT_MINOR,
    })
    const cases: [{ quantity: string; unit_price: string }[], string][] = [
      [[{ quantity: "1", unit_price: "10000000000000" }], "lines[0].unit_price must be at most 9999999999999.99 USD"],
      [[{ quantity: "1", unit_price: "1" }, { quantity: "2", unit_price: "5000000000000" }], "lines[1].total must be at most 9999999999999.99 USD"],
      [[{ quantity: "100000000000", unit_price: "1" }], "lines[0].quantity must be less than 100000000000"],
      [[{ quantity: "1.00001", unit_price: "1" }], "lines[0].quantity has more than 4 decimals"],
      [
        [{ quantity: "1", unit_price: "9999999999999.99" }, { quantity: "1", unit_price: "0.01" }],
        "total must be at most 9999999999999.99 USD",
      ],
    ]
    for (const [lines, message] of cases) {
      expect(moneyErrorOf(() => priceInvoiceLines(lines, "usd")).message).toBe(message)
    }
  })
})
