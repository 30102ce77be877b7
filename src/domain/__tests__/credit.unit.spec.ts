import fc from "fast-check"
import { distributeCredit, isLateCapture } from "../credit"

describe("distributeCredit", () => {
  it("pays the oldest invoice from the oldest credit first, splitting across sources and targets", () => {
    expect(
      distributeCredit(
        [
          { payment_id: "p1", available: 30n },
          { payment_id: "p2", available: 50n },
        ],
        [
          { invoice_id: "i1", amount: 40n },
          { invoice_id: "i2", amount: 100n },
        ]
      )
    ).toEqual([
      { payment_id: "p1", invoice_id: "i1", amount: 30n },
      { payment_id: "p2", invoice_id: "i1", amount: 10n },
      { payment_id: "p2", invoice_id: "i2", amount: 40n },
    ])
  })

  it("applies nothing without credit or without targets, and skips empty sources and targets", () => {
    expect(distributeCredit([], [{ invoice_id: "i1", amount: 5n }])).toEqual([])
    expect(distributeCredit([{ payment_id: "p1", available: 5n }], [])).toEqual([])
    expect(
      distributeCredit(
        [
          { payment_id: "p0", available: 0n },
          { payment_id: "p1", available: 5n },
        ],
        [
          { invoice_id: "i0", amount: 0n },
          { invoice_id: "i1", amount: 3n },
        ]
      )
    ).toEqual([{ payment_id: "p1", invoice_id: "i1", amount: 3n }])
  })

  it("never over-draws a source or over-pays a target; sums to min(credit, owed)", () => {
    const amounts = fc.array(fc.bigInt({ min: 0n, max: 10_000n }), { maxLength: 8 })
    fc.assert(
      fc.property(amounts, amounts, (credits, owed) => {
        const sources = credits.map((available, i) => ({ payment_id: `p${i}`, available }))
        const targets = owed.map((amount, i) => ({ invoice_id: `i${i}`, amount }))
        const result = distributeCredit(sources, targets)
        const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n)
        for (const r of result) expect(r.amount > 0n).toBe(true)
        for (const s of sources) {
          expect(sum(result.filter((r) => r.payment_id === s.payment_id).map((r) => r.amount)) <= s.available).toBe(true)
        }
        for (const t of targets) {
          expect(sum(result.filter((r) => r.invoice_id === t.invoice_id).map((r) => r.amount)) <= t.amount).toBe(true)
        }
        const total = sum(credits) < sum(owed) ? sum(credits) : sum(owed)
        expect(sum(result.map((r) => r.amount))).toBe(total)
      })
    )
  })
})

describe("isLateCapture", () => {
  it("is a capture for a payment we gave up on", () => {
    expect(["failed", "canceled"].every((s) => isLateCapture(s as any))).toBe(true)
    expect(["pending", "processing", "succeeded", "reversed"].some((s) => isLateCapture(s as any))).toBe(false)
  })
})
