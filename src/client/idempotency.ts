/**
 * A fresh `Idempotency-Key`: a random UUID (v4).
 *
 * One key per payment attempt, reused on every retry of that attempt: make
 * it when the customer presses Pay (or let `createPayment` make it and take
 * it from its answer or from the BillingApiError), send the same key again
 * when the request failed without an answer or with a 5xx, and make a new one
 * only when the customer changes what they pay (another amount, invoice or
 * method: the same key with another body is refused with 409).
 */
export function newIdempotencyKey(): string {
  const crypto = (globalThis as { crypto?: Partial<Crypto> }).crypto
  if (crypto?.randomUUID) return crypto.randomUUID()
  // Browsers offer randomUUID only on https:// and localhost pages;
  // getRandomValues works everywhere, so an http:// staging site still gets
  // keys of the same quality.
  if (crypto?.getRandomValues) {
    const bytes = crypto.getRandomValues(new Uint8Array(16))
    bytes[6] = (bytes[6] & 0x0f) | 0x40 // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80 // RFC 4122 variant
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
  }
  throw new Error("No Web Crypto API here to make an Idempotency-Key: pass idempotencyKey yourself")
}
