import fc from "fast-check"
import { LEDGER_ENTRY_TYPES, type LedgerEntryType, ledgerSign, postEntry } from "../ledger"

describe("ledgerSign", () => {
  it.each<[LedgerEntryType, -1 | 0 | 1]>([
    ["invoice", 1],
    ["payment", -1],
    ["payment_reversal", 1],
    ["refund", 1],
    ["void", -1],
    ["credit_applied", 0],
    ["adjustment", 1],
  ])("%s → %s", (type, sign) => {
    expect(ledgerSign(type)).toBe(sign)
  })

  it("covers every entry type", () => {
    expect(LEDGER_ENTRY_TYPES).toHaveLength(7)
  })
})

describe("postEntry", () => {
  it.each<[bigint, LedgerEntryType, bigint, bigint, bigint]>([
    [0n, "invoice", 10000n, 10000n, 10000n],
    [10000n, "payment", 2500n, -2500n, 7500n],
    [7500n, "payment_reversal", 2500n, 2500n, 10000n],
    [10000n, "void", 10000n, -10000n, 0n],
    [0n, "payment", 500n, -500n, -500n], // an overpayment leaves credit
    [-500n, "refund", 500n, 500n, 0n], // refunding that credit
    [-500n, "credit_applied", 500n, 0n, -500n], // moves no balance
    [100n, "adjustment", -300n, -300n, -200n],
    [100n, "adjustment", 300n, 300n, 400n],
    [100n, "invoice", 0n, 0n, 100n],
  ])("balance %s, %s of %s → amount %s, balance %s", (prev, type, magnitude, amount, balanceAfter) => {
    expect(postEntry(prev, type, magnitude)).toEqual({ amount, balance_after: balanceAfter })
  })

  it.each<LedgerEntryType>(["invoice", "payment", "payment_reversal", "refund", "void", "credit_applied"])(
    "refuses a negative magnitude for %s",
    (type) => {
      expect(() => postEntry(0n, type, -1n)).toThrow(RangeError)
    }
  )

  it("refuses an unknown type", () => {
    expect(() => postEntry(0n, "toString" as LedgerEntryType, 1n)).toThrow(RangeError)
  })

  it("the last balance_after is always the sum of the posted amounts", () => {
    const entry = fc.record({
      type: fc.constantFrom(...LEDGER_ENTRY_TYPES),
      magnitude: fc.bigInt({ min: 0n, max: 10n ** 12n }),
      negate: fc.boolean(),
    })
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 50 }), (entries) => {
        let balance = 0n
        let sum = 0n
        for (const { type, magnitude, negate } of entries) {
          const signed = type === "adjustment" && negate ? -magnitude : magnitude
          const posted = postEntry(balance, type, signed)
          expect(posted.balance_after - balance).toBe(posted.amount)
          sum += posted.amount
          balance = posted.balance_after
        }
        expect(balance).toBe(sum)
      }),
      { numRuns: 1000 }
    )
  })
})
