import { createHash } from "crypto"
import { MoneyError, toMinor } from "./money"

export type PaymentRequestIdentity = {
  mode: string
  currency_code: string
  invoice_ids?: readonly string[] | null
  amounts?: Readonly<Record<string, string | number>> | null
  amount?: string | number | null
  payment_method?: { type?: string; saved_method_id?: string | null } | null
  note?: string | null
}

/** An amount as exact minor units of the currency ("1.5", 1.5 and "1.50" USD are all 150). */
function canonicalAmount(value: string | number, currency: string): string {
  try {
    return toMinor(typeof value === "string" ? value.trim() : value, currency).toString()
  } catch (e) {
    // not an amount: the request is refused anyway; keep it distinct from every amount
    if (e instanceof MoneyError) return `invalid:${String(value)}`
    throw e
  }
}

/**
 * What makes two payment requests "the same" under one Idempotency-Key: the
 * same meaning, not the same JSON. Amounts are compared as exact minor units,
 * the currency case-insensitively, the invoice ids as a set in any order and
 * the per-invoice amounts keyed by id. Card and bank numbers are left out: a
 * hash of a card number is itself sensitive.
 */
export function paymentRequestHash(body: PaymentRequestIdentity): string {
  const currency = body.currency_code.toLowerCase()
  const amounts = body.amounts
    ? Object.keys(body.amounts)
        .sort()
        .map((id) => [id, canonicalAmount(body.amounts![id], currency)])
    : null
  const canonical = {
    mode: body.mode,
    currency_code: currency,
    invoice_ids: body.invoice_ids ? [...body.invoice_ids].sort() : null,
    amounts,
    amount: body.amount === undefined || body.amount === null ? null : canonicalAmount(body.amount, currency),
    payment_method: { type: body.payment_method?.type ?? null, saved_method_id: body.payment_method?.saved_method_id ?? null },
    note: body.note ?? null,
  }
  return createHash("sha256").update(JSON.stringify(canonical)).digest("hex")
}

export type OfflinePaymentRequestIdentity = {
  invoice_id: string
  /** minor units */
  amount: bigint
  offline_method?: string | null
  reference?: string | null
  note?: string | null
  received_at?: Date | string | null
}

/**
 * What makes two offline payments an admin records "the same" under one
 * Idempotency-Key: the invoice, the exact amount, how it came in, its
 * reference and note, and the day it was received (as an instant).
 */
export function offlinePaymentRequestHash(request: OfflinePaymentRequestIdentity): string {
  const canonical = {
    kind: "offline_payment",
    invoice_id: request.invoice_id,
    amount: request.amount.toString(),
    offline_method: request.offline_method ?? null,
    reference: request.reference ?? null,
    note: request.note ?? null,
    received_at: request.received_at ? new Date(request.received_at).toISOString() : null,
  }
  return createHash("sha256").update(JSON.stringify(canonical)).digest("hex")
}
