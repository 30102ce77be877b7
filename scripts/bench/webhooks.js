// Webhook intake (DESIGN sec. 12): signed Stripe-style events to
// POST /hooks/billing/stripe, which verifies the signature on the raw body,
// stores the event in the inbox (billing_webhook_event, unique per provider
// and event id), answers 200 and processes it afterwards (subscriber
// billing-webhook-event). Medusa's own /hooks/payment/<provider> route stores
// nothing (it emits payment.webhook_received), so the inbox route is the one
// measured.
//
// autocannon for `duration` seconds at `connections`, every request a new
// event (`charge.dispute.created` for a PaymentIntent no payment has, so the
// processing looks it up and marks the row processed without changing any
// payment), signed at send time with stripe.webhooks.generateTestHeaderString.
// The baseline: GET /health, same connections and duration, just before.
// Afterwards: every 200 stored exactly once (row count = distinct event ids =
// answers), a few events redelivered answer `duplicate: true` and add no row,
// and how long the inbox took to drain (processed_at set on every row).
const { runAutocannon, summarize } = require("./measure")
const { treeCpuSeconds } = require("./payments")

const PATH = "/hooks/billing/stripe"
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

function stripeSigner(secret) {
  const Stripe = require("stripe")
  const stripe = new Stripe("sk_test_bench_unused")
  return (payload) => stripe.webhooks.generateTestHeaderString({ payload, secret })
}

const eventBody = (prefix, n) =>
  JSON.stringify({
    id: `evt_${prefix}_${n}`,
    object: "event",
    type: "charge.dispute.created",
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    data: { object: { id: `dp_${prefix}_${n}`, object: "dispute", payment_intent: `pi_${prefix}_none_${n}`, amount: 1000, currency: "usd", reason: "fraudulent" } },
  })

async function timed(opts, cpuRoots, onReq) {
  const samples = []
  const codes = {}
  let lastResponse = null
  const cpuBefore = cpuRoots ? treeCpuSeconds(cpuRoots) : null
  const started = process.hrtime.bigint()
  const result = await runAutocannon(opts, (_client, statusCode, _bytes, responseTime) => {
    lastResponse = process.hrtime.bigint()
    codes[statusCode] = (codes[statusCode] ?? 0) + 1
    if (statusCode >= 200 && statusCode < 300) samples.push(responseTime)
    onReq?.(statusCode)
  })
  const seconds = Number((lastResponse ?? process.hrtime.bigint()) - started) / 1e9
  const cpuAfter = cpuRoots ? treeCpuSeconds(cpuRoots) : null
  const cpu = {}
  if (cpuBefore && cpuAfter) {
    for (const k of Object.keys(cpuRoots)) if (cpuBefore[k] != null && cpuAfter[k] != null) cpu[k] = Number((cpuAfter[k] - cpuBefore[k]).toFixed(2))
  }
  return {
    ok: samples.length,
    status_codes: codes,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: Number(seconds.toFixed(3)),
    rps: samples.length / seconds,
    precise: summarize(samples),
    autocannon: { p50: result.latency.p50, p99: result.latency.p99, mean: result.latency.mean },
    cpu_seconds: cpu,
  }
}

/**
 * @param {{ base: string, client: import("pg").Client, secret: string, connections: number, duration: number,
 *   warmup?: number, cpuRoots?: Record<string, number>, log: (s: string) => void }} opts
 */
async function measureWebhooks({ base, client, secret, connections, duration, warmup = 2, cpuRoots, log }) {
  const sign = stripeSigner(secret)
  const prefix = `bench${Date.now().toString(36)}`
  let seq = 0
  // the event ids answered 200 in the measured window (requests still in flight when autocannon
  // stops are answered and stored without being counted: the rows may exceed the answers, by at
  // most the connections)
  const accepted = new Set()
  const makeRequest = (tag) => ({
    method: "POST",
    path: PATH,
    setupRequest(req, context) {
      const n = seq++
      context.event = `evt_${prefix}${tag}_${n}`
      const body = eventBody(`${prefix}${tag}`, n)
      return { ...req, method: "POST", path: PATH, headers: { "content-type": "application/json", "stripe-signature": sign(body) }, body }
    },
    onResponse(status, _body, context) {
      if (tag === "m" && status === 200) accepted.add(context.event)
    },
  })

  // one event first: it must be accepted and stored
  {
    const body = eventBody(`${prefix}c`, 0)
    const res = await fetch(`${base}${PATH}`, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": sign(body) }, body })
    const text = await res.text()
    if (res.status !== 200) throw new Error(`POST ${PATH} (check) answered ${res.status}: ${text.slice(0, 300)} (is stripe.webhookSecret set?)`)
    const bad = await fetch(`${base}${PATH}`, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": "t=1,v1=00" }, body })
    if (bad.status !== 400) throw new Error(`POST ${PATH} with a bad signature answered ${bad.status}, expected 400`)
    log(`  200 POST ${PATH} (signed event stored), 400 with a bad signature`)
  }
  if (warmup > 0) {
    await runAutocannon({ url: `${base}/health`, connections, duration: warmup })
    await runAutocannon({ url: base, connections, duration: warmup, requests: [makeRequest("w")] })
  }
  const baseline = await timed({ url: `${base}/health`, connections, duration }, cpuRoots)
  log(`  baseline GET /health: ${baseline.rps.toFixed(0)}/s, p50 ${baseline.precise.p50?.toFixed(2)} ms, p99 ${baseline.precise.p99?.toFixed(2)} ms`)
  seq = 0
  const intake = await timed({ url: base, connections, duration, requests: [makeRequest("m")] }, cpuRoots)
  log(
    `  POST ${PATH}: ${intake.ok} events in ${intake.seconds.toFixed(1)} s, ${intake.rps.toFixed(0)}/s, ` +
      `ack p50 ${intake.precise.p50?.toFixed(2)} ms, p99 ${intake.precise.p99?.toFixed(2)} ms, status codes ${JSON.stringify(intake.status_codes)}`
  )

  // stored once: every accepted event has exactly one row
  const like = `evt_${prefix}m_%`
  const count = async () =>
    (await client.query(
      `SELECT count(*)::int n, count(DISTINCT event_id)::int d, count(*) FILTER (WHERE processed_at IS NULL)::int pending
         FROM billing_webhook_event WHERE provider = 'stripe' AND event_id LIKE $1 AND deleted_at IS NULL`,
      [like]
    )).rows[0]
  // let what was in flight when the window closed land
  let stored = await count()
  for (let i = 0; i < 20; i++) {
    await sleep(500)
    const again = await count()
    if (again.n === stored.n) break
    stored = again
  }
  const { rows: found } = await client.query(
    `SELECT count(DISTINCT event_id)::int n FROM billing_webhook_event WHERE provider = 'stripe' AND event_id = ANY($1::text[]) AND deleted_at IS NULL`,
    [[...accepted]]
  )
  // redeliver a few accepted events (new signature, same event): duplicate, no new row
  const redeliver = Math.min(20, intake.ok)
  let duplicates = 0
  for (let n = 0; n < redeliver; n++) {
    const body = eventBody(`${prefix}m`, n)
    const res = await fetch(`${base}${PATH}`, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": sign(body) }, body })
    const json = await res.json().catch(() => null)
    if (res.status === 200 && json?.duplicate === true) duplicates++
  }
  const drainStarted = Date.now()
  let after = await count()
  while (after.pending > 0 && Date.now() - drainStarted < 120000) {
    await sleep(500)
    after = await count()
  }
  const drainSeconds = (Date.now() - drainStarted) / 1000
  const problems = []
  if (found[0].n !== accepted.size) problems.push(`${accepted.size - found[0].n} of ${accepted.size} accepted events not stored`)
  if (stored.n > seq) problems.push(`${stored.n} rows for ${seq} events sent`)
  if (stored.d !== stored.n) problems.push(`${stored.n - stored.d} events stored twice`)
  if (after.n !== stored.n) problems.push(`redelivery added ${after.n - stored.n} rows`)
  if (duplicates !== redeliver) problems.push(`${redeliver - duplicates} of ${redeliver} redelivered events not answered duplicate`)
  if (after.pending > 0) problems.push(`${after.pending} events still unprocessed after ${drainSeconds.toFixed(0)} s`)
  if (intake.non2xx || intake.errors || intake.timeouts) problems.push(`non-2xx/errors/timeouts ${intake.non2xx}/${intake.errors}/${intake.timeouts}`)
  log(
    `  inbox: ${found[0].n} of the ${accepted.size} accepted events stored (${stored.n} rows, ${stored.d} distinct, ${seq} sent); ${duplicates}/${redeliver} redeliveries answered duplicate; ` +
      `${after.pending ? `${after.pending} still pending` : "all processed"} ${drainSeconds.toFixed(1)} s after the window` +
      (problems.length ? `\n  !! ${problems.join("; ")}` : "")
  )
  return {
    route: `POST ${PATH}`,
    connections,
    duration,
    baseline: { route: "GET /health", ...baseline },
    intake,
    accepted: accepted.size,
    sent: seq,
    stored: stored.n,
    distinct: stored.d,
    redelivered: redeliver,
    duplicates,
    drain_seconds: Number(drainSeconds.toFixed(1)),
    pending_after: after.pending,
    problems,
  }
}

module.exports = { measureWebhooks, PATH }
