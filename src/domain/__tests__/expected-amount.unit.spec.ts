import fc from "fast-check"
import { balanceChange, balanceChangedMessage, customerAmount } from "../expected-amount"
import { toMajor, toMinor } from "../money"

const CURRENCIES = ["usd", "eur", "jpy", "kwd"]

describe("balanceChange", () => {
  it("agrees exactly when the expected amount, parsed from any spelling, is the charged amount", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 15n - 1n }), fc.constantFrom(...CURRENCIES), fc.nat(3), (minor, currency, zeros) => {
        // "12.5", "12.50", "12.500" are one amount; so is the number 12.5
        const spelled = toMajor(minor, currency) + (toMajor(minor, currency).includes(".") ? "0".repeat(zeros) : "")
        expect(balanceChange(minor, toMinor(spelled, currency, "expected_amount"), currency)).toBeNull()
      })
    )
  })

  it("reports any difference, in both directions, with both amounts as they are", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 15n - 1n }),
        fc.bigInt({ min: 1n, max: 10n ** 15n - 1n }),
        fc.constantFrom(...CURRENCIES),
        (amount, expected, currency) => {
          fc.pre(amount !== expected)
          expect(balanceChange(amount, expected, currency.toUpperCase())).toEqual({
            amount,
            expected_amount: expected,
            currency_code: currency,
          })
        }
      )
    )
  })

  it("a one-minor-unit difference is a change (no rounding anywhere)", () => {
    expect(balanceChange(10000n, 9999n, "usd")).not.toBeNull()
    expect(balanceChange(1000000000000001n, 1000000000000000n, "usd")).not.toBeNull()
  })

  it("no expected amount: nothing to compare", () => {
    expect(balanceChange(500n, undefined, "usd")).toBeNull()
    expect(balanceChange(500n, null, "usd")).toBeNull()
  })
})

describe("balanceChangedMessage", () => {
  it("says both amounts in words, formatted exactly from minor units", () => {
    expect(balanceChangedMessage({ amount: 24999n, expected_amount: 12000n, currency_code: "usd" })).toBe(
      "Your balance changed: the amount to pay is now $249.99 (you saw $120.00). Review and pay again."
    )
    expect(customerAmount(999999999999999n, "usd")).toBe("$9,999,999,999,999.99")
    expect(customerAmount(500n, "jpy")).toBe("¥500")
    expect(customerAmount(1234n, "kwd")).toBe("KWD\u00a01.234")
  })
})
