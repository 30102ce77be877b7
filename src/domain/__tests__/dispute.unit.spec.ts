import fc from "fast-check"
import { disputeDifferenceNote, disputeTakenFromStripe } from "../dispute"

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

describe("disputeTakenFromStripe", () => {
  const from = (stripe_amount: bigint, currency_code: string, perMajor: bigint) => disputeTakenFromStripe({ stripe_amount, currency_code }, perMajor)

  it("converts Stripe's unit to the project's, where they differ", () => {
    expect(from(4999n, "usd", 100n)).toEqual({ amount: 4999n, currency_code: "usd", tolerance: 0n })
    expect(from(5000n, "jpy", 1n)).toEqual({ amount: 5000n, currency_code: "jpy", tolerance: 0n })
    // ISK: Stripe counts hundredths, ISO none
    expect(from(500000n, "isk", 100n)).toEqual({ amount: 5000n, currency_code: "isk", tolerance: 0n })
    expect(from(123450n, "isk", 100n)).toMatchObject({ amount: 1235n })
    // MGA: Stripe counts whole ariary, ISO hundredths; a charge was rounded to one ariary
    expect(from(5000n, "mga", 1n)).toEqual({ amount: 500000n, currency_code: "mga", tolerance: 99n })
    // KWD: both count fils, but Stripe charges in tens of them
    expect(from(10010n, "kwd", 1000n)).toEqual({ amount: 10010n, currency_code: "kwd", tolerance: 9n })
  })

  it("a dispute of a whole charge as Stripe made it is never a difference", () => {
    // what Medusa's Stripe provider charges for an amount (getSmallestUnit): rounded half up to Stripe's unit,
    // three-decimal currencies then up to tens; the dispute of that charge is that many units
    const charged = (minor: bigint, exponent: number, perMajor: bigint) => {
      const project = 10n ** BigInt(exponent)
      let units = perMajor >= project ? minor * (perMajor / project) : (minor * 2n * perMajor + project) / (2n * project)
      if (perMajor === 1000n) units = ((units + 9n) / 10n) * 10n
      return units
    }
    fc.assert(
      fc.property(
        fc.constantFrom(["usd", 2, 100n], ["jpy", 0, 1n], ["isk", 0, 100n], ["mga", 2, 1n], ["kwd", 3, 1000n]),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        ([currency, exponent, perMajor], reversed) => {
          const taken = from(charged(reversed, exponent as number, perMajor as bigint), currency as string, perMajor as bigint)
          expect(disputeDifferenceNote(taken, { reversed, refunded: 0n, currency_code: currency as string })).toBeNull()
        }
      )
    )
  })
})
