import fc from "fast-check"
import {
  bodyFor,
  encode,
  FuzzInput,
  idempotencyKey as idempotencyKeyArb,
  idFor,
  secretToken,
  queryFor,
  transport as transportArb,
} from "./arbitraries"
import type { FuzzRoute } from "./routes"
import { BillingSnapshot, diffSnapshots, Snapshot } from "./snapshot"

/**
 * Sends fuzzed requests and checks every answer: no 5xx, nothing internal in
 * it, a JSON `{ type, message }` for every error, and for every rejected
 * request (4xx) the billing tables exactly as they were.
 */

/** Fixed by default; `FUZZ_SEED` / `FUZZ_RUNS` for longer runs (`FUZZ_RUNS=500` for the issue's --long mode). */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 1313)
export const fuzzRuns = (fallback: number) => Number(process.env.FUZZ_RUNS ?? fallback)

// What an answer must never carry: stack frames, source paths, SQL, engine errors.
const LEAKS: [string, RegExp][] = [
  ["stack frame", /\bat [^\s()]+ \(.*:\d+:\d+\)|\bat (?:async )?\/[^\s]+:\d+:\d+/],
  ["source path", /(?:\/src\/|\/dist\/|node_modules|\.ts:\d+|\.js:\d+)/],
  ["JS error name", /\b(?:TypeError|ReferenceError|RangeError|InternalError)\b/],
  ["SQL", /\b(?:select\s.+\sfrom|insert into|update\s\S+\sset|delete from)\b|syntax error at or near|violates (?:not-null|foreign key|unique|check) constraint|relation "[^"]+"|column "[^"]+"|invalid input syntax for type|MikroORM|knex/i],
  ["stack property", /"stack"\s*:/],
]

const NODE_REFUSALS = [414, 431]

export type Sent = {
  describe: string
  status: number
  text: string
  contentType: string
}

export type Context = {
  baseUrl: string
  publishableKey: string
  customerHeaders: Record<string, string>
  adminHeaders: Record<string, string>
  idPool: string[]
  tokenPool: string[]
  snapshot: BillingSnapshot
}

/** The routes whose credential is a secret token, sent in a header (never in the URL). */
const TOKEN_HEADERS: Partial<Record<FuzzRoute["actor"], string>> = { "pay-link": "x-pay-link-token", invitation: "x-invitation-token" }

const headerSafe = (v: string) => (/^[\x20-\x7e]*$/.test(v) ? v : encodeURIComponent(v))

export function describeInput(input: FuzzInput): string {
  const body =
    input.transport.raw !== undefined
      ? `raw ${JSON.stringify(input.transport.raw.slice(0, 120))}${input.transport.raw.length > 120 ? `… (${input.transport.raw.length} chars)` : ""}`
      : truncate(JSON.stringify(input.body))
  return [
    `${input.route.method} ${urlOf(input)}`,
    `content-type: ${input.transport.contentType}`,
    input.route.idempotent ? `idempotency-key: ${input.idempotencyKey}` : "",
    TOKEN_HEADERS[input.route.actor] ? `${TOKEN_HEADERS[input.route.actor]}: ${truncate(String(input.token))}` : "",
    input.route.method === "GET" ? "" : `body: ${body}`,
  ]
    .filter(Boolean)
    .join("\n  ")
}

const truncate = (s: string | undefined, n = 300) => (s === undefined ? "undefined" : s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s)

function urlOf(input: FuzzInput): string {
  let path = input.route.path
  const param = input.id ?? { id: "x" }
  const encoded = param.raw ? param.id : encode(param.id)
  path = path.replace(/:id/, encoded)
  return input.query ? `${path}?${input.query}` : path
}

export async function send(ctx: Context, input: FuzzInput): Promise<Sent> {
  const { route } = input
  const headers: Record<string, string> = {}
  if (route.actor === "admin") Object.assign(headers, ctx.adminHeaders)
  else if (route.actor === "customer") Object.assign(headers, ctx.customerHeaders)
  else if (route.actor !== "webhook") headers["x-publishable-api-key"] = ctx.publishableKey
  const tokenHeader = TOKEN_HEADERS[route.actor]
  if (tokenHeader && input.token !== null) headers[tokenHeader] = headerSafe(input.token)
  if (route.actor === "webhook") headers["stripe-signature"] = "t=1,v1=00"
  if (route.idempotent && input.idempotencyKey !== null) headers["idempotency-key"] = headerSafe(input.idempotencyKey)

  let body: Uint8Array | undefined
  if (route.method !== "GET") {
    if (input.transport.contentType) headers["content-type"] = input.transport.contentType
    const text = input.transport.raw !== undefined ? input.transport.raw : JSON.stringify(input.body)
    if (text !== undefined && (text.length > 0 || route.method === "POST")) body = new Uint8Array(Buffer.from(text, "utf8"))
  }
  const res = await fetch(ctx.baseUrl + urlOf(input), { method: route.method, headers, body: body as any, redirect: "manual" })
  const buffer = Buffer.from(await res.arrayBuffer())
  const contentType = res.headers.get("content-type") ?? ""
  const text = /pdf/.test(contentType) ? `<${buffer.length} bytes of PDF>` : buffer.toString("utf8")
  return { describe: describeInput(input), status: res.status, text, contentType }
}

/** The problems with one answer (empty when it is fine). */
export function problemsWith(sent: Sent): string[] {
  const problems: string[] = []
  if (sent.status >= 500) problems.push(`answered ${sent.status}`)
  for (const [name, pattern] of LEAKS) {
    const m = sent.text.match(pattern)
    if (m) problems.push(`leaks a ${name}: ${JSON.stringify(m[0])}`)
  }
  // 431/414: Node's HTTP parser refuses a request line over its limit (16 kB) before the app sees it, with no body
  if (sent.status >= 400 && !(NODE_REFUSALS.includes(sent.status) && sent.text === "")) {
    let data: any
    try {
      data = JSON.parse(sent.text)
    } catch {
      problems.push(`error body is not JSON (${sent.contentType}): ${truncate(sent.text, 200)}`)
    }
    if (data !== undefined && (typeof data?.type !== "string" || typeof data?.message !== "string")) {
      problems.push(`error body is not { type, message }: ${truncate(sent.text, 200)}`)
    }
  }
  return problems
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Waits until nothing more changes (subscribers of an earlier accepted request may still be writing). */
async function quiet(ctx: Context): Promise<Snapshot> {
  let last = await ctx.snapshot.take()
  for (let i = 0; i < 20; i++) {
    await sleep(250)
    const next = await ctx.snapshot.take()
    if (diffSnapshots(last, next).length === 0) return next
    last = next
  }
  return last
}

export function inputFor(route: FuzzRoute, ctx: Context, seed?: Record<string, unknown>): fc.Arbitrary<FuzzInput> {
  const hasParam = /:id/.test(route.path)
  return fc.record({
    route: fc.constant(route),
    id: hasParam ? idFor(ctx.idPool) : fc.constant(undefined),
    query: fc.oneof({ arbitrary: queryFor(route.query), weight: route.method === "GET" ? 6 : 1 }, { arbitrary: fc.constant(""), weight: 1 }),
    body: route.method === "GET" ? fc.constant(undefined) : bodyFor(seed ?? route.body),
    transport: route.method === "GET" ? fc.constant({ contentType: null }) : transportArb,
    idempotencyKey: idempotencyKeyArb,
    // an invitation's tokens from the pool too (one of them may be a real, open invitation's)
    token: route.actor === "invitation" ? fc.oneof(fc.constantFrom(...ctx.tokenPool), secretToken) : secretToken,
  }) as fc.Arbitrary<FuzzInput>
}

/**
 * One property per route: every generated request is answered properly and,
 * when refused, leaves the billing tables as they were. A changed table is
 * checked again once everything is quiet (a subscriber of an accepted
 * request may still have been writing), with the same request re-sent.
 */
/** Answers per route and status, for the suite's summary. */
export const stats = new Map<string, Map<number, number>>()
const count = (route: FuzzRoute, status: number) => {
  const key = `${route.method} ${route.path}`
  const byStatus = stats.get(key) ?? new Map<number, number>()
  byStatus.set(status, (byStatus.get(status) ?? 0) + 1)
  stats.set(key, byStatus)
}

export function summary(): string {
  let total = 0
  const lines = [...stats].map(([key, byStatus]) => {
    const statuses = [...byStatus].sort(([a], [b]) => a - b)
    total += statuses.reduce((n, [, c]) => n + c, 0)
    return `  ${key}: ${statuses.map(([s, c]) => `${s}×${c}`).join(" ")}`
  })
  return `${total} fuzzed requests\n${lines.join("\n")}`
}

/** The run's seed, different for each route so that routes do not all get the same sequence. */
export function seedOf(route: FuzzRoute): number {
  let h = FUZZ_SEED | 0
  for (const ch of `${route.method} ${route.path}`) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0
  return h
}

/**
 * Fuzzes each route in turn (one database for all: restoring it between
 * routes would cost more than the requests) and fails with every route's
 * counterexample at once.
 */
export async function fuzzRoutes(ctx: Context, routes: FuzzRoute[], runs: number, seedFor: (r: FuzzRoute) => Record<string, unknown> | undefined) {
  const failures: string[] = []
  const started = Date.now()
  for (const route of routes) {
    try {
      await fuzzRoute(ctx, route, runs, seedFor(route))
    } catch (e: any) {
      // fast-check's report repeats the counterexample in full (1 MB strings): lines cut to 600 characters
      const message = String(e.message)
        .split("\n")
        .filter((line) => !/^\s*(at |Hint:)/.test(line))
        .map((line) => (line.length > 600 ? `${line.slice(0, 600)}… (${line.length} chars)` : line))
        .join("\n")
      failures.push(`${route.method} ${route.path}: ${message}`)
    }
  }
  // eslint-disable-next-line no-console
  console.log(`${summary()}\nbilling tables snapshotted: ${ctx.snapshot.tables.join(", ")}\nin ${((Date.now() - started) / 1000).toFixed(1)} s (FUZZ_SEED=${FUZZ_SEED}, FUZZ_RUNS=${runs})`)
  if (failures.length) throw new Error(`${failures.length} route(s) failed:\n\n${failures.join("\n\n")}`)
}

export async function fuzzRoute(ctx: Context, route: FuzzRoute, runs: number, seed?: Record<string, unknown>) {
  let baseline = await quiet(ctx)
  await fc.assert(
    fc.asyncProperty(inputFor(route, ctx, seed), async (input) => {
      const sent = await send(ctx, input)
      count(route, sent.status)
      const problems = problemsWith(sent)
      if (sent.status >= 400 && sent.status < 500) {
        let changed = diffSnapshots(baseline, await ctx.snapshot.take())
        if (changed.length) {
          const before = await quiet(ctx)
          const again = await send(ctx, input)
          changed = again.status >= 400 ? diffSnapshots(before, await ctx.snapshot.take()) : []
          baseline = await quiet(ctx)
        }
        if (changed.length) problems.push(`refused with ${sent.status} but changed ${changed.join(", ")}: ${truncate(sent.text, 200)}`)
      } else {
        baseline = await ctx.snapshot.take()
      }
      if (problems.length) {
        throw new Error(`${problems.join("; ")}\n  ${sent.describe}\n  answer ${sent.status}: ${truncate(sent.text, 400)}`)
      }
    }),
    { numRuns: runs, seed: seedOf(route), endOnFailure: process.env.FUZZ_SHRINK !== "1", includeErrorInReport: true }
  )
}
