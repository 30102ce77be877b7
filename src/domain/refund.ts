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
