import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import Redis from "ioredis"
import {
  RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRedis,
  RateLimiterRes,
} from "rate-limiter-flexible"
import { hashSecretToken } from "../../modules/portal/tokens"
import { getBillingOptions } from "../../utils/options"

export type RateLimit = {
  /** length of the (fixed) window, milliseconds; counted in whole seconds, at least one */
  windowMs: number
  /** requests allowed per key within one window */
  max: number
}

/** What a rule needs of a limiter: rate-limiter-flexible's `consume` and `reward`. */
export type RateLimiterLike = Pick<RateLimiterAbstract, "consume" | "reward">

/**
 * Where the counts live (DESIGN sec. 16), so that every Medusa instance sees
 * the same ones:
 * - `redis`: the Redis Medusa itself uses (`projectConfig.redisUrl`), through
 *   rate-limiter-flexible's `RateLimiterRedis` — production;
 * - `postgres`: the app's PostgreSQL (`__pg_connection__`, Medusa's knex),
 *   table `rate_limit_counter` (migration `Migration20261202040000` of the
 *   invoicing module) through `RateLimiterPostgres` — several instances
 *   without Redis, the demo and the tests;
 * - `memory`: this process only (unit tests).
 */
export type RateLimitStore = { kind: "redis"; client: Redis } | { kind: "postgres"; knex: unknown } | { kind: "memory" }

/** The table RateLimiterPostgres counts in (created by a migration, not at run time). */
export const RATE_LIMIT_TABLE = "rate_limit_counter"

/** Every key in the store starts with this, then the scope and the limit. */
const KEY_PREFIX = "billing-rl"

/**
 * A rate-limiter-flexible limiter for one scope (e.g. "payments:customer")
 * and one configured limit, on `store`.
 *
 * Fixed windows (rate-limiter-flexible's semantics): a key's first request
 * opens a window of `windowMs`; `max` requests are allowed in it; the next
 * is refused until the window ends, when the count starts again. So at a
 * window's edge a client can make up to 2×max requests in a short span —
 * fine for abuse control. The limit is part of the key prefix: a changed
 * configuration starts with fresh counts.
 *
 * When the store fails (Redis down or unreachable, PostgreSQL error), the
 * `insuranceLimiter` — a memory limiter of the same limit — answers instead:
 * requests are neither refused nor held up, and during the outage each
 * process counts on its own (the limit is then per instance). Redis commands
 * fail at once while it is not connected (`enableOfflineQueue: false`,
 * `rejectIfRedisNotReady`), so an outage costs no request any waiting (only
 * a process's very first connection is waited for, at most 2 s: `limiterFor`).
 */
export function createLimiter(store: RateLimitStore, scope: string, limit: RateLimit): RateLimiterAbstract {
  if (!(Number.isSafeInteger(limit.windowMs) && limit.windowMs > 0)) throw new Error("rate limit windowMs must be a positive integer")
  if (!(Number.isSafeInteger(limit.max) && limit.max > 0)) throw new Error("rate limit max must be a positive integer")
  const common = {
    keyPrefix: `${KEY_PREFIX}:${scope}:${limit.windowMs}:${limit.max}`,
    points: limit.max,
    duration: Math.max(1, Math.ceil(limit.windowMs / 1000)),
  }
  if (store.kind === "memory") return new RateLimiterMemory(common)
  const insuranceLimiter = new RateLimiterMemory(common)
  if (store.kind === "redis") {
    return new RateLimiterRedis({ ...common, storeClient: store.client, rejectIfRedisNotReady: true, insuranceLimiter })
  }
  return new RateLimiterPostgres({
    ...common,
    storeClient: store.knex,
    storeType: "knex",
    tableName: RATE_LIMIT_TABLE,
    tableCreated: true,
    insuranceLimiter,
  })
}

/** How long the first requests of a process wait for its Redis connection before counting in memory. */
const FIRST_CONNECT_WAIT_MS = 2_000

type RedisConnection = { client: Redis; firstReady: Promise<void> }

/** One ioredis client per process and Redis URL, made on first use (a connection, not state). */
const redisConnections = new Map<string, RedisConnection>()

function redisConnection(url: string): RedisConnection {
  let connection = redisConnections.get(url)
  if (!connection) {
    const client = new Redis(url, {
      // fail a command at once while disconnected instead of queueing it (the insurance limiter answers)
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectionName: "billing-rate-limits",
    })
    // reconnection is ioredis's; an outage must not crash the process
    client.on("error", () => {})
    // Without the offline queue, a request arriving while the connection is
    // first being made would be counted in memory; so until the client has
    // been ready once (or FIRST_CONNECT_WAIT_MS passed), requests wait for it.
    const firstReady = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, FIRST_CONNECT_WAIT_MS)
      timer.unref()
      client.once("ready", () => {
        clearTimeout(timer)
        resolve()
      })
    })
    redisConnections.set(url, (connection = { client, firstReady }))
  }
  return connection
}

/** Closes this process's Redis connections of the rate limits (tests; a shutting-down process). */
export function disconnectRateLimitRedis(): void {
  for (const { client } of redisConnections.values()) client.disconnect()
  redisConnections.clear()
}

/** The store of this app: Redis when Medusa has one, else its PostgreSQL, else memory. */
export function rateLimitStore(container: MedusaRequest["scope"]): RateLimitStore & { ready?: Promise<void> } {
  const config = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE, { allowUnregistered: true }) as any
  const redisUrl = config?.projectConfig?.redisUrl
  if (typeof redisUrl === "string" && redisUrl) {
    const { client, firstReady } = redisConnection(redisUrl)
    return { kind: "redis", client, ready: firstReady }
  }
  const knex: unknown = container.resolve(ContainerRegistrationKeys.PG_CONNECTION, { allowUnregistered: true })
  if (knex) return { kind: "postgres", knex }
  return { kind: "memory" }
}

/**
 * The limiters made so far, per store connection (the knex or ioredis
 * object) and scope+limit. They are clients of the shared store and hold no
 * counts, except the insurance limiters during a store outage.
 */
const limiters = new WeakMap<object, Map<string, RateLimiterLike>>()
const memoryStore = {}

/** The limiter of a scope (e.g. "payments:ip") and configured limit on the app's store. */
export function limiterFor(container: MedusaRequest["scope"], scope: string, limit: RateLimit): RateLimiterLike {
  const store = rateLimitStore(container)
  const connection = (store.kind === "redis" ? store.client : store.kind === "postgres" ? store.knex : memoryStore) as object
  let byScope = limiters.get(connection)
  if (!byScope) limiters.set(connection, (byScope = new Map()))
  const id = `${scope}:${limit.windowMs}:${limit.max}`
  let limiter = byScope.get(id)
  if (!limiter) {
    const made = createLimiter(store, scope, limit)
    const ready = store.ready
    limiter = ready
      ? {
          consume: (key, points, options) => ready.then(() => made.consume(key, points, options)),
          reward: (key, points, options) => ready.then(() => made.reward(key, points, options)),
        }
      : made
    byScope.set(id, limiter)
  }
  return limiter
}

export type RateLimitRule = {
  /** shown in the 429 message, e.g. "payment attempts" */
  what: string
  /** the limiter and how a request maps onto its key; a null key is not limited by this rule */
  limiter: RateLimiterLike
  key: (req: MedusaRequest) => string | null | Promise<string | null>
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
 * the first rule (in order) that refuses answers 429 `{ type, message }` with
 * a Retry-After header in seconds.
 *
 * A refused request uses none of another rule's allowance: every rule's
 * point is consumed at once (one atomic store operation each), and when any
 * refuses, the points the others granted are given back (`reward`). Between
 * the two, a concurrent request may see those points as used — a brief,
 * conservative over-count, never an under-count.
 */
export function rateLimitMiddleware(rules: (req: MedusaRequest) => RateLimitRule[]) {
  return async (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => {
    try {
      const keyed = (await Promise.all(rules(req).map(async (rule) => ({ rule, key: await rule.key(req) })))).filter(
        (r): r is { rule: RateLimitRule; key: string } => r.key !== null
      )
      const outcomes = await Promise.allSettled(keyed.map(({ rule, key }) => rule.limiter.consume(key)))
      const refusedAt = outcomes.findIndex((o) => o.status === "rejected" && o.reason instanceof RateLimiterRes)
      // Any other failure means the store and its insurance limiter both failed: let the request through.
      if (refusedAt < 0) return next()
      await Promise.all(
        outcomes.map((o, i) => (o.status === "fulfilled" ? keyed[i].rule.limiter.reward(keyed[i].key).catch(() => undefined) : undefined))
      )
      const refusal = (outcomes[refusedAt] as PromiseRejectedResult).reason as RateLimiterRes
      const seconds = Math.max(1, Math.ceil(refusal.msBeforeNext / 1000))
      const { what } = keyed[refusedAt].rule
      res.setHeader("Retry-After", String(seconds))
      res.status(429).json({
        type: "too_many_requests",
        message: `Too many ${what}; try again in ${seconds} second${seconds === 1 ? "" : "s"}`,
      })
    } catch (e) {
      next(e)
    }
  }
}

/**
 * DESIGN sec. 11: routes opened by a secret token (invitations, pay links)
 * are limited per token and per client IP (plugin option
 * `rateLimits[kind]`), counted before anything else runs. The token is keyed
 * by its hash, so the store holds no usable token.
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
  return rateLimitMiddleware((req: MedusaRequest) => {
    const options = getBillingOptions(req.scope)
    const limits = options.rateLimits[spec.kind]
    return [
      {
        what: spec.perToken,
        limiter: limiterFor(req.scope, `${spec.kind}:token`, limits.perToken),
        key: (r: MedusaRequest) => {
          const token = spec.token(r)
          return token ? hashSecretToken(token) : null
        },
      },
      {
        what: spec.perIp,
        limiter: limiterFor(req.scope, `${spec.kind}:ip`, limits.perIp),
        key: (r: MedusaRequest) => clientIp(r, options.trustProxy),
      },
    ]
  })
}
