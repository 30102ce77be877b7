import fc from "fast-check"
import { creditTargets, distributeCredit, isLateCapture, orderCreditSources } from "../credit"

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
    // refused because its provider object was not this payment's: never paid by that object later
    expect(isLateCapture("failed", "provider_object_mismatch")).toBe(false)
    expect(isLateCapture("failed", "card_declined")).toBe(true)
  })
})

describe("orderCreditSources", () => {
  it("orders credit by completion, then creation, then id, missing completion last, without touching the input", () => {
    const credits = [
      { id: "p3", completed_at: null, created_at: new Date("2026-01-01") },
      { id: "p2", completed_at: new Date("2026-02-01"), created_at: new Date("2026-01-05") },
      { id: "p1", completed_at: new Date("2026-02-01"), created_at: new Date("2026-01-05") },
      { id: "p4", completed_at: "2026-01-15T00:00:00Z", created_at: "2026-01-10T00:00:00Z" },
    ]
    const before = credits.map((c) => c.id)
    expect(orderCreditSources(credits).map((c) => c.id)).toEqual(["p4", "p1", "p2", "p3"])
    expect(credits.map((c) => c.id)).toEqual(before)
  })
})

describe("creditTargets", () => {
  const invoice = (id: string, display_id: number, due: string | null, payable: bigint) => ({
    id,
    display_id,
    due_at: due ? new Date(due) : null,
    issued_at: null,
    payable,
  })
  const invoices = [invoice("i2", 2, "2026-03-01", 50n), invoice("i1", 1, "2026-02-01", 30n), invoice("i3", 3, null, 10n)]

  it("without requested targets: every payable invoice, oldest-first, up to what it can take", () => {
    expect(creditTargets(invoices)).toEqual([
      { invoice_id: "i1", amount: 30n },
      { invoice_id: "i2", amount: 50n },
      { invoice_id: "i3", amount: 10n },
    ])
  })

  it("with requested targets: those still payable, in the requested order, each capped at what it can take", () => {
    expect(
      creditTargets(invoices, [
        { invoice_id: "i2", amount: 80n },
        { invoice_id: "gone", amount: 5n },
        { invoice_id: "i1", amount: 10n },
      ])
    ).toEqual([
      { invoice_id: "i2", amount: 50n },
      { invoice_id: "i1", amount: 10n },
    ])
  })
})
