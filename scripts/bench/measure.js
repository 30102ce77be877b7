// Load measurement with autocannon's programmatic API.
//
// autocannon's own latency histogram has 1 ms resolution, which is too
// coarse to compare p50s of a few ms. Its `response` event also gives every
// response time as a float in ms (hrtime-based), so we keep every 2xx
// sample ourselves and compute exact percentiles from them ("precise");
// autocannon's own figures are reported alongside.
const autocannon = require("autocannon")

/** `maxSeconds`: stop a run bounded by `amount` (where autocannon ignores `duration`) after that long anyway. */
function runAutocannon(opts, onResponse, { maxSeconds } = {}) {
  if (aborted) return Promise.reject(new Error("interrupted"))
  return new Promise((resolve, reject) => {
    let timer = null
    const instance = autocannon(opts, (err, result) => {
      if (timer) clearTimeout(timer)
      err ? reject(err) : resolve(result)
    })
    if (onResponse) instance.on("response", onResponse)
    if (maxSeconds) timer = setTimeout(() => instance.stop(), maxSeconds * 1000)
    current = instance
  })
}

/** The autocannon instance running now (stopped on SIGINT). */
let current = null
let aborted = false
function stopCurrent() {
  aborted = true
  try {
    current?.stop()
  } catch {}
}

function percentile(sorted, p) {
  if (!sorted.length) return null
  // nearest-rank
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]
}

function summarize(samples) {
  const sorted = Float64Array.from(samples).sort()
  const n = sorted.length
  const mean = n ? sorted.reduce((a, b) => a + b, 0) / n : null
  return {
    n,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    mean,
    min: n ? sorted[0] : null,
    max: n ? sorted[n - 1] : null,
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : null
}

/** autocannon options of a route: GET with headers, or another method with a (JSON) body. */
const requestOpts = (r) => ({
  url: r.url,
  headers: r.headers,
  ...(r.method ? { method: r.method } : {}),
  ...(r.body !== undefined ? { body: typeof r.body === "string" ? r.body : JSON.stringify(r.body) } : {}),
})

/**
 * Measures the routes side by side: a warm-up per route, then `rounds`
 * rounds that each run every route for `duration / rounds` seconds, in turn
 * (interleaving spreads slow drifts and other load on the machine over all
 * routes instead of biasing the one that happened to run then).
 *
 * A route's `settleMs` is a pause after each of its runs: autocannon stops a
 * run with requests still in flight, and a slow route's leftovers would
 * otherwise be served while the next route is being measured.
 *
 * `meter`, when given, starts a CPU meter (`payments.cpuMeter`) around each
 * measured run: a route's CPU seconds by process tree are summed over its
 * runs (the settle pause included, so leftovers count for their own route)
 * and reported per 2xx response as `cpu_ms_per_request`.
 *
 * @param {{ routes: { key: string, url: string, headers: Record<string,string>, method?: string, body?: unknown, settleMs?: number }[],
 *   connections: number, duration: number, warmup: number, rounds: number, log: (s: string) => void,
 *   meter?: () => { stop(): Record<string, number> } }} opts
 */
async function measureRoutes({ routes, connections, duration, warmup, rounds, log, meter }) {
  const base = { connections, pipelining: 1, timeout: 30 }
  if (warmup > 0) {
    for (const r of routes) {
      log(`  warm-up ${r.key} (${warmup} s)`)
      await runAutocannon({ ...base, ...requestOpts(r), duration: warmup })
      if (r.settleMs) await sleep(r.settleMs)
    }
  }
  const perRound = Math.max(1, Math.round(duration / rounds))
  const state = Object.fromEntries(routes.map((r) => [r.key, { samples: [], rounds: [], cpu: {} }]))
  for (let round = 1; round <= rounds; round++) {
    for (const r of routes) {
      const s = state[r.key]
      const started = process.hrtime.bigint()
      const cpu = meter ? meter() : null
      const result = await runAutocannon(
        { ...base, ...requestOpts(r), duration: perRound },
        (_client, statusCode, _bytes, responseTime) => {
          if (statusCode >= 200 && statusCode < 300) s.samples.push(responseTime)
        }
      )
      const seconds = Number(process.hrtime.bigint() - started) / 1e9
      if (r.settleMs) await sleep(r.settleMs)
      if (cpu) for (const [k, v] of Object.entries(cpu.stop())) s.cpu[k] = (s.cpu[k] ?? 0) + v
      s.rounds.push({
        seconds: Number(seconds.toFixed(3)),
        requests: result.requests.total,
        ok: result["2xx"],
        non2xx: result.non2xx,
        errors: result.errors,
        timeouts: result.timeouts,
        status_codes: result.statusCodeStats,
        rps: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        mean: result.latency.mean,
      })
      log(
        `  round ${round}/${rounds} ${r.key.padEnd(22)} ${String(result["2xx"]).padStart(6)} ok` +
          `  p50 ${result.latency.p50} ms  mean ${result.latency.mean.toFixed(2)} ms  ${result.requests.average.toFixed(0)} req/s` +
          (result.non2xx || result.errors || result.timeouts
            ? `  !! non2xx ${result.non2xx} errors ${result.errors} timeouts ${result.timeouts}`
            : "")
      )
    }
  }
  const out = {}
  for (const r of routes) {
    const s = state[r.key]
    const seconds = s.rounds.reduce((a, x) => a + x.seconds, 0)
    const ok = s.rounds.reduce((a, x) => a + x.ok, 0)
    out[r.key] = {
      url: r.url,
      precise: summarize(s.samples),
      autocannon: {
        // integer-ms histogram values: median over the rounds
        p50: median(s.rounds.map((x) => x.p50)),
        p99: median(s.rounds.map((x) => x.p99)),
        mean: s.rounds.reduce((a, x) => a + x.mean * x.ok, 0) / Math.max(1, ok),
      },
      rps: ok / seconds,
      ...(meter
        ? { cpu_ms_per_request: Object.fromEntries(Object.entries(s.cpu).map(([k, v]) => [k, Number(((v / Math.max(1, ok)) * 1000).toFixed(2))])) }
        : {}),
      ok,
      non2xx: s.rounds.reduce((a, x) => a + x.non2xx, 0),
      errors: s.rounds.reduce((a, x) => a + x.errors, 0),
      timeouts: s.rounds.reduce((a, x) => a + x.timeouts, 0),
      rounds: s.rounds,
    }
  }
  return out
}

module.exports = { measureRoutes, runAutocannon, stopCurrent, summarize }
