import { useRef } from "react"

/** One attempt of a form that moves money or sends mail: its key and the body it was made for. */
export type Attempt = { key: string; body: string }

/** A fresh `Idempotency-Key` such as `admin-refund-3f2a…`. */
export function newIdempotencyKey(prefix: string): string {
  const c = globalThis.crypto as Crypto | undefined
  if (c?.randomUUID) return `${prefix}-${c.randomUUID()}`
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`
}

/**
 * The attempt a request with `body` belongs to: the current one when the body
 * is the same (a double click, or a retry after a failure or a timeout, so the
 * server acts once), else a new attempt with a new key.
 */
export function attemptFor(current: Attempt | null, body: unknown, makeKey: () => string): Attempt {
  const serialized = JSON.stringify(body)
  return current && current.body === serialized ? current : { key: makeKey(), body: serialized }
}

/**
 * `Idempotency-Key`s for one form, one per attempt (see `attemptFor`). Call
 * `done()` after a success: sending again after that is a new action (a
 * second check, a resend), with a new key. A form mounted afresh starts a
 * new attempt too.
 */
export function useAttemptKey(prefix: string) {
  const attempt = useRef<Attempt | null>(null)
  return {
    keyFor(body: unknown): string {
      attempt.current = attemptFor(attempt.current, body, () => newIdempotencyKey(prefix))
      return attempt.current.key
    },
    done() {
      attempt.current = null
    },
  }
}
