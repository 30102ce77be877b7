import fc from "fast-check"
import { planRefund, refundBeyondCredit } from "../refund"

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
