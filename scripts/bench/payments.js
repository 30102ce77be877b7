// Payment creation under load (DESIGN sec. 12): POST /store/billing/payments
// by sandbox card, every request for the next (paying customer, open
// invoice) pair, round robin over the customers, with its own
// Idempotency-Key (autocannon `requests: [{ setupRequest, onResponse }]`).
//
// A customer's payments are serialised by a per-customer lock (DESIGN sec.
// 6), so the store-wide throughput is measured with many paying customers;
// consecutive requests are for different customers. Each pair is handed out
// once, so no invoice is paid twice; the number of requests is bounded by the
// pairs available (autocannon `amount`). Every response is checked: 201 with
// `payment.status === "succeeded"` and one `applied` allocation to the
// requested invoice.
const fs = require("fs")
const { execFileSync } = require("child_process")
const { runAutocannon, summarize } = require("./measure")

const PATH = "/store/billing/payments"
const CARD = "4242424242424242"

const payBody = (invoiceId) => ({
  mode: "selected_invoices",
  currency_code: "usd",
  invoice_ids: [invoiceId],
  payment_method: { type: "card", data: { number: CARD } },
})

/** Hands out each (customer, invoice) pair once. */
class PairSource {
  constructor(pairs) {
    this.pairs = pairs
    this.next = 0
  }
  take() {
    return this.next < this.pairs.length ? this.pairs[this.next++] : null
  }
  get left() {
    return this.pairs.length - this.next
  }
}

/** What makes a payment response a success; returns why not, or null. */
function problemWith(status, text, pair) {
  if (status !== 201) return `status ${status}`
  let body
  try {
    body = JSON.parse(text)
  } catch {
    return "body is not JSON"
  }
  const p = body?.payment
  if (p?.status !== "succeeded") return `payment.status ${p?.status}`
  if (pair) {
    const a = p.allocations
    if (!Array.isArray(a) || a.length !== 1 || a[0].invoice_id !== pair.invoice_id || a[0].status !== "applied") {
      return `allocations ${JSON.stringify(a)?.slice(0, 200)} (paid invoice ${pair.invoice_id})`
    }
  }
  return null
}

/**
 * One payment outside the load run (checks before measuring, query plans).
 * @returns {Promise<{ status: number, body: any, text: string }>}
 */
async function payOnce({ base, headersFor, pair, key, invoiceId }) {
  const res = await fetch(`${base}${PATH}`, {
    method: "POST",
    headers: { ...headersFor(pair.customer_index), "content-type": "application/json", "idempotency-key": key },
    body: JSON.stringify(payBody(invoiceId ?? pair.invoice_id)),
  })
  const text = await res.text()
  let body = null
  try {
    body = JSON.parse(text)
  } catch {}
  return { status: res.status, body, text }
}

/**
 * Before measuring: a payment answers 201 succeeded; the same key and body
 * again answer 200 with the same payment; paying the now paid invoice under
 * a new key answers 400. Throws when not.
 */
async function checkPayments({ base, headersFor, source, keyPrefix, log }) {
  const pair = source.take()
  if (!pair) throw new Error("no payable invoice left for the payment check")
  const first = await payOnce({ base, headersFor, pair, key: `${keyPrefix}-check` })
  const why = problemWith(first.status, first.text, pair)
  if (why) throw new Error(`POST ${PATH} (check) failed: ${why}: ${first.text.slice(0, 500)}`)
  log(
    `  201 POST ${PATH} (payer ${pair.customer_index + 1}): payment ${first.body.payment.id} ${first.body.payment.status}, ` +
      `${first.body.payment.amount} ${first.body.payment.currency_code}, transaction ${first.body.payment.transaction_id}`
  )
  const replay = await payOnce({ base, headersFor, pair, key: `${keyPrefix}-check` })
  if (replay.status !== 200 || replay.body?.payment?.id !== first.body.payment.id) {
    throw new Error(`POST ${PATH} replayed with the same Idempotency-Key: expected 200 with the same payment, got ${replay.status}: ${replay.text.slice(0, 300)}`)
  }
  log(`  200 same Idempotency-Key and body again: the same payment`)
  const again = await payOnce({ base, headersFor, pair, key: `${keyPrefix}-check-paid` })
  if (again.status !== 400) {
    throw new Error(`POST ${PATH} for an invoice already paid: expected 400, got ${again.status}: ${again.text.slice(0, 300)}`)
  }
  log(`  400 the paid invoice again under a new key: ${again.body?.message}`)
  return { payment_id: first.body.payment.id }
}

// ---------------------------------------------------------------- CPU

const CLK_TCK = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100
  } catch {
    return 100
  }
})()

/** /proc/<pid>/stat: [ppid, utime + stime, cutime + cstime] in clock ticks, or null. */
function procStat(pid) {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8")
    const f = text.slice(text.lastIndexOf(")") + 2).split(" ")
    // f[0] = state (field 3); utime, stime, cutime, cstime are fields 14-17
    return { ppid: Number(f[1]), own: Number(f[11]) + Number(f[12]), children: Number(f[13]) + Number(f[14]) }
  } catch {
    return null
  }
}

/**
 * CPU seconds used so far by the process trees rooted at `roots` (live
 * descendants plus what the roots reaped from exited ones). Linux only.
 */
function treeCpuSeconds(roots) {
  const stats = processTable()
  if (!stats) return null
  const out = {}
  for (const [label, root] of Object.entries(roots)) {
    if (!root || !stats.has(root)) {
      out[label] = null
      continue
    }
    let ticks = stats.get(root).children
    for (const pid of [root, ...descendantsIn(stats, root)]) ticks += stats.get(pid).own
    out[label] = ticks / CLK_TCK
  }
  return out
}

/** Every live process's /proc stat by pid; null when there is no /proc (not Linux). */
function processTable() {
  if (!fs.existsSync("/proc/self/stat")) return null
  const stats = new Map()
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue
    const s = procStat(name)
    if (s) stats.set(Number(name), s)
  }
  return stats
}

/** The pids of `root`'s live descendants in a process table (children, their children, …). */
function descendantsIn(stats, root) {
  const found = []
  const stack = [root]
  while (stack.length) {
    const pid = stack.pop()
    for (const [child, s] of stats) {
      if (s.ppid === pid) {
        found.push(child)
        stack.push(child)
      }
    }
  }
  return found
}

/** The pids of `root`'s live descendants; null when there is no /proc (not Linux). */
function descendantPids(root) {
  const stats = processTable()
  return stats ? descendantsIn(stats, root) : null
}

/**
 * CPU seconds used from now until `stop()`: by each root's process tree
 * (`roots`: name → pid; none → none) and, as `bench_client`, by this process.
 */
function cpuMeter(roots) {
  const before = roots ? treeCpuSeconds(roots) : null
  const clientBefore = process.cpuUsage()
  return {
    stop() {
      const client = process.cpuUsage(clientBefore)
      const after = roots ? treeCpuSeconds(roots) : null
      const cpu = {}
      if (before && after) {
        for (const k of Object.keys(roots)) if (before[k] != null && after[k] != null) cpu[k] = after[k] - before[k]
      }
      cpu.bench_client = (client.user + client.system) / 1e6
      return cpu
    },
  }
}

// ---------------------------------------------------------------- load

/**
 * @param {{ base: string, headersFor: (customerIndex: number) => Record<string,string>, source: PairSource,
 *   amount: number, connections: number, maxSeconds: number, keyPrefix: string,
 *   cpuRoots?: Record<string, number> }} opts
 */
async function runPayments({ base, headersFor, source, amount, connections, maxSeconds, keyPrefix, cpuRoots }) {
  amount = Math.min(amount, source.left)
  if (amount < 1) throw new Error("no payable invoices left: nothing to measure")
  connections = Math.min(connections, amount)
  const stats = { ok: 0, problems: 0, exhausted: 0, status_codes: {}, first_problems: [] }
  const samples = []
  let seq = 0
  let lastResponse = null
  const request = {
    method: "POST",
    path: PATH,
    setupRequest(req, context) {
      const pair = source.take()
      context.pair = pair
      seq++
      if (!pair) {
        // cannot happen with amount <= pairs; answered 400 and counted as a failure if it does
        stats.exhausted++
        return { ...req, headers: { ...headersFor(0), "content-type": "application/json", "idempotency-key": `${keyPrefix}-none-${seq}` }, body: "{}" }
      }
      return {
        ...req,
        method: "POST",
        path: PATH,
        headers: {
          ...headersFor(pair.customer_index),
          "content-type": "application/json",
          "idempotency-key": `${keyPrefix}-${seq}`,
        },
        body: JSON.stringify(payBody(pair.invoice_id)),
      }
    },
    onResponse(status, text, context) {
      stats.status_codes[status] = (stats.status_codes[status] ?? 0) + 1
      const why = problemWith(status, text, context.pair)
      if (why) {
        stats.problems++
        if (stats.first_problems.length < 5) {
          stats.first_problems.push(`${why} (invoice ${context.pair?.invoice_id}): ${String(text).slice(0, 300)}`)
        }
      } else {
        stats.ok++
      }
    },
  }
  const meter = cpuMeter(cpuRoots)
  const started = process.hrtime.bigint()
  const result = await runAutocannon(
    { url: base, connections, pipelining: 1, timeout: 30, amount, requests: [request] },
    (_client, statusCode, _bytes, responseTime) => {
      lastResponse = process.hrtime.bigint()
      if (statusCode >= 200 && statusCode < 300) samples.push(responseTime)
    },
    { maxSeconds }
  )
  // autocannon reports on its next 1 s tick: time the run up to the last response instead
  const seconds = Number((lastResponse ?? process.hrtime.bigint()) - started) / 1e9
  const cpu = meter.stop()
  return {
    requested: amount,
    sent: result.requests.sent ?? result.requests.total,
    responses: Object.values(stats.status_codes).reduce((a, b) => a + b, 0),
    ok: stats.ok,
    problems: stats.problems,
    exhausted: stats.exhausted,
    first_problems: stats.first_problems,
    status_codes: stats.status_codes,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    stopped_early: Object.values(stats.status_codes).reduce((a, b) => a + b, 0) < amount,
    seconds: Number(seconds.toFixed(3)),
    rps: stats.ok / seconds,
    precise: summarize(samples),
    autocannon: { p50: result.latency.p50, p99: result.latency.p99, mean: result.latency.mean },
    cpu_seconds: Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, Number(v.toFixed(2))])),
  }
}

module.exports = { PairSource, payBody, payOnce, checkPayments, runPayments, treeCpuSeconds, cpuMeter, descendantPids, problemWith, PATH }
