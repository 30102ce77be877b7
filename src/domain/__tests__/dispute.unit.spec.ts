import fc from "fast-check"
import { disputeDifferenceNote } from "../dispute"

describe("disputeDifferenceNote", () => {
  const payment = { reversed: 7000n, refunded: 3000n, currency_code: "usd" }

  it("says nothing when the dispute took what was reversed, in another currency, or when its amount is unknown", () => {
    expect(disputeDifferenceNote({ amount: 7000n, currency_code: "usd" }, payment)).toBeNull()
    expect(disputeDifferenceNote({ amount: 7000n, currency_code: "USD" }, payment)).toBeNull()
    expect(disputeDifferenceNote({ amount: 9000n, currency_code: "eur" }, payment)).toBeNull()
    expect(disputeDifferenceNote(null, payment)).toBeNull()
    expect(disputeDifferenceNote(undefined, payment)).toBeNull()
  })

  it("names the difference and what to do, in exact amounts of the currency", () => {
    expect(disputeDifferenceNote({ amount: 10000n, currency_code: "usd" }, payment)).toBe(
      "The dispute took 100.00 USD, 30.00 USD more than the 70.00 USD not refunded (30.00 USD had been refunded): the customer got that money back twice. Contest the dispute with the refund, or collect it from the customer."
    )
    expect(disputeDifferenceNote({ amount: 1n, currency_code: "usd" }, payment)).toContain("record 69.99 USD as an offline payment")
    expect(disputeDifferenceNote({ amount: 5001n, currency_code: "jpy" }, { reversed: 5000n, refunded: 0n, currency_code: "jpy" })).toContain(
      "The dispute took 5001 JPY, 1 JPY more"
    )
  })

  it("is a note exactly when the amounts differ, and names the difference", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: 0n, max: 10n ** 12n }), (taken, reversed) => {
        const note = disputeDifferenceNote({ amount: taken, currency_code: "usd" }, { reversed, refunded: 0n, currency_code: "usd" })
        expect(note === null).toBe(taken === reversed)
        if (note) {
          const diff = taken > reversed ? taken - reversed : reversed - taken
          const major = `${diff / 100n}.${String(diff % 100n).padStart(2, "0")} USD`
          expect(note).toContain(`, ${major} ${taken > reversed ? "more" : "less"} than`)
        }
      })
    )
  })
})
