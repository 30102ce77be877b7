/**
 * Applying a customer's unapplied credit to what it owes (DESIGN sec. 4,
 * invariant 5). Pure: the caller loads and orders both sides.
 */
import { compareOldestFirst, type OrderableInvoice } from "./allocation"
import { minBig } from "./money"
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

/** A credit-carrying payment as ordered for use: oldest credit first. */
export interface DatedCredit {
  id: string
  completed_at: Date | string | null
  created_at: Date | string
}

// Missing dates sort last.
function creditTime(date: Date | string | null): number {
  return date === null ? Number.POSITIVE_INFINITY : new Date(date).getTime()
}

/** Oldest credit first: by completion, then creation, then id (a sorted copy). */
export function orderCreditSources<T extends DatedCredit>(credits: readonly T[]): T[] {
  return [...credits].sort(
    (a, b) =>
      creditTime(a.completed_at) - creditTime(b.completed_at) ||
      creditTime(a.created_at) - creditTime(b.created_at) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  )
}

/** A payable invoice as credit sees it: what it can still take, minor units. */
export interface CreditableInvoice extends OrderableInvoice {
  payable: bigint
}

/**
 * What credit is to pay: every payable invoice, oldest-first, up to its
 * payable amount — or, with `requested`, those invoices (among the payable
 * ones) in the order requested, each up to the smaller of the requested and
 * the payable amount.
 */
export function creditTargets(invoices: readonly CreditableInvoice[], requested?: readonly CreditTarget[]): CreditTarget[] {
  if (requested) {
    const byId = new Map(invoices.map((invoice) => [invoice.id, invoice]))
    return requested
      .filter((t) => byId.has(t.invoice_id))
      .map((t) => ({ invoice_id: t.invoice_id, amount: minBig(t.amount, byId.get(t.invoice_id)!.payable) }))
  }
  return [...invoices].sort(compareOldestFirst).map((invoice) => ({ invoice_id: invoice.id, amount: invoice.payable }))
}

/** How much each source gave, per payment id (only those that gave something). */
export function creditUsedBySource(applications: readonly CreditApplication[]): Map<string, bigint> {
  const used = new Map<string, bigint>()
  for (const a of applications) used.set(a.payment_id, (used.get(a.payment_id) ?? 0n) + a.amount)
  return used
}

/** How much each invoice took, per invoice id, in the order the invoices first appear. */
export function creditReceivedByInvoice(applications: readonly CreditApplication[]): Map<string, bigint> {
  const received = new Map<string, bigint>()
  for (const a of applications) received.set(a.invoice_id, (received.get(a.invoice_id) ?? 0n) + a.amount)
  return received
}

/**
 * Whether a capture reported for a payment in this status is money we had
 * given up on (DESIGN sec. 6: "a capture that arrives for a payment we had
 * given up is recorded … never dropped"). Such a payment becomes `succeeded`
 * although the state machine otherwise never leaves a terminal status.
 */
export function isLateCapture(status: PaymentStatus, failureReason?: string | null): boolean {
  // A payment refused because its provider object was not the one created for
  // it never becomes paid by that object, whatever the provider reports later.
  if (failureReason === PROVIDER_OBJECT_MISMATCH) return false
  return status === "failed" || status === "canceled"
}

/** The failure reason of a payment whose provider object was not the one created for it. */
export const PROVIDER_OBJECT_MISMATCH = "provider_object_mismatch"

/**
 * The failure reason of a payment whose saved method the provider refused
 * and no longer lists for the account holder (removed at the provider):
 * nothing was charged, and no retry with that method can succeed.
 */
export const PAYMENT_METHOD_UNAVAILABLE = "payment_method_unavailable"

/**
 * The failure reason of a payment the provider would not start (unreachable
 * through every retry, or refusing the request) for a method only the
 * customer's own browser could confirm: nothing was charged, nothing can be.
 */
export const PROVIDER_ERROR = "provider_error"

/** The same in words (an autopay enrollment's pause reason, the failure email). */
export const PAYMENT_METHOD_UNAVAILABLE_TEXT = "the saved payment method is no longer available"

/** The pause reason of an enrollment the customer paused themselves (the admin sees it as it is; the portal says "You paused autopay"). */
export const CUSTOMER_PAUSED_TEXT = "paused by the customer"
