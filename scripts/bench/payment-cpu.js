#!/usr/bin/env node
// Where the server's CPU goes for one payment: POST /store/billing/payments
// (sandbox card, one selected invoice), profiled inside the server with V8's
// CPU profiler and attributed by stack.
//
//   node scripts/bench/payment-cpu.js [--payments N] [--connections C] [--payers P] [--interval µs] [--json]
//
// or from scripts/bench.js: `await measurePaymentCpu({ app, pg, log })` (its own
// database `billing_portal_cpu` on the bench's PostgreSQL and its own server).
//
// How it runs: the built app (scripts/bench/app.js prepareApp, .bench/app) is
// started with NODE_ENV=production and a preloaded hook (NODE_OPTIONS
// --require) that opens an inspector session in the server process and starts
// / stops the Profiler on SIGUSR2, so only the measured window is profiled
// (no boot, no logins, no warm-up). A few paying customers with many open
// invoices are seeded once (scripts/bench/seed-app.ts + seed-sql.js topUpPayers)
// and topped up on every run. After a warm-up, N payments are sent twice:
// sequentially (1 connection) and at the bench's concurrency (10); each run is
// one profile.
//
// Attribution of a sample (walked from its leaf frame to the root):
//   1. V8's pseudo frames: (idle) → idle (not CPU), (garbage collector) → GC,
//      (program) → "V8/native (program)".
//   2. Payment Module, if ANY frame on the stack is in @medusajs/payment
//      (module service, its mikro-orm repositories reached synchronously from
//      it), @medusajs/payment-stripe, core-flows' payment workflows/steps, or
//      the sandbox provider (src/providers/sandbox, src/providers/internals)
//      that the module calls.
//   3. Otherwise ours, if any frame is in the app's src/: the INNERMOST of our
//      step frames (src/workflows/payments/steps/<step>) names the bucket
//      "ours: step <step>"; without a step frame, the innermost src/ frame's
//      area: invoicing module (src/modules/invoicing), api (src/api: the route,
//      middlewares, serializers), workflows (other src/workflows), other src.
//      Work our code triggers synchronously in Medusa/mikro-orm/pg counts as ours.
//   4. Otherwise framework, by the innermost frame that has a file: workflow
//      engine (@medusajs/orchestration, workflows-sdk, workflow-engine-*),
//      mikro-orm, pg/knex (pg, pg-protocol, knex), http (express, body-parser,
//      @medusajs/framework http, jsonwebtoken, cors...), other node_modules,
//      node internals (node:*), or V8 builtins (no file: JSON, RegExp... whose
//      caller is not known).
// Limits: a CPU profile has no async stacks. Code after an `await` runs with
// only the resumed function on the stack, and a pg response is parsed from the
// socket's callback, so the Payment Module's own database work after its
// awaits lands in "framework: mikro-orm/pg" (rule 4), not in rule 2. The
// "sandwich" column (sequential run only, where one payment runs at a time)
// corrects for that: a framework/GC/program sample lying between two samples
// with the same owner (Payment Module, or one of ours), with no other owner
// in between, is given to that owner. "Plugin's own CPU per payment" is total
// non-idle CPU minus the Payment Module, both by the strict stack rule and by
// the sandwich rule (the better estimate, sequential only).
//
// Sampling: --interval (µs, default 500); ms per payment = the sampled time of
// the bucket (each sample weighs the time to the next) / payments answered.
// The server's CPU from /proc (all its threads: GC helpers, libuv pool, the
// profiler itself) is printed next to it as a cross-check.
const fs = require("fs")
const os = require("os")
const path = require("path")
const { spawn } = require("child_process")
const { Client } = require("pg")

const ROOT = path.resolve(__dirname, "..", "..")
const BENCH_DIR = path.join(ROOT, ".bench")
const CPU_DIR = path.join(BENCH_DIR, "payment-cpu")
const DB_NAME = "billing_portal_cpu"
const SEED_VERSION = 1

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

// ---------------------------------------------------------------- profiler hook (runs in the server)

const HOOK_SOURCE = `
// Written by scripts/bench/payment-cpu.js: SIGUSR2 starts, the next SIGUSR2 stops the
// CPU profiler of this process; the profile goes to $PAYMENT_CPU_DIR/profile-<n>.cpuprofile.
const dir = process.env.PAYMENT_CPU_DIR
const root = process.env.PAYMENT_CPU_PID_FILE
if (dir && !global.__paymentCpuHook && process.argv.some((a) => a === "start")) {
  global.__paymentCpuHook = true
  const fs = require("fs")
  const inspector = require("inspector")
  let session = null
  let on = false
  let n = 0
  const interval = Number(process.env.PAYMENT_CPU_INTERVAL || 500)
  fs.writeFileSync(root, String(process.pid))
  process.on("SIGUSR2", () => {
    if (!session) {
      session = new inspector.Session()
      session.connect()
    }
    if (!on) {
      on = true
      session.post("Profiler.enable", () =>
        session.post("Profiler.setSamplingInterval", { interval }, () =>
          session.post("Profiler.start", () => fs.writeFileSync(dir + "/started", String(Date.now())))
        )
      )
    } else {
      on = false
      session.post("Profiler.stop", (err, res) => {
        const file = dir + "/profile-" + ++n + ".cpuprofile"
        fs.writeFileSync(file + ".tmp", err ? JSON.stringify({ error: String(err) }) : JSON.stringify(res.profile))
        fs.renameSync(file + ".tmp", file)
      })
    }
  })
}
`

// ---------------------------------------------------------------- attribution

const PAYMENT_MODULE = [
  /node_modules\/@medusajs\/payment\//,
  /node_modules\/@medusajs\/payment-stripe\//,
  /node_modules\/@medusajs\/core-flows\/dist\/payment(-collection)?\//,
  /\/src\/providers\/(sandbox|internals)\//,
]

const EMAILS = "ours: after the response: payment emails (subscribers, receipt PDF)"

/** The app's src/ frame's area, or null when the url is not ours. */
function ourArea(url) {
  const i = url.lastIndexOf("/src/")
  if (i < 0 || url.includes("/node_modules/")) return null
  const rel = url.slice(i + 5)
  const step = /^workflows\/payments\/steps\/([^/.]+)\./.exec(rel)
  if (step) return { step: step[1] }
  if (/^(subscribers|documents|workflows\/documents)\//.test(rel) || /^utils\/(notify|document-attachments)\./.test(rel))
    return { emails: true, area: EMAILS }
  if (rel.startsWith("modules/invoicing/")) return { area: "ours: invoicing module (outside a step)" }
  if (rel.startsWith("api/")) return { area: "ours: api (routes, middlewares, serializers)" }
  if (rel.startsWith("workflows/")) return { area: "ours: other workflows code" }
  return { area: `ours: other src (${rel.split("/")[0]})` }
}

function frameworkBucket(url) {
  if (url.startsWith("node:") || !url.includes("/")) return "framework: node internals"
  const m = /node_modules\/((@[^/]+\/)?[^/]+)\//.exec(url)
  const pkg = m ? m[1] : null
  if (!pkg) return "framework: other"
  if (/^@medusajs\/(orchestration|workflows-sdk|workflow-engine-|core-flows)/.test(pkg)) return "framework: workflow engine"
  if (pkg === "@medusajs/framework" || pkg === "@medusajs/utils") {
    if (/\/(http|api|middlewares?)\//.test(url)) return "framework: http (express, auth, validation)"
    if (/\/(workflows-sdk|orchestration)\//.test(url)) return "framework: workflow engine"
    if (/\/(dal|mikro-orm|modules-sdk)\//.test(url)) return "framework: modules-sdk / DAL"
    return "framework: @medusajs/framework other"
  }
  if (/^@medusajs\/(modules-sdk|utils)/.test(pkg)) return "framework: modules-sdk / DAL"
  if (pkg.startsWith("@mikro-orm/")) return "framework: mikro-orm"
  if (/^(pg|pg-protocol|pg-pool|pg-types|knex|postgres-array|postgres-date)$/.test(pkg)) return "framework: pg / knex"
  if (/^(express|body-parser|router|cookie-parser|cors|jsonwebtoken|jws|jwa|on-finished|raw-body|qs|morgan|compression|express-session|iconv-lite|finalhandler|send|type-is|accepts|zod)$/.test(pkg))
    return "framework: http (express, auth, validation)"
  if (pkg === "awilix") return "framework: modules-sdk / DAL"
  return `framework: other node_modules`
}

/**
 * @returns {{ buckets: Record<string, number>, owners: Array<string|null>, times: number[], weights: number[], kinds: string[] }}
 *   buckets: µs per bucket; per sample, its owner (payment module / ours bucket) or null
 */
function attribute(profile) {
  const nodes = new Map()
  for (const n of profile.nodes) nodes.set(n.id, n)
  const parent = new Map()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const cache = new Map()
  const classify = (id) => {
    if (cache.has(id)) return cache.get(id)
    const leaf = nodes.get(id)
    const name = leaf.callFrame.functionName
    let result
    if (name === "(idle)") result = { bucket: "idle", owner: null }
    else if (name === "(garbage collector)") result = { bucket: "GC", owner: null }
    else if (name === "(program)") result = { bucket: "V8/native (program)", owner: null }
    else {
      let payment = false
      let step = null
      let area = null
      let fw = null
      let emails = false
      for (let cur = id; cur != null; cur = parent.get(cur)) {
        const url = nodes.get(cur).callFrame.url || ""
        if (!url) continue
        if (PAYMENT_MODULE.some((re) => re.test(url))) {
          payment = true
          break
        }
        const ours = ourArea(url)
        if (ours) {
          if (ours.step && !step) step = ours.step
          if (ours.emails) emails = true
          if (ours.area && !area && !step) area = ours.area
        } else if (!fw) fw = frameworkBucket(url)
      }
      if (payment) result = { bucket: "Payment Module", owner: "Payment Module" }
      else if (step) result = { bucket: `ours: step ${step}`, owner: `ours: step ${step}` }
      else if (emails) result = { bucket: EMAILS, owner: EMAILS }
      else if (area) result = { bucket: area, owner: area }
      else result = { bucket: fw ?? "framework: V8 builtins (caller unknown)", owner: null }
    }
    cache.set(id, result)
    return result
  }
  const samples = profile.samples ?? []
  const deltas = profile.timeDeltas ?? []
  const weights = samples.map((_, i) => (i + 1 < deltas.length ? Math.max(0, deltas[i + 1]) : 0))
  if (weights.length) {
    const mean = weights.reduce((a, b) => a + b, 0) / Math.max(1, weights.length - 1)
    weights[weights.length - 1] = mean
  }
  const buckets = {}
  const owners = []
  const kinds = []
  for (let i = 0; i < samples.length; i++) {
    const c = classify(samples[i])
    buckets[c.bucket] = (buckets[c.bucket] ?? 0) + weights[i]
    owners.push(c.owner)
    kinds.push(c.bucket)
  }
  return { buckets, owners, weights, kinds }
}

/** Sandwich rule: unowned non-idle samples between two samples of the same owner go to that owner. */
function sandwich({ owners, weights, kinds }) {
  const out = {}
  let lastOwner = null
  let pending = [] // [bucket, weight] of unowned samples since lastOwner
  const flush = (to) => {
    for (const [b, w] of pending) out[to ?? b] = (out[to ?? b] ?? 0) + w
    pending = []
  }
  for (let i = 0; i < owners.length; i++) {
    const kind = kinds[i]
    if (kind === "idle") {
      out.idle = (out.idle ?? 0) + weights[i]
      continue
    }
    const owner = owners[i]
    if (owner == null) {
      pending.push([kind, weights[i]])
      continue
    }
    flush(lastOwner === owner ? owner : null)
    out[owner] = (out[owner] ?? 0) + weights[i]
    lastOwner = owner
  }
  flush(null)
  return out
}

function summarise(buckets, payments, procMs) {
  const total = Object.entries(buckets).reduce((a, [k, v]) => (k === "idle" ? a : a + v), 0)
  const pm = buckets["Payment Module"] ?? 0
  const ours = Object.entries(buckets).reduce((a, [k, v]) => (k.startsWith("ours:") ? a + v : a), 0)
  const emails = buckets[EMAILS] ?? 0
  // the profile's non-idle time is wall time while JavaScript ran (inflated when the machine
  // is busy); scaled to the process's /proc CPU, the shares give ms of CPU
  const scale = procMs != null && total > 0 ? (procMs * Math.max(1, payments) * 1000) / total : null
  const perPayment = (us) => us / 1000 / Math.max(1, payments)
  const scaled = (us) => (scale == null ? null : Number((perPayment(us) * scale).toFixed(2)))
  return {
    scaled_to_proc: scale == null ? null : {
      total_ms: scaled(total),
      payment_module_ms: scaled(pm),
      plugin_own_ms: scaled(total - pm),
      ours_attributed_ms: scaled(ours),
      ours_in_request_ms: scaled(ours - emails),
      framework_unattributed_ms: scaled(total - pm - ours),
    },
    ours_attributed_ms: Number(perPayment(ours).toFixed(2)),
    ours_in_request_ms: Number(perPayment(ours - emails).toFixed(2)),
    per_payment_ms: Object.fromEntries(
      Object.entries(buckets)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => [k, Number(perPayment(v).toFixed(2))])
    ),
    total_ms: Number(perPayment(total).toFixed(2)),
    payment_module_ms: Number(perPayment(pm).toFixed(2)),
    plugin_own_ms: Number(perPayment(total - pm).toFixed(2)),
  }
}

function printBreakdown(run, log) {
  const strict = run.strict.per_payment_ms
  const sw = run.sandwich?.per_payment_ms ?? {}
  const keys = [...new Set([...Object.keys(strict), ...Object.keys(sw)])].filter((k) => k !== "idle")
  keys.sort((a, b) => (strict[b] ?? 0) - (strict[a] ?? 0))
  const f = (x) => (x == null ? "-" : x.toFixed(2))
  const sc = (summary, v) => (summary?.scaled_to_proc && v != null ? (v * summary.scaled_to_proc.total_ms) / summary.total_ms : null)
  const rows = keys.map((k) => [k, f(strict[k] ?? 0), f(sc(run.strict, strict[k] ?? 0)), run.sandwich ? f(sw[k] ?? 0) : "-", run.sandwich ? f(sc(run.sandwich, sw[k] ?? 0)) : "-"])
  const line = (r) => `  ${r[0].padEnd(w)}  ${r[1].padStart(8)}  ${r[2].padStart(8)}  ${r[3].padStart(8)}  ${r[4].padStart(8)}`
  const w = Math.max(...rows.map((r) => r[0].length), 52)
  log(line(["ms per payment", "stack", "stack", "sandwich", "sandwich"]))
  log(line(["", "sampled", "CPU", "sampled", "CPU"]))
  for (const r of rows) log(line(r))
  log(`  ${"-".repeat(w + 40)}`)
  const both = (label, key) => {
    const s = run.strict
    const d = run.sandwich
    log(line([label, f(s[key]), f(s.scaled_to_proc?.[key]), d ? f(d[key]) : "-", d ? f(d.scaled_to_proc?.[key]) : "-"]))
  }
  both("total (non-idle)", "total_ms")
  both("Payment Module", "payment_module_ms")
  both("plugin's own CPU = total − Payment Module", "plugin_own_ms")
  both("  of which ours (attributed to src/)", "ours_attributed_ms")
  both("  of which ours in the request (without emails)", "ours_in_request_ms")
  if (run.proc_server_ms != null) log(`  server process CPU from /proc (all threads, profiler included): ${run.proc_server_ms.toFixed(2)} ms per payment`)
  log(`  ${run.ok} payments ok of ${run.responses} in ${run.seconds.toFixed(1)} s (${run.rps.toFixed(1)}/s), p50 ${run.p50} ms, p99 ${run.p99} ms`)
}

// ---------------------------------------------------------------- app, database, server

async function connect(url) {
  const client = new Client({ connectionString: url })
  client.on("error", () => {})
  await client.connect()
  return client
}

function startServer({ serverDir, port, databaseUrl, logFile, interval }) {
  const { MEDUSA_CLI } = require("./app")
  fs.mkdirSync(CPU_DIR, { recursive: true })
  const hook = path.join(CPU_DIR, "profile-hook.js")
  fs.writeFileSync(hook, HOOK_SOURCE)
  for (const f of fs.readdirSync(CPU_DIR)) if (/^(profile-\d+\.cpuprofile|started|server\.pid)/.test(f)) fs.rmSync(path.join(CPU_DIR, f), { force: true })
  const out = fs.openSync(logFile, "w")
  const unlimited = { windowMs: 1000, max: 1000000 }
  const given = process.env.BILLING_PORTAL_OPTIONS ? JSON.parse(process.env.BILLING_PORTAL_OPTIONS) : {}
  const child = spawn(process.execPath, [MEDUSA_CLI, "start", "-p", String(port)], {
    cwd: serverDir,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${hook}`.trim(),
      PAYMENT_CPU_DIR: CPU_DIR,
      PAYMENT_CPU_PID_FILE: path.join(CPU_DIR, "server.pid"),
      PAYMENT_CPU_INTERVAL: String(interval),
      DATABASE_URL: databaseUrl,
      MEDUSA_ADMIN_DISABLE: "true",
      LOG_LEVEL: "error",
      JWT_SECRET: process.env.JWT_SECRET || "bench-jwt-secret",
      COOKIE_SECRET: process.env.COOKIE_SECRET || "bench-cookie-secret",
      SANDBOX_ALLOW_IN_PRODUCTION: "true",
      SANDBOX_WEBHOOK_SECRET: process.env.SANDBOX_WEBHOOK_SECRET || "bench-sandbox-secret",
      BILLING_PORTAL_OPTIONS: JSON.stringify({ ...given, rateLimits: { payments: { perCustomer: unlimited, perIp: unlimited } } }),
    },
    stdio: ["ignore", out, out],
    detached: true,
  })
  fs.closeSync(out)
  let exited = null
  const exitPromise = new Promise((resolve) => child.on("exit", (code, signal) => resolve((exited = { code, signal }))))
  return {
    child,
    port,
    exited: () => exited,
    async stop() {
      if (exited) return
      const sig = (s) => {
        try {
          process.kill(-child.pid, s)
        } catch {}
      }
      sig("SIGTERM")
      if (!(await Promise.race([exitPromise.then(() => true), sleep(15000)]))) {
        sig("SIGKILL")
        await Promise.race([exitPromise, sleep(5000)])
      }
    },
  }
}

async function waitForHealth(server, logFile, timeoutMs = 240000) {
  const base = `http://127.0.0.1:${server.port}`
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline && !server.exited()) {
    try {
      if ((await fetch(`${base}/health`)).ok) return base
    } catch {}
    await sleep(300)
  }
  const tail = fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8").trim().split("\n").slice(-30).join("\n") : ""
  throw new Error(`the profiled server did not answer /health:\n${tail}`)
}

async function login(base, { email, password }) {
  const res = await fetch(`${base}/auth/customer/emailpass`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  })
  const body = await res.json().catch(() => ({}))
  if (!body.token) throw new Error(`login as ${email} answered ${res.status}`)
  return body.token
}

async function profiled(pid, fn) {
  const started = path.join(CPU_DIR, "started")
  fs.rmSync(started, { force: true })
  const before = new Set(fs.readdirSync(CPU_DIR).filter((f) => f.endsWith(".cpuprofile")))
  process.kill(pid, "SIGUSR2")
  for (let i = 0; i < 100 && !fs.existsSync(started); i++) await sleep(50)
  if (!fs.existsSync(started)) throw new Error("the server's profiler did not start (hook not loaded?)")
  const result = await fn()
  process.kill(pid, "SIGUSR2")
  for (let i = 0; i < 600; i++) {
    const file = fs.readdirSync(CPU_DIR).find((f) => f.endsWith(".cpuprofile") && !before.has(f))
    if (file) return { result, profile: JSON.parse(fs.readFileSync(path.join(CPU_DIR, file), "utf8")), file: path.join(CPU_DIR, file) }
    await sleep(100)
  }
  throw new Error("the server wrote no profile")
}

/**
 * Builds (or reuses) the app, seeds (or reuses) its database, starts a profiled
 * server, sends the payments and returns the breakdown.
 * @param {{ app?: any, pg?: any, log?: (s: string) => void, payments?: number, connections?: number,
 *   payers?: number, interval?: number, warmup?: number }} opts
 */
async function measurePaymentCpu(opts = {}) {
  const log = opts.log ?? console.log
  const paymentsN = opts.payments ?? 200
  const connections = opts.connections ?? 10
  const payersN = opts.payers ?? 10
  const interval = opts.interval ?? 500
  const warmupN = opts.warmup ?? 60
  const { prepareApp, runMedusa } = require("./app")
  const { startPostgres, freePort } = require("../lib/postgres")
  const { topUpPayers, payablePairs, checkConsistency } = require("./seed-sql")
  const payments = require("./payments")

  let ownPg = null
  let server = null
  let client = null
  try {
    const app = opts.app ?? (await prepareApp({ root: ROOT, dir: path.join(BENCH_DIR, "app"), log }))
    const pg = opts.pg ?? (ownPg = await startPostgres({ dir: path.join(BENCH_DIR, "pg"), persistent: true, fast: true }))
    await pg.createDatabase(DB_NAME)
    const databaseUrl = pg.url(DB_NAME)
    const env = { ...process.env, DATABASE_URL: databaseUrl, MEDUSA_ADMIN_DISABLE: "true" }
    client = await connect(databaseUrl)
    const markerRow = await client
      .query(`SELECT value FROM bench_meta WHERE key = 'payment-cpu'`)
      .then((r) => r.rows[0]?.value ?? null)
      .catch(() => null)
    let marker = markerRow
    if (!marker || marker.version !== SEED_VERSION || (marker.payers?.length ?? 0) < payersN) {
      log("  payment-cpu: migrating and seeding billing_portal_cpu (demo seed + paying customers)")
      await runMedusa(["db:migrate"], { cwd: app.serverDir, env })
      const { output } = await runMedusa(["exec", "./scripts/bench/seed-app.ts"], {
        cwd: app.appDir,
        env: { ...env, BENCH_PAYERS: String(payersN), BENCH_PAYERS_ONLY: marker ? "true" : "false" },
      })
      const line = output.split("\n").find((l) => l.includes("BENCH_SEED_RESULT "))
      if (!line) throw new Error(`seed-app.ts printed no BENCH_SEED_RESULT:\n${output.slice(-2000)}`)
      const seeded = JSON.parse(line.slice(line.indexOf("BENCH_SEED_RESULT ") + 18))
      marker = { version: SEED_VERSION, publishable_key: marker?.publishable_key ?? seeded.publishable_key, payers: seeded.payers }
      await client.query(`CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value jsonb NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`)
      await client.query(
        `INSERT INTO bench_meta (key, value) VALUES ('payment-cpu', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
        [marker]
      )
    } else {
      await runMedusa(["db:migrate"], { cwd: app.serverDir, env })
    }
    const payers = marker.payers.slice(0, payersN)
    const payerIds = payers.map((p) => p.id)
    const perCustomer = Math.ceil((warmupN + 2 * paymentsN + 10) / payers.length) + 2
    await topUpPayers(client, { customerIds: payerIds, perCustomer })
    await client.query("ANALYZE")

    const port = await freePort()
    const logFile = path.join(CPU_DIR, "server.log")
    fs.mkdirSync(CPU_DIR, { recursive: true })
    server = startServer({ serverDir: app.serverDir, port, databaseUrl, logFile, interval })
    const base = await waitForHealth(server, logFile)
    const pid = Number(fs.readFileSync(path.join(CPU_DIR, "server.pid"), "utf8"))
    const tokens = []
    for (const p of payers) tokens.push(await login(base, p))
    const headersFor = (i) => ({ "x-publishable-api-key": marker.publishable_key, authorization: `Bearer ${tokens[i]}` })
    const { pairs } = await payablePairs(client, payerIds)
    const source = new payments.PairSource(pairs)
    const keyPrefix = `cpu-${Date.now().toString(36)}`
    await payments.checkPayments({ base, headersFor, source, keyPrefix, log: () => {} })
    const common = { base, headersFor, source, maxSeconds: 600 }
    if (warmupN > 0) await payments.runPayments({ ...common, amount: warmupN, connections, keyPrefix: `${keyPrefix}-w` })

    const runs = {}
    for (const [name, conns] of [
      ["sequential", 1],
      ["concurrent", connections],
    ]) {
      const { result: m, profile, file } = await profiled(pid, () =>
        payments.runPayments({ ...common, amount: paymentsN, connections: conns, keyPrefix: `${keyPrefix}-${name}`, cpuRoots: { server: pid } })
      )
      if (m.problems || m.errors || m.timeouts) {
        throw new Error(`payments failed during the ${name} run: ${JSON.stringify({ problems: m.first_problems, codes: m.status_codes })}`)
      }
      const a = attribute(profile)
      const procMs = m.cpu_seconds.server != null ? (m.cpu_seconds.server * 1000) / Math.max(1, m.responses) : null
      runs[name] = {
        connections: conns,
        ok: m.ok,
        responses: m.responses,
        seconds: m.seconds,
        rps: m.rps,
        p50: m.precise.p50 == null ? null : Number(m.precise.p50.toFixed(1)),
        p99: m.precise.p99 == null ? null : Number(m.precise.p99.toFixed(1)),
        samples: profile.samples?.length ?? 0,
        profile: path.relative(ROOT, file),
        proc_server_ms: procMs,
        strict: summarise(a.buckets, m.responses, procMs),
        sandwich: conns === 1 ? summarise(sandwich(a), m.responses, procMs) : null,
      }
    }
    const failures = await checkConsistency(client, { customerIds: payerIds })
    if (failures.length) throw new Error(`invariants broken after the payments: ${failures.join("; ")}`)
    return { payments: paymentsN, connections, payers: payers.length, interval_us: interval, runs }
  } finally {
    if (server) await server.stop().catch(() => {})
    if (client) await client.end().catch(() => {})
    if (ownPg) await ownPg.stop().catch(() => {})
  }
}

function printPaymentCpu(res, log = console.log) {
  for (const [name, run] of Object.entries(res.runs)) {
    log(`\n  ${name} (${run.connections} connection${run.connections > 1 ? "s" : ""}, ${res.payments} payments, ${run.samples} samples every ${res.interval_us} µs; ${run.profile})`)
    printBreakdown(run, log)
  }
}

module.exports = { measurePaymentCpu, printPaymentCpu, attribute, sandwich }

if (require.main === module) (() => {
  const args = process.argv.slice(2)
  const opt = (name, dflt) => {
    const i = args.indexOf(`--${name}`)
    return i >= 0 ? Number(args[i + 1]) : dflt
  }
  const json = args.includes("--json")
  const t = Date.now()
  const stored = args.indexOf("--analyze")
  if (stored >= 0) {
    // re-attribute a stored profile: --analyze <file.cpuprofile> --payments N [--proc-ms M] [--sequential]
    const profile = JSON.parse(fs.readFileSync(args[stored + 1], "utf8"))
    const n = opt("payments", 200)
    const procMs = opt("proc-ms", null)
    const a = attribute(profile)
    const run = {
      ok: n, responses: n, seconds: 0, rps: 0, p50: null, p99: null, proc_server_ms: procMs,
      strict: summarise(a.buckets, n, procMs),
      sandwich: args.includes("--sequential") ? summarise(sandwich(a), n, procMs) : null,
    }
    printBreakdown(run, console.log)
    return
  }
  measurePaymentCpu({
    payments: opt("payments", 200),
    connections: opt("connections", 10),
    payers: opt("payers", 10),
    interval: opt("interval", 500),
    warmup: opt("warmup", 60),
    log: (s) => console.log(s),
  })
    .then((res) => {
      printPaymentCpu(res)
      fs.mkdirSync(CPU_DIR, { recursive: true })
      fs.writeFileSync(path.join(CPU_DIR, "result.json"), JSON.stringify(res, null, 2))
      if (json) console.log(JSON.stringify(res))
      console.log(`\n  (${((Date.now() - t) / 1000).toFixed(0)} s; result in .bench/payment-cpu/result.json)`)
    })
    .catch((err) => {
      console.error(err?.stack || err)
      process.exitCode = 1
    })
})()
