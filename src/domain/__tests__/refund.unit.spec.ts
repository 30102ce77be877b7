import fc from "fast-check"
import { planRefund, planRefundAfter, refundBeyondCredit } from "../refund"

describe("planRefund", () => {
  it("takes the payment's credit first, then its allocations in the order given, the last one in part", () => {
    expect(
      planRefund(70n, 20n, [
        { id: "a1", invoice_id: "i1", amount: 30n },
        { id: "a2", invoice_id: "i2", amount: 40n },
        { id: "a3", invoice_id: "i3", amount: 10n },
      ])
    ).toEqual({
      from_credit: 20n,
      from_allocations: [
        { id: "a1", invoice_id: "i1", amount: 30n, taken: 30n },
        { id: "a2", invoice_id: "i2", amount: 40n, taken: 20n },
      ],
    })
  })

  it("touches no allocation when the credit covers the refund", () => {
    expect(planRefund(15n, 20n, [{ id: "a1", invoice_id: "i1", amount: 30n }])).toEqual({ from_credit: 15n, from_allocations: [] })
    expect(refundBeyondCredit(15n, 20n)).toBe(0n)
    expect(refundBeyondCredit(25n, 20n)).toBe(5n)
  })

  it("what it takes sums to the refund whenever the payment holds that much, and no allocation gives more than it has", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10_000n }),
        fc.array(fc.bigInt({ min: 0n, max: 10_000n }), { maxLength: 8 }),
        fc.bigInt({ min: 0n, max: 100_000n }),
        (unapplied, amounts, requested) => {
          const held = unapplied + amounts.reduce((a, b) => a + b, 0n)
          const amount = requested > held ? held : requested
          const plan = planRefund(
            amount,
            unapplied,
            amounts.map((a, i) => ({ id: `a${i}`, invoice_id: `i${i}`, amount: a }))
          )
          const taken = plan.from_allocations.reduce((sum, a) => sum + a.taken, 0n)
          expect(plan.from_credit + taken).toBe(amount)
          expect(plan.from_credit).toBe(refundBeyondCredit(amount, unapplied) === 0n ? amount : unapplied)
          for (const a of plan.from_allocations) expect(a.taken <= a.amount && a.taken >= 0n).toBe(true)
        }
      )
    )
  })
})

describe("planRefundAfter (earlier refunds still pending)", () => {
  const allocations = [
    { id: "a2", invoice_id: "i2", amount: 40_00n }, // due later: refunded first
    { id: "a1", invoice_id: "i1", amount: 60_00n },
  ]

  it("plans this refund on what the pending ones leave: a pending $30 empties most of INV-2, so $20 reopens INV-2 by $10 and INV-1 by $10", () => {
    const plan = planRefundAfter([30_00n], 20_00n, 0n, allocations)
    expect(plan.from_allocations.map((a) => [a.invoice_id, a.taken])).toEqual([
      ["i2", 10_00n],
      ["i1", 10_00n],
    ])
    expect(plan.earlier_from_allocations.map((a) => [a.invoice_id, a.taken])).toEqual([["i2", 30_00n]])
  })

  it("is planRefund when nothing is pending", () => {
    const { earlier_from_allocations, ...plan } = planRefundAfter([], 50_00n, 5_00n, allocations)
    expect(plan).toEqual(planRefund(50_00n, 5_00n, allocations))
    expect(earlier_from_allocations).toEqual([])
  })

  it("equals recording the refunds one after another, and together they take what they sum to", () => {
    const arb = fc.record({
      unapplied: fc.bigInt({ min: 0n, max: 10_000n }),
      amounts: fc.array(fc.bigInt({ min: 1n, max: 10_000n }), { minLength: 1, maxLength: 8 }),
      refunds: fc.array(fc.bigInt({ min: 1n, max: 5_000n }), { minLength: 1, maxLength: 4 }),
    })
    fc.assert(
      fc.property(arb, ({ unapplied, amounts, refunds }) => {
        const allocs = amounts.map((amount, i) => ({ id: `a${i}`, invoice_id: `i${i}`, amount }))
        const total = unapplied + amounts.reduce((t, a) => t + a, 0n)
        if (refunds.reduce((t, r) => t + r, 0n) > total) return
        const [last, ...before] = [...refunds].reverse()
        const earlier = before.reverse()
        // one after another, each on what the previous left
        let credit = unapplied
        let left = allocs
        for (const r of earlier) {
          const p = planRefund(r, credit, left)
          credit -= p.from_credit
          left = left.map((a) => ({ ...a, amount: a.amount - (p.from_allocations.find((t) => t.id === a.id)?.taken ?? 0n) })).filter((a) => a.amount > 0n)
        }
        const expected = planRefund(last, credit, left)
        const { earlier_from_allocations, ...plan } = planRefundAfter(earlier, last, unapplied, allocs)
        expect(plan).toEqual(expected)
        const took = plan.from_credit + plan.from_allocations.reduce((t, a) => t + a.taken, 0n)
        expect(took).toBe(last)
        expect(earlier_from_allocations.every((a) => a.taken > 0n)).toBe(true)
      })
    )
  })
})
