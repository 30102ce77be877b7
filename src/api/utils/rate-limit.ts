import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { hashSecretToken } from "../../modules/portal/tokens"
import { getBillingOptions } from "../../utils/options"

export type RateLimit = {
  /** length of the sliding window, milliseconds */
  windowMs: number
  /** requests allowed per key within any window of that length */
  max: number
}

export type RateLimitDecision = {
  allowed: boolean
  /** 0 when allowed; otherwise how long until the next request would be */
  retryAfterMs: number
  /** requests left in the current window after this one */
  remaining: number
}

export type RateLimiter = {
  /** Counts a request for `key` at `now` (epoch ms) when it is allowed. */
  hit(key: string, now: number): RateLimitDecision
  /** What `hit` would answer, without counting anything. */
  peek(key: string, now: number): RateLimitDecision
  /** Forgets every key (tests, configuration changes). */
  reset(): void
}

/** Every this many hits, keys whose window has fully passed are dropped, so memory stays bounded. */
const SWEEP_EVERY = 1000

/**
 * An in-process sliding-window limiter: a key may make `max` requests in any
 * `windowMs` span. It keeps, per key, the times of its allowed requests
 * inside the window (at most `max`); a refused request is not counted, so a
 * client that keeps trying is let in as soon as the oldest request leaves the
 * window. Pure apart from its own memory: the caller passes the time in.
 *
 * One process only: with several Medusa instances each keeps its own counts,
 * so the effective limit is `max` × instances (acceptable for abuse control;
 * a shared store would be needed for an exact global limit).
 */
export function createRateLimiter({ windowMs, max }: RateLimit): RateLimiter {
  if (!(Number.isSafeInteger(windowMs) && windowMs > 0)) throw new Error("rate limit windowMs must be a positive integer")
  if (!(Number.isSafeInteger(max) && max > 0)) throw new Error("rate limit max must be a positive integer")
  const hits = new Map<string, number[]>()
  let sinceSweep = 0

  const sweep = (now: number) => {
    for (const [key, times] of hits) {
      if (!times.length || times[times.length - 1] <= now - windowMs) hits.delete(key)
    }
  }

  /** The key's request times still inside the window at `now`. */
  const current = (key: string, now: number) => {
    const since = now - windowMs
    const times = hits.get(key) ?? []
    let expired = 0
    while (expired < times.length && times[expired] <= since) expired++
    if (expired) times.splice(0, expired)
    return times
  }
  const decide = (times: number[], now: number): RateLimitDecision =>
    times.length >= max
      ? { allowed: false, retryAfterMs: Math.max(1, times[0] + windowMs - now), remaining: 0 }
      : { allowed: true, retryAfterMs: 0, remaining: max - times.length - 1 }

  return {
    hit(key: string, now: number): RateLimitDecision {
      if (++sinceSweep >= SWEEP_EVERY) {
        sinceSweep = 0
        sweep(now)
      }
      const times = current(key, now)
      const decision = decide(times, now)
      if (decision.allowed) {
        times.push(now)
        hits.set(key, times)
      }
      return decision
    },
    peek(key: string, now: number): RateLimitDecision {
      return decide(current(key, now), now)
    },
    reset() {
      hits.clear()
      sinceSweep = 0
    },
  }
}

export type RateLimitRule = {
  /** shown in the 429 message, e.g. "payment attempts" */
  what: string
  /** the limiter and how a request maps onto its key; a null key is not limited by this rule */
  limiter: RateLimiter
  key: (req: MedusaRequest) => string | null
}

/**
 * The client address the per-address limits are keyed on.
 *
 * Not `req.ip`: Medusa 2.x hard-codes Express's `trust proxy` to 1
 * (framework `express-loader`), so `req.ip` is the last X-Forwarded-For
 * entry even when a client reaches Medusa directly, and a client that sends
 * a new header on every request would escape the limits. Instead the
 * connection's address is used, and X-Forwarded-For only as far as the
 * operator says proxies append to it (plugin option `trustProxy`, a number of
 * hops, default 0), exactly as Express computes `req.ip` for a numeric
 * `trust proxy`: with N trusted hops, the N-th address from the right.
 */
export function clientIp(req: MedusaRequest, trustedHops = 0): string | null {
  const socketAddress = req.socket?.remoteAddress ?? null
  if (!socketAddress || !(trustedHops > 0)) return socketAddress
  const header = req.headers?.["x-forwarded-for"]
  const forwarded = (Array.isArray(header) ? header.join(",") : header ?? "")
    .split(",")
    .map((a) => a.trim())
    .filter(Boolean)
  // nearest first: the socket, then the header from the right
  const chain = [socketAddress, ...forwarded.reverse()]
  return chain[Math.min(Math.floor(trustedHops), chain.length - 1)]
}

/**
 * Express middleware applying several rules (e.g. per customer and per IP):
 * the first rule that refuses answers 429 `{ type, message }` with a
 * Retry-After header in seconds. Every rule is checked before any counts, so
 * a refused request does not use up another rule's allowance.
 */
export function rateLimitMiddleware(rules: (req: MedusaRequest) => RateLimitRule[], now: () => number = Date.now) {
  return (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => {
    const at = now()
    const keyed = rules(req)
      .map((rule) => ({ rule, key: rule.key(req) }))
      .filter((r): r is { rule: RateLimitRule; key: string } => r.key !== null)
    for (const { rule, key } of keyed) {
      const decision = rule.limiter.peek(key, at)
      if (!decision.allowed) {
        const seconds = Math.ceil(decision.retryAfterMs / 1000)
        res.setHeader("Retry-After", String(seconds))
        res.status(429).json({
          type: "too_many_requests",
          message: `Too many ${rule.what}; try again in ${seconds} second${seconds === 1 ? "" : "s"}`,
        })
        return
      }
    }
    for (const { rule, key } of keyed) rule.limiter.hit(key, at)
    next()
  }
}

// One limiter per scope and configured limit for the life of the process; a
// changed configuration (tests) starts with fresh counts.
const sharedLimiters = new Map<string, RateLimiter>()

/** The process-wide limiter of a scope (e.g. "payments:ip") for a configured limit. */
export function limiterFor(scope: string, limit: RateLimit): RateLimiter {
  const id = `${scope}:${limit.windowMs}:${limit.max}`
  let limiter = sharedLimiters.get(id)
  if (!limiter) {
    limiter = createRateLimiter(limit)
    sharedLimiters.set(id, limiter)
  }
  return limiter
}

/**
 * DESIGN sec. 11: routes opened by a secret token (invitations, pay links)
 * are limited per token and per client IP (plugin option
 * `rateLimits[kind]`), counted before anything else runs. The token is keyed
 * by its hash, so the limiter's memory holds no usable token.
 */
export function secretTokenRateLimit(spec: {
  /** which `rateLimits` entry, and the limiters' scope */
  kind: "invitations" | "payLinks"
  /** the raw token of a request, or null when it carries none */
  token: (req: MedusaRequest) => string | null
  /** what the 429 messages count: "attempts with this invitation", "invitation attempts from this address" */
  perToken: string
  perIp: string
}) {
  return (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => {
    const options = getBillingOptions(req.scope)
    const limits = options.rateLimits[spec.kind]
    return rateLimitMiddleware(() => [
      {
        what: spec.perToken,
        limiter: limiterFor(`${spec.kind}:token`, limits.perToken),
        key: (r: MedusaRequest) => {
          const token = spec.token(r)
          return token ? hashSecretToken(token) : null
        },
      },
      {
        what: spec.perIp,
        limiter: limiterFor(`${spec.kind}:ip`, limits.perIp),
        key: (r: MedusaRequest) => clientIp(r, options.trustProxy),
      },
    ])(req, res, next)
  }
}
