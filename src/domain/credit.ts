/**
 * Applying a customer's unapplied credit to what it owes (DESIGN sec. 4,
 * invariant 5). Pure: the caller loads and orders both sides.
 */
import type { PaymentStatus } from "./payment-state"

/** A succeeded payment's unapplied amount, minor units. */
export interface CreditSource {
  payment_id: string
  available: bigint
}

/** An invoice and the most credit it may take (its payable amount, or less), minor units. */
export interface CreditTarget {
  invoice_id: string
  amount: bigint
}

export interface CreditApplication {
  payment_id: string
  invoice_id: string
  amount: bigint
}

/**
 * Pays the targets, in the order given (oldest invoice first), from the
 * sources, in the order given (oldest credit first). Every application is
 * positive; no source gives more than it has, no target takes more than its
 * amount; the applications sum to min(total credit, total targets).
 */
export function distributeCredit(sources: readonly CreditSource[], targets: readonly CreditTarget[]): CreditApplication[] {
  const applications: CreditApplication[] = []
  let s = 0
  let left = sources.length ? sources[0].available : 0n
  for (const target of targets) {
    let need = target.amount > 0n ? target.amount : 0n
    while (need > 0n && s < sources.length) {
      if (left <= 0n) {
        s++
        left = s < sources.length ? sources[s].available : 0n
        continue
      }
      const take = left < need ? left : need
      applications.push({ payment_id: sources[s].payment_id, invoice_id: target.invoice_id, amount: take })
      left -= take
      need -= take
    }
    if (s >= sources.length) break
  }
  return applications
}

/**
 * Whether a capture reported for a payment in this status is money we had
 * given up on (DESIGN sec. 6: "a capture that arrives for a payment we had
 * given up is recorded … never dropped"). Such a payment becomes `succeeded`
 * although the state machine otherwise never leaves a terminal status.
 */
export function isLateCapture(status: PaymentStatus): boolean {
  return status === "failed" || status === "canceled"
}
