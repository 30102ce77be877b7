/**
 * Where a refund's money comes from (pure): first the credit the payment
 * left, then its allocations in the order given (the caller orders them most
 * recently due first). Minor units.
 */
import { minBig } from "./money"

export interface RefundableAllocation {
  id: string
  invoice_id: string
  amount: bigint
}

export interface RefundPlan {
  /** taken out of the payment's unapplied credit */
  from_credit: bigint
  /** taken back from allocations, in order; `taken` ≤ the allocation's amount */
  from_allocations: (RefundableAllocation & { taken: bigint })[]
}

/** The part of `amount` the credit cannot cover (what allocations must give back). */
export function refundBeyondCredit(amount: bigint, unapplied: bigint): bigint {
  return amount - minBig(amount, unapplied)
}

export function planRefund(amount: bigint, unapplied: bigint, allocations: readonly RefundableAllocation[]): RefundPlan {
  const fromCredit = minBig(amount, unapplied)
  let remaining = amount - fromCredit
  const fromAllocations: RefundPlan["from_allocations"] = []
  for (const allocation of allocations) {
    if (remaining === 0n) break
    const taken = minBig(allocation.amount, remaining)
    remaining -= taken
    fromAllocations.push({ ...allocation, taken })
  }
  return { from_credit: fromCredit, from_allocations: fromAllocations }
}

/**
 * `planRefund` for a refund recorded after earlier ones still pending (the
 * provider refunded them; recording them is under way or will be retried):
 * each earlier refund takes from the credit and the allocations first, in
 * the order given, and this one from what they leave. What an admin is told
 * a refund will reopen is then what recording it does.
 */
export function planRefundAfter(
  earlier: readonly bigint[],
  amount: bigint,
  unapplied: bigint,
  allocations: readonly RefundableAllocation[]
): RefundPlan & { earlier_from_allocations: RefundPlan["from_allocations"] } {
  let credit = unapplied
  let left = allocations.map((a) => ({ ...a }))
  const earlierTaken: RefundPlan["from_allocations"] = []
  for (const previous of earlier) {
    const plan = planRefund(previous, credit, left)
    credit -= plan.from_credit
    const taken = new Map(plan.from_allocations.map((a) => [a.id, a.taken]))
    earlierTaken.push(...plan.from_allocations)
    left = left.map((a) => ({ ...a, amount: a.amount - (taken.get(a.id) ?? 0n) })).filter((a) => a.amount > 0n)
  }
  return { ...planRefund(amount, credit, left), earlier_from_allocations: earlierTaken }
}
