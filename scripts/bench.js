#!/usr/bin/env node
// `npm run bench`: performance budgets of DESIGN sec. 12 (PDF documents,
// read side, payment preview and payment creation).
//
//   0. PDFs, first and without any database or app: an invoice (20 lines) and
//      a 1,000-entry statement rendered in this process (scripts/bench/pdf.js),
//      warm (--pdf-warmup renders first), median and p95 of --pdf-runs renders
//      each against the targets (invoice <= 30 ms, statement <= 300 ms).
//      `npm run bench -- --only pdf` (or --pdf-only) runs just this, in seconds.
//  0b. Lighthouse 12.2.3 (mobile emulation, Debian's chromium) on the built
//      portal's Home, Make a payment and Invoices, signed in as a customer with
//      invoices, on an app started as the browser suites start theirs
//      (scripts/bench/lighthouse.js): performance, accessibility and the
//      first load's gzipped JavaScript against the targets (>= 95, 100,
//      <= 150 KB); reports in .bench/lighthouse/. `--only lighthouse` runs just
//      this (a few minutes).
//   1. PostgreSQL: embedded under .bench/pg (fsync off) unless DATABASE_URL /
//      DB_HOST is set; database `billing_portal_bench`. Migrated, seeded once
//      (demo store, two measured customers and the paying customers through
//      Medusa, then bulk rows with SQL: >= 10k customers, >= 200k issued
//      invoices with lines, payments, allocations and ledger entries),
//      VACUUM ANALYZEd, and marked complete in table `bench_meta`; later runs
//      reuse it (`--reseed` forces a new one; more --payers than stored are
//      added without reseeding). Before every run each paying customer is
//      topped up to --pay-invoices payable open invoices (with their `invoice`
//      ledger entries), since the payment benchmark pays them.
//   2. The app, built with `medusa build` from a snapshot under .bench/app,
//      started with `medusa start` in production mode on a free port.
//   3. autocannon against GET /store/customers/me (baseline) and
//      GET /store/billing/account, GET /store/billing/invoices?limit=20 and
//      POST /store/billing/payments/preview (total_balance, usd) for a
//      customer with 5,000 open invoices ("big") and one with 10 ("small"),
//      interleaved in rounds, in the same run against the same server.
//   4. Payment creation: POST /store/billing/payments by sandbox card
//      (4242…), --pay-connections concurrent, each request paying the next
//      (paying customer, open invoice) pair round robin with its own
//      Idempotency-Key; every response must be 201 with a succeeded payment.
//      Bounded by the payable invoices available; the payers' invariants are
//      checked afterwards.
//  4b. Baseline of 4: Medusa's own checkout, POST /store/carts/:id/complete
//      with the same sandbox provider and card at the same concurrency
//      (scripts/bench/checkout.js); every cart (one line item of a variant with
//      manage_inventory: false, flat shipping method, addresses, payment
//      collection, sandbox session) prepared before the window. Targets:
//      payment creation throughput >= 3x checkout's, p99 <= 0.35x; server and
//      PostgreSQL CPU per request for both. Then the Payment Module calls
//      alone for as many one-off card payments, same concurrency, same
//      warm-up (scripts/bench/payment-module-charges.js by medusa exec): the
//      ceiling through the Payment Module, and the plugin's own CPU per
//      payment (server CPU minus theirs; target <= 10 ms).
//  4c. Webhook intake (scripts/bench/webhooks.js): signed Stripe events to
//      POST /hooks/billing/stripe, against GET /health in the same run;
//      targets >= 500 events/s and ack p99 < 50 ms; every event stored once.
//      Measured twice: on the one shared-mode server (HTTP, subscribers and
//      jobs in one process), then on Medusa's production shape (DESIGN
//      sec. 16: Redis, one `server` instance taking the events and one
//      `worker` processing them; --no-webhooks-production skips it; Debian's
//      redis-server, installed with apt-get when missing and allowed).
//  4d. Autopay (scripts/bench/autopay.js): N enrollments (saved sandbox card,
//      one past-due invoice each) charged by one admin "run now" on an app
//      started with SANDBOX_LATENCY_MS and autopay.concurrency; timed to the
//      autopay_run row's finished_at; every enrollment charged once; target
//      <= 5 minutes for 10,000 at 300 ms (a smaller run: its share); CPU per
//      charge. Baseline, just before it: the same charges' Payment Module
//      calls alone (payment-module-charges.js, saved cards), and the
//      provider's floor.
//   5. A results table (every figure, its baseline from this run, the ratio,
//      PASS/FAIL), the query plans of the billing routes (auto_explain,
//      embedded PostgreSQL only) and .bench/results.json.
//
// Options: --reseed  --duration <s per route, default 12>  --rounds <4>
//   --warmup <s per route, 3>  --connections <10>  --customers <10000>
//   --invoices <200000>  --big <5000>  --small <10>  --no-ledger  --no-explain
//   --no-extra (skip the informational `invoices?limit=10` run for the big
//   customer, which returns as many rows as the small customer's list)  --rebuild
//   Payment creation:
//   --payers <40>          paying customers (with logins), payments round robin over them
//   --pay-invoices <200>   payable open invoices per payer, topped up before every run
//   --pay-connections <20> concurrent connections
//   --pay-warmup <100>     payments sent before measuring (their rate sizes the measured run)
//   --pay-duration <15>    seconds the measured run should last: it sends warm-up rate x this
//                          many payments (at least 10 per connection), every one answered
//   --payments <n>         measure exactly n payments instead
//                          (either way at most the payable invoices left; a run still going
//                          after 4x --pay-duration + 30 s is cut off and reported)
//   --no-payments          skip payment creation (the preview is still measured)
//   --payment-cpu-payments <200>  payments per profiled run of the payment CPU breakdown
//                          (scripts/bench/payment-cpu.js: own database and server, V8 profile
//                          attributed to Payment Module / our steps / framework)
//   --no-payment-cpu       skip that breakdown
//   PDF documents:
//   --only pdf, --pdf-only  run only the PDF benchmark (no build, no database)
//   --pdf-runs <40>         timed renders per document (at least 30)
//   --pdf-warmup <5>        untimed renders first
//   --no-pdf                skip the PDF benchmark
//   Sections alone (development; the store is still seeded, the read side skipped):
//   --only checkout         payment creation and its checkout baseline
//   --only webhooks         webhook intake
//   --only autopay          autopay at scale (1,000 enrollments unless --long or --autopay-enrollments)
//   --no-checkout, --no-webhooks, --no-autopay   skip that section
//   --no-webhooks-production   skip the webhook intake on the production shape (Redis, server + worker)
//   --checkouts <n>         carts completed in the measured window (default: warm-up rate x --pay-duration)
//   --webhook-connections <10>  --webhook-duration <10 s>
//   --autopay-enrollments <10000>  --autopay-latency <300 ms>  --autopay-concurrency <48>
//   --autopay-timeout <900 s>
//   --long                  the issue's full counts in every section (autopay 10,000)
//   Hosted portal (Lighthouse, scripts/bench/lighthouse.js):
//   --only lighthouse       run only Lighthouse on the built portal (its own small app and
//                           database, as the browser suites start them; no bench seed)
//   --lighthouse-runs <1>   runs per page (the median run by performance score is reported,
//                           the lower middle one of an even count)
//   --no-lighthouse         skip it
// Exit code: 0 when the measurement ran (targets FAIL included), 1 when
// something broke (setup, a route not answering 200, failed requests, a
// payment not answering 201 succeeded, invariants broken by the payments,
// Lighthouse not running or a portal page not opening signed in).
const fs = require("fs")
const os = require("os")
const path = require("path")
const { spawn } = require("child_process")
const { Client } = require("pg")
const { startPostgres, freePort } = require("./lib/postgres")
const { prepareApp, runMedusa, killRunning, hashFiles, listFiles, MEDUSA_CLI } = require("./bench/app")
const { seedBulk, checkConsistency, topUpPayers, payablePairs } = require("./bench/seed-sql")
const { measureRoutes, stopCurrent } = require("./bench/measure")
const payments = require("./bench/payments")
const checkout = require("./bench/checkout")
const webhooksBench = require("./bench/webhooks")
const { startRedis } = require("./lib/redis")
const autopayBench = require("./bench/autopay")
const paymentCpu = require("./bench/payment-cpu")
const explain = require("./bench/explain")
const pdfBench = require("./bench/pdf")
const lighthouseBench = require("./bench/lighthouse")

const ROOT = path.resolve(__dirname, "..")
const BENCH_DIR = path.join(ROOT, ".bench")
const DB_NAME = "billing_portal_bench"
// Bump when the generated data changes shape: a stored seed with another version is rebuilt.
const SEED_VERSION = 1

// Every target is a ratio to a baseline measured in the same run, except the webhook intake's and
// autopay's absolute budgets (DESIGN sec. 12), which are shown next to their baselines' figures.
const TARGETS = {
  account: 1.3,
  invoices: 1.6,
  bigVsSmall: 1.2,
  preview: 1.5,
  // payment creation vs Medusa's own checkout (POST /store/carts/:id/complete), same concurrency
  paymentVsCheckoutRps: 3,
  paymentVsCheckoutP99: 0.35,
  webhookEventsPerSecond: 500,
  webhookP99Ms: 50,
  autopaySeconds: 300,
  // the plugin's own CPU per payment: everything but the Payment Module calls (DESIGN sec. 12)
  pluginOwnCpuMs: 10,
}
const ONLY = ["pdf", "lighthouse", "checkout", "webhooks", "autopay"]
/** The issue's figures: `npm run bench` without flags and `--long` use them. */
const FULL_AUTOPAY_ENROLLMENTS = 10000

function parseArgs(argv) {
  const opts = {
    reseed: false,
    rebuild: false,
    duration: 12,
    rounds: 4,
    warmup: 3,
    connections: 10,
    customers: 10000,
    invoices: 200000,
    big: 5000,
    small: 10,
    ledger: true,
    explain: true,
    extra: true,
    payers: 40,
    "pay-invoices": 200,
    payments: 0,
    "pay-warmup": 100,
    "pay-connections": 20,
    "pay-duration": 15,
    "payment-cpu": true,
    "payment-cpu-payments": 200,
    pay: true,
    pdf: true,
    lighthouse: true,
    "lighthouse-runs": 1,
    only: null,
    "pdf-runs": 40,
    "pdf-warmup": 5,
    checkout: true,
    checkouts: 0,
    webhooks: true,
    "webhook-connections": 10,
    "webhooks-production": true,
    "webhook-duration": 10,
    autopay: true,
    "autopay-enrollments": null,
    "autopay-latency": 300,
    "autopay-concurrency": 48,
    "autopay-timeout": 900,
    long: false,
  }
  const num = (name, v) => {
    const n = Number(v)
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} needs a number, got ${v}`)
    return n
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const [flag, inline] = a.includes("=") ? a.split(/=(.*)/s) : [a, undefined]
    const value = () => (inline !== undefined ? inline : argv[++i])
    switch (flag) {
      case "--reseed": opts.reseed = true; break
      case "--rebuild": opts.rebuild = true; break
      case "--no-ledger": opts.ledger = false; break
      case "--no-explain": opts.explain = false; break
      case "--no-extra": opts.extra = false; break
      case "--no-payments": opts.pay = false; break
      case "--no-payment-cpu": opts["payment-cpu"] = false; break
      case "--no-pdf": opts.pdf = false; break
      case "--no-lighthouse": opts.lighthouse = false; break
      case "--no-checkout": opts.checkout = false; break
      case "--no-webhooks": opts.webhooks = false; break
      case "--no-webhooks-production": opts["webhooks-production"] = false; break
      case "--no-autopay": opts.autopay = false; break
      case "--long": opts.long = true; break
      case "--pdf-only": opts.only = "pdf"; break
      case "--only": {
        const what = value()
        if (!ONLY.includes(what)) throw new Error(`--only takes ${ONLY.map((o) => `"${o}"`).join(", ")}, got ${what}`)
        opts.only = what
        break
      }
      case "--pdf-runs": case "--pdf-warmup": case "--lighthouse-runs":
        opts[flag.slice(2)] = Math.round(num(flag.slice(2), value())); break
      case "--duration": case "--rounds": case "--warmup": case "--connections":
      case "--customers": case "--invoices": case "--big": case "--small":
      case "--payers": case "--pay-invoices": case "--payments": case "--pay-warmup":
      case "--payment-cpu-payments":
      case "--pay-connections": case "--pay-duration":
      case "--checkouts": case "--webhook-connections": case "--webhook-duration":
      case "--autopay-enrollments": case "--autopay-latency": case "--autopay-concurrency": case "--autopay-timeout":
        opts[flag.slice(2)] = num(flag.slice(2), value()); break
      case "-h": case "--help":
        {
          const lines = fs.readFileSync(__filename, "utf8").split("\n").slice(1)
          const end = lines.findIndex((l) => !l.startsWith("//"))
          console.log(lines.slice(0, end).map((l) => l.slice(3)).join("\n"))
        }
        process.exit(0)
      default:
        throw new Error(`Unknown option ${a} (see --help)`)
    }
  }
  if (opts.only === "pdf" && !opts.pdf) throw new Error("--only pdf and --no-pdf contradict each other")
  if (opts.only === "lighthouse" && !opts.lighthouse) throw new Error("--only lighthouse and --no-lighthouse contradict each other")
  if (opts.lighthouse && opts["lighthouse-runs"] < 1) throw new Error("--lighthouse-runs must be at least 1")
  if (opts.pdf && opts["pdf-runs"] < 30) throw new Error("--pdf-runs must be at least 30")
  for (const k of ["checkout", "webhooks", "autopay"]) {
    if (opts.only === k && !opts[k]) throw new Error(`--only ${k} and --no-${k} contradict each other`)
  }
  // `--only autopay` is for development: 1,000 enrollments unless --long or --autopay-enrollments;
  // the whole bench (no --only) measures the issue's 10,000.
  if (opts["autopay-enrollments"] == null) {
    opts["autopay-enrollments"] = opts.only === "autopay" && !opts.long ? 1000 : FULL_AUTOPAY_ENROLLMENTS
  }
  if (opts.long) opts["autopay-enrollments"] = Math.max(opts["autopay-enrollments"], FULL_AUTOPAY_ENROLLMENTS)
  for (const k of ["checkouts", "webhook-connections", "autopay-enrollments", "autopay-latency", "autopay-concurrency"]) opts[k] = Math.round(opts[k])
  if (opts.autopay && (opts["autopay-enrollments"] < 1 || opts["autopay-concurrency"] < 1)) {
    throw new Error("--autopay-enrollments and --autopay-concurrency must be >= 1 (or --no-autopay)")
  }
  opts.rounds = Math.max(1, Math.round(opts.rounds))
  opts.connections = Math.max(1, Math.round(opts.connections))
  for (const k of ["payers", "pay-invoices", "payments", "pay-warmup"]) opts[k] = Math.round(opts[k])
  opts["pay-connections"] = Math.max(1, Math.round(opts["pay-connections"]))
  if (opts.pay && (opts.payers < 1 || opts["pay-invoices"] < 1 || !(opts["pay-duration"] > 0 || opts.payments >= 1))) {
    throw new Error("--payers and --pay-invoices must be >= 1, and --pay-duration > 0 or --payments >= 1 (or --no-payments)")
  }
  return opts
}

const started = Date.now()
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)}s`
const log = (s) => console.log(s)
const step = (s) => console.log(`\n[${elapsed()}] ${s}`)
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const withTimeout = (p, ms) => Promise.race([p, sleep(ms)])
let shuttingDown = false
/** Ctrl-C / SIGTERM: the signal handler stops everything and exits; main's own end must not exit first. */
let signalled = false

// ---------------------------------------------------------------- server

/** The Stripe webhook secret of the bench's server (the webhook intake signs its events with it). */
const STRIPE_WEBHOOK_SECRET = "whsec_bench_intake"

/**
 * BILLING_PORTAL_OPTIONS for the server: the caller's, with payment rate limits out of the way,
 * a Stripe webhook secret (for /hooks/billing/stripe) and `extra` (autopay's concurrency) on top.
 */
function benchPluginOptions(extra = {}) {
  const given = process.env.BILLING_PORTAL_OPTIONS ? JSON.parse(process.env.BILLING_PORTAL_OPTIONS) : {}
  const unlimited = { windowMs: 1000, max: 1000000 }
  return JSON.stringify({
    ...given,
    stripe: { ...(given.stripe ?? {}), webhookSecret: STRIPE_WEBHOOK_SECRET },
    rateLimits: { payments: { perCustomer: unlimited, perIp: unlimited } },
    ...extra,
    ...(extra.autopay || given.autopay ? { autopay: { ...(given.autopay ?? {}), ...(extra.autopay ?? {}) } } : {}),
  })
}

/** The environment the bench's app runs with (the server, and `medusa exec` scripts in it). */
function appEnv({ databaseUrl, env = {}, pluginOptions = {} }) {
  return {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    MEDUSA_ADMIN_DISABLE: "true",
    JWT_SECRET: process.env.JWT_SECRET || "bench-jwt-secret",
    COOKIE_SECRET: process.env.COOKIE_SECRET || "bench-cookie-secret",
    // The bench pays with the sandbox provider, which refuses production
    // unless explicitly allowed (and then only with a webhook secret).
    SANDBOX_ALLOW_IN_PRODUCTION: "true",
    SANDBOX_WEBHOOK_SECRET: process.env.SANDBOX_WEBHOOK_SECRET || "bench-sandbox-secret",
    // medusa-config.ts only allows its demo origins; the bench sends no Origin header anyway.
    // Every request comes from one address at 100+/s: lift the payment rate
    // limits (DESIGN sec. 11), which would otherwise be what is measured.
    BILLING_PORTAL_OPTIONS: benchPluginOptions(pluginOptions),
    ...env,
  }
}

function startServer({ serverDir, port, databaseUrl, logFile, env = {}, pluginOptions = {} }) {
  const out = fs.openSync(logFile, "w")
  const child = spawn(process.execPath, [MEDUSA_CLI, "start", "-p", String(port)], {
    cwd: serverDir,
    env: appEnv({ databaseUrl, env, pluginOptions }),
    stdio: ["ignore", out, out],
    detached: true, // own process group: Ctrl-C reaches us, and we stop it cleanly
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
      const signal = (sig) => {
        try {
          process.kill(-child.pid, sig)
        } catch {
          try {
            child.kill(sig)
          } catch {}
        }
      }
      signal("SIGTERM")
      if (!(await withTimeout(exitPromise.then(() => true), 15000))) {
        signal("SIGKILL")
        await withTimeout(exitPromise, 5000)
      }
    },
  }
}

async function waitForHealth(server, logFile, timeoutMs = 180000) {
  const base = `http://127.0.0.1:${server.port}`
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (server.exited()) break
    try {
      const res = await fetch(`${base}/health`)
      if (res.ok) return base
    } catch {}
    await sleep(250)
  }
  const tail = fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8").trim().split("\n").slice(-30).join("\n") : ""
  throw new Error(
    server.exited()
      ? `medusa start exited (${JSON.stringify(server.exited())}) before /health answered:\n${tail}`
      : `medusa start did not answer /health within ${timeoutMs / 1000} s:\n${tail}`
  )
}

async function login(base, { email, password }) {
  const res = await fetch(`${base}/auth/customer/emailpass`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  })
  const body = await res.json().catch(() => ({}))
  if (res.status !== 200 || !body.token) {
    throw new Error(`login as ${email} answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`)
  }
  return body.token
}

/** Logs every customer in, a few at a time (password hashing is slow on purpose). */
async function loginAll(base, list, concurrency = 4) {
  const tokens = new Array(list.length)
  let next = 0
  const worker = async () => {
    while (next < list.length) {
      const i = next++
      tokens[i] = await login(base, list[i])
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, list.length) }, worker))
  return tokens
}

/** Runs scripts/bench/seed-app.ts under `medusa exec`; returns what it printed as BENCH_SEED_RESULT. */
async function seedApp(app, env, { payers = 0, payersOnly = false, checkout = false } = {}) {
  const { output } = await runMedusa(["exec", "./scripts/bench/seed-app.ts"], {
    cwd: app.appDir,
    env: {
      ...env,
      BENCH_PAYERS: String(payers),
      BENCH_PAYERS_ONLY: payersOnly ? "true" : "false",
      BENCH_CHECKOUT: checkout ? "true" : "false",
    },
  })
  const line = output.split("\n").find((l) => l.includes("BENCH_SEED_RESULT "))
  if (!line) throw new Error(`seed-app.ts printed no BENCH_SEED_RESULT:\n${output.slice(-2000)}`)
  const seeded = JSON.parse(line.slice(line.indexOf("BENCH_SEED_RESULT ") + 18))
  if ((seeded.payers?.length ?? 0) < payers) throw new Error(`seed-app.ts created ${seeded.payers?.length ?? 0} of ${payers} paying customers`)
  return seeded
}

/** The embedded PostgreSQL's postmaster pid (for CPU accounting), or null. */
function postmasterPid(dir) {
  try {
    return Number(fs.readFileSync(path.join(dir, "postmaster.pid"), "utf8").split("\n")[0]) || null
  } catch {
    return null
  }
}

// ---------------------------------------------------------------- database

async function connect(url) {
  const client = new Client({ connectionString: url })
  // A dropped connection (e.g. Ctrl-C also reached PostgreSQL) surfaces on the next query;
  // without a listener it would crash the process before the cleanup ran.
  client.on("error", (err) => {
    if (!shuttingDown) console.error(`PostgreSQL connection error: ${err.message}`)
  })
  await client.connect()
  return client
}

async function readMarker(client) {
  const { rows } = await client.query(`SELECT to_regclass('public.bench_meta') AS t`)
  if (!rows[0].t) return null
  const r = await client.query(`SELECT value FROM bench_meta WHERE key = 'seed'`)
  return r.rows[0]?.value ?? null
}

async function writeMarker(client, value) {
  await client.query(`CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value jsonb NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`)
  await client.query(
    `INSERT INTO bench_meta (key, value) VALUES ('seed', $1)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [value]
  )
}

async function recreateDatabase(pg) {
  const admin = await connect(pg.url("postgres"))
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`)
  } finally {
    await admin.end()
  }
  await pg.createDatabase(DB_NAME)
}

/** What `medusa db:migrate` depends on: the built modules' migrations, links, config and Medusa's version. */
function migrationsHash(serverDir) {
  const files = listFiles(path.join(serverDir, "src")).filter(
    (f) => /[\\/]migrations[\\/][^\\/]+\.js$/.test(f) || /[\\/]src[\\/]links[\\/]/.test(f)
  )
  files.push(path.join(serverDir, "medusa-config.js"))
  files.push(require.resolve("@medusajs/medusa/package.json"))
  return hashFiles(serverDir, files)
}

async function rowCounts(client, customers) {
  const one = async (sql, params) => Number((await client.query(sql, params)).rows[0].n)
  const counts = {
    customer: await one(`SELECT count(*) n FROM customer WHERE deleted_at IS NULL`),
    invoice: await one(`SELECT count(*) n FROM invoice WHERE deleted_at IS NULL`),
    invoice_line: await one(`SELECT count(*) n FROM invoice_line WHERE deleted_at IS NULL`),
    customer_payment: await one(`SELECT count(*) n FROM customer_payment WHERE deleted_at IS NULL`),
    payment_allocation: await one(`SELECT count(*) n FROM payment_allocation WHERE deleted_at IS NULL`),
    ledger_entry: await one(`SELECT count(*) n FROM ledger_entry WHERE deleted_at IS NULL`),
  }
  const byStatus = await client.query(`SELECT status, count(*)::int n FROM invoice WHERE deleted_at IS NULL GROUP BY status ORDER BY status`)
  counts.invoice_by_status = Object.fromEntries(byStatus.rows.map((r) => [r.status, r.n]))
  for (const [key, c] of Object.entries(customers)) {
    counts[`${key}_customer_open_invoices`] = await one(
      `SELECT count(*) n FROM invoice WHERE customer_id = $1 AND status IN ('open', 'partially_paid') AND deleted_at IS NULL`,
      [c.id]
    )
  }
  return counts
}

// ---------------------------------------------------------------- report

/** The busy-machine warning every section prints: null on an idle machine. */
function busyNote(load, cores) {
  return load > 0.5 ? `note: load average ${Number(load.toFixed(2))} before measuring — other processes share the ${cores} cores` : null
}

const fmt = (x, d = 2) => (x == null || !Number.isFinite(x) ? "-" : x.toFixed(d))

function table(rows, headers) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)))
  const line = (cells) => cells.map((c, i) => (i < 2 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ")
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n")
}

// ---------------------------------------------------------------- results table

/**
 * Every figure of the run with the baseline it is compared with (measured in this run), the
 * ratio and the verdict. `target` says what passes: a ratio bound (`ratio <= x`, `ratio >= x`)
 * or, for the budgets DESIGN sec. 12 states in absolute terms (webhook intake, autopay, PDFs,
 * Lighthouse), an absolute one; rows without a target are information.
 */
function figuresTable({ results, measured, paid, checkoutRun, readTargets, previewLimited }) {
  const rows = []
  const add = (r) => {
    let pass = null
    if (r.maxRatio != null) pass = r.ratio != null && r.ratio <= r.maxRatio
    else if (r.minRatio != null) pass = r.ratio != null && r.ratio >= r.minRatio
    else if (r.max != null) pass = r.value != null && r.value <= r.max
    else if (r.below != null) pass = r.value != null && r.value < r.below
    else if (r.min != null) pass = r.value != null && r.value >= r.min
    else if (r.pass != null) pass = r.pass
    const target =
      r.maxRatio != null ? `<= ${r.maxRatio}x` : r.minRatio != null ? `>= ${r.minRatio}x`
        : r.max != null ? `<= ${r.max}${r.unit}` : r.below != null ? `< ${r.below}${r.unit}` : r.min != null ? `>= ${r.min}${r.unit}` : r.target ?? "info"
    rows.push({ ...r, ratio: r.ratio ?? null, target, pass })
  }
  const ms = (x) => (x == null ? null : Number(x.toFixed(2)))
  if (measured) {
    const base = measured.baseline.precise.p50
    const baseName = "GET /store/customers/me p50"
    const ratioRow = (name, m, limit) => add({ name, value: ms(m.precise.p50), unit: " ms", baseline: baseName, baseline_value: ms(base), ratio: m.precise.p50 / base, maxRatio: limit })
    ratioRow("account summary p50 (big customer)", measured.account_big, TARGETS.account)
    ratioRow("account summary p50 (small customer)", measured.account_small, TARGETS.account)
    ratioRow("invoice list p50 (big customer)", measured.invoices_big, TARGETS.invoices)
    ratioRow("invoice list p50 (small customer)", measured.invoices_small, TARGETS.invoices)
    add({
      name: "account summary p50, big vs small customer", value: ms(measured.account_big.precise.p50), unit: " ms",
      baseline: "small customer's p50", baseline_value: ms(measured.account_small.precise.p50),
      ratio: measured.account_big.precise.p50 / measured.account_small.precise.p50, maxRatio: TARGETS.bigVsSmall,
    })
    add({
      name: "invoice list p50, big vs small customer", value: ms(measured.invoices_big.precise.p50), unit: " ms",
      baseline: "small customer's p50", baseline_value: ms(measured.invoices_small.precise.p50),
      ratio: measured.invoices_big.precise.p50 / measured.invoices_small.precise.p50, maxRatio: TARGETS.bigVsSmall,
    })
    ratioRow(
      `payment preview p50 (big customer${previewLimited === true ? ", allocations_limit 100" : previewLimited === false ? ", NO allocations_limit" : ""})`,
      measured.preview_big,
      TARGETS.preview
    )
  }
  if (paid) {
    const baseName = checkoutRun ? "checkout (POST /store/carts/:id/complete)" : "(checkout not measured)"
    add({
      name: `payment creation throughput (${paid.connections} conc.)`, value: Number(paid.rps.toFixed(1)), unit: "/s",
      baseline: `${baseName} /s`, baseline_value: checkoutRun ? Number(checkoutRun.rps.toFixed(1)) : null,
      ratio: checkoutRun ? paid.rps / checkoutRun.rps : null, minRatio: TARGETS.paymentVsCheckoutRps,
    })
    add({
      name: `payment creation p99 (${paid.connections} conc.)`, value: ms(paid.precise.p99), unit: " ms",
      baseline: `${baseName} p99`, baseline_value: checkoutRun ? ms(checkoutRun.precise.p99) : null,
      ratio: checkoutRun ? paid.precise.p99 / checkoutRun.precise.p99 : null, maxRatio: TARGETS.paymentVsCheckoutP99,
    })
    add({
      name: "payment creation p50", value: ms(paid.precise.p50), unit: " ms",
      baseline: `${baseName} p50`, baseline_value: checkoutRun ? ms(checkoutRun.precise.p50) : null,
      ratio: checkoutRun ? paid.precise.p50 / checkoutRun.precise.p50 : null,
    })
    for (const k of ["server", "postgres"]) {
      const per = (run) => (run?.cpu_seconds?.[k] != null ? (run.cpu_seconds[k] / Math.max(1, run.responses)) * 1000 : null)
      const mine = per(paid)
      if (mine == null) continue
      const theirs = per(checkoutRun)
      add({
        name: `${k} CPU per payment`, value: Number(mine.toFixed(1)), unit: " ms",
        baseline: `${k} CPU per checkout order`, baseline_value: theirs == null ? null : Number(theirs.toFixed(1)),
        ratio: theirs ? mine / theirs : null,
      })
    }
    // the Payment Module calls alone (same run, same number in flight): the ceiling through the
    // Payment Module, and the plugin's own CPU as what the server spends beyond them
    const alone = results.payment_module_alone
    if (alone && alone.charges && !alone.failed) {
      add({
        name: `the Payment Module calls alone, ${alone.charges} one-off card payments (${paid.connections} in flight): the ceiling through it`,
        value: alone.charges_per_second, unit: "/s",
        baseline: `${baseName} /s`, baseline_value: checkoutRun ? Number(checkoutRun.rps.toFixed(1)) : null,
        ratio: checkoutRun ? alone.charges_per_second / checkoutRun.rps : null,
      })
      const serverPer = paid.cpu_seconds?.server != null ? (paid.cpu_seconds.server / Math.max(1, paid.responses)) * 1000 : null
      const pmPer = alone.cpu_ms_per_charge?.process
      if (serverPer != null && pmPer != null) {
        add({
          name: "plugin's own CPU per payment (server CPU per payment - the Payment Module calls alone per payment)",
          value: Number((serverPer - pmPer).toFixed(1)), unit: " ms",
          baseline: "the Payment Module calls alone, CPU per payment", baseline_value: pmPer,
          ratio: pmPer ? (serverPer - pmPer) / pmPer : null,
          max: TARGETS.pluginOwnCpuMs,
        })
      }
    }
    // what Medusa itself spends on the simplest authenticated store request (HTTP, publishable key,
    // session, one query), measured on the same server: the subtraction above counts it as the plugin's
    const floor = measured?.baseline?.cpu_ms_per_request?.server
    if (floor != null) {
      add({
        name: "server CPU per request of Medusa's own GET /store/customers/me (read side): HTTP and auth, counted in the plugin's own CPU above",
        value: Number(floor.toFixed(1)), unit: " ms",
        baseline: "the plugin's own CPU target", baseline_value: TARGETS.pluginOwnCpuMs,
        ratio: floor / TARGETS.pluginOwnCpuMs,
      })
    }
  }
  // webhook intake: on the shared-mode server, then on the production shape (server + worker on Redis)
  const webhookRows = (run, { intake, ack, baseline }) => {
    if (!run) return
    add({
      name: `${intake} (${run.connections} conc., stored once: ${run.problems.length ? "NO" : "yes"}, inbox drained ${run.drain_seconds} s after)`,
      value: Number(run.intake.rps.toFixed(0)), unit: " events/s",
      baseline: `GET /health req/s${baseline}`, baseline_value: Number(run.baseline.rps.toFixed(0)), ratio: run.intake.rps / run.baseline.rps,
      min: TARGETS.webhookEventsPerSecond,
    })
    add({
      name: ack, value: ms(run.intake.precise.p99), unit: " ms",
      baseline: `GET /health p99${baseline}`, baseline_value: ms(run.baseline.precise.p99), ratio: run.intake.precise.p99 / run.baseline.precise.p99,
      below: TARGETS.webhookP99Ms,
    })
  }
  const w = results.webhooks
  const wp = results.webhooks_production
  webhookRows(w, { intake: "webhook intake", ack: "webhook ack p99", baseline: "" })
  webhookRows(wp, { intake: "webhook intake, production shape: server + worker on Redis", ack: "webhook ack p99, production shape", baseline: " (that server)" })
  const a = results.autopay
  if (a) {
    // the budget is for 10,000 enrollments; a smaller run (development) is held to its share of it
    const budget = Number(((TARGETS.autopaySeconds * a.enrollments) / FULL_AUTOPAY_ENROLLMENTS).toFixed(1))
    const share = a.enrollments === FULL_AUTOPAY_ENROLLMENTS ? "" : ` (budget ${TARGETS.autopaySeconds} s per ${FULL_AUTOPAY_ENROLLMENTS})`
    const name = `autopay run: ${a.enrollments} enrollments at ${a.latency_ms} ms, concurrency ${a.concurrency}${share}${a.problems.length ? " (NOT all charged once)" : ""}`
    // a baseline that failed charges would count their work against fewer charges: no rows from it
    const b = a.baseline && !a.baseline.failed ? a.baseline : null
    if (b) {
      add({
        name, value: a.seconds, unit: " s",
        baseline: "the Payment Module calls alone (same charges, same concurrency)", baseline_value: b.seconds,
        ratio: b.seconds ? a.seconds / b.seconds : null,
        max: budget,
      })
    }
    add({
      name: b ? `${name}, against the provider` : name, value: a.seconds, unit: " s",
      baseline: "provider floor (n / concurrency x 3 calls x latency)", baseline_value: a.provider_floor_seconds,
      ratio: a.provider_floor_seconds ? a.seconds / a.provider_floor_seconds : null,
      max: budget,
    })
    if (b) {
      // whether the budget can be met at all through the Payment Module: its calls alone, against the same budget
      add({
        name: `the Payment Module calls alone for those ${b.charges} charges, one process (autopay's floor)`, value: b.seconds, unit: " s",
        baseline: "provider floor (n / concurrency x 3 calls x latency)", baseline_value: a.provider_floor_seconds,
        ratio: a.provider_floor_seconds ? b.seconds / a.provider_floor_seconds : null,
        max: budget,
      })
    }
    const baselineCpu = { server: b?.cpu_ms_per_charge?.process, postgres: b?.cpu_ms_per_charge?.postgres }
    for (const [k, v] of Object.entries(a.cpu_ms_per_charge ?? {})) {
      const base = baselineCpu[k]
      add({
        name: `autopay ${k} CPU per charge`, value: v, unit: " ms",
        baseline: base != null ? "the Payment Module calls alone" : "-", baseline_value: base ?? null,
        ...(base ? { ratio: v / base } : {}),
      })
    }
  }
  for (const t of results.pdf?.targets ?? []) add({ name: t.name, value: ms(t.value), unit: " ms (p95)", baseline: "-", baseline_value: null, pass: t.pass, target: "see name" })
  for (const t of results.lighthouse?.targets ?? []) add({ name: t.name, value: t.value, unit: "", baseline: "-", baseline_value: null, pass: t.pass, target: "see name" })
  // a failed check makes the figure's row FAIL whatever its value
  if (a?.problems.length) for (const r of rows) if (r.name.startsWith("autopay run")) r.pass = false
  if (w?.problems.length) for (const r of rows) if (r.name.startsWith("webhook intake (")) r.pass = false
  if (wp?.problems.length) for (const r of rows) if (r.name.startsWith("webhook intake, production")) r.pass = false
  void readTargets
  return rows
}

/** The results table as Markdown (.bench/results.md, for the README). */
function figuresMarkdown(rows) {
  const cell = (x) => String(x).replace(/\|/g, "\\|")
  return [
    "| figure | value | baseline (same run) | baseline value | ratio | target | verdict |",
    "|---|---|---|---|---|---|---|",
    ...rows.map((r) =>
      `| ${cell(r.name)} | ${r.value == null ? "-" : cell(`${r.value}${r.unit ?? ""}`)} | ${cell(r.baseline ?? "-")} | ` +
        `${r.baseline_value == null ? "-" : r.baseline_value} | ${r.ratio == null ? "-" : `${fmt(r.ratio)}×`} | ${cell(r.target)} | ` +
        `${r.pass == null ? "" : r.pass ? "PASS" : "FAIL"} |`
    ),
  ].join("\n") + "\n"
}

function printFigures(rows) {
  if (!rows.length) return
  console.log("\nResults (every figure against a baseline measured in this run):\n")
  console.log(
    table(
      rows.map((r) => [
        r.name,
        r.baseline ?? "-",
        r.value == null ? "-" : `${r.value}${r.unit ?? ""}`,
        r.baseline_value == null ? "-" : String(r.baseline_value),
        r.ratio == null ? "-" : `${fmt(r.ratio)}x`,
        r.target,
        r.pass == null ? "" : r.pass ? "PASS" : "FAIL",
      ]),
      ["figure", "baseline", "value", "baseline value", "ratio", "target", "verdict"]
    )
  )
}

// ---------------------------------------------------------------- main

async function main() {
  let opts
  try {
    opts = parseArgs(process.argv.slice(2))
  } catch (err) {
    console.error(err.message)
    return 2
  }
  fs.mkdirSync(BENCH_DIR, { recursive: true })
  const results = {
    timestamp: new Date().toISOString(),
    options: opts,
    machine: {
      cores: os.cpus().length,
      cpu: os.cpus()[0]?.model,
      memory_gb: Number((os.totalmem() / 2 ** 30).toFixed(1)),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
    },
    phases: {},
  }
  const phase = async (name, fn) => {
    const t = Date.now()
    try {
      return await fn()
    } finally {
      results.phases[name] = Number(((Date.now() - t) / 1000).toFixed(1))
    }
  }

  let pg = null
  let client = null
  let server = null
  let stopProductionShape = null
  let stopLighthouseApp = null
  let exitCode = 0
  const pgLog = { text: "", capturing: false, recent: [] }
  const cleanup = async () => {
    shuttingDown = true
    stopCurrent()
    killRunning()
    if (stopLighthouseApp) await stopLighthouseApp().catch(() => {})
    if (server) await server.stop().catch(() => {})
    if (stopProductionShape) await stopProductionShape().catch(() => {})
    if (client) await withTimeout(client.end().catch(() => {}), 3000)
    if (pg) await withTimeout(pg.stop().catch(() => {}), 15000)
  }
  let interrupted = false
  const onSignal = (sig) => {
    if (interrupted) return
    interrupted = true
    signalled = true
    console.error(`\n${sig}: stopping the server and PostgreSQL...`)
    cleanup().finally(() => process.exit(sig === "SIGINT" ? 130 : 143))
  }
  process.on("SIGINT", () => onSignal("SIGINT"))
  process.on("SIGTERM", () => onSignal("SIGTERM"))

  try {
    if (opts.pdf && (!opts.only || opts.only === "pdf")) {
      step("PDF documents (rendered in this process; no database, no app)")
      results.pdf = await phase("pdf", () => pdfBench.measurePdf({ runs: opts["pdf-runs"], warmup: opts["pdf-warmup"], log }))
      pdfBench.printPdf(results.pdf, { table, fmt })
      results.targets = [...results.pdf.targets]
    }
    if (opts.only === "pdf") return exitCode
    if (opts.lighthouse && (!opts.only || opts.only === "lighthouse")) {
      step("Hosted portal: Lighthouse (mobile) on Home, Make a payment and Invoices")
      try {
        results.lighthouse = await phase("lighthouse", () =>
          lighthouseBench.measureLighthouse({
            log,
            runs: opts["lighthouse-runs"],
            onServer: (stop) => (stopLighthouseApp = stop),
          })
        )
        stopLighthouseApp = null
        lighthouseBench.printLighthouse(results.lighthouse, { table, busyNote })
        results.targets = [...(results.targets ?? []), ...results.lighthouse.targets]
      } catch (err) {
        stopLighthouseApp = null
        exitCode = 1
        results.lighthouse_error = String(err?.stack || err)
        console.error(`\n!! Lighthouse did not run: ${err?.message || err}` + (opts.only ? "" : "\n   (the other sections go on)"))
        console.error("   app log: .bench/lighthouse/server.log")
      }
    }
    if (opts.only === "lighthouse") return exitCode

    step("Building the app (medusa build of a snapshot under .bench/app)")
    const app = await phase("build", () =>
      prepareApp({ root: ROOT, dir: path.join(BENCH_DIR, "app"), log, force: opts.rebuild })
    )

    step("PostgreSQL")
    pg = await phase("postgres", () =>
      startPostgres({
        dir: path.join(BENCH_DIR, "pg"),
        persistent: true,
        fast: true,
        log: (message) => {
          if (pgLog.capturing) pgLog.text += message
          pgLog.recent.push(message)
          if (pgLog.recent.length > 50) pgLog.recent.shift()
        },
      })
    )
    log(`  ${pg.external ? "external server" : "embedded (.bench/pg, fsync off)"} at ${pg.host}:${pg.port}, database ${DB_NAME}`)
    await pg.createDatabase(DB_NAME)
    const databaseUrl = pg.url(DB_NAME)
    // PostgreSQL's process tree, whose CPU is measured next to the server's (none for an external server)
    const pgPid = pg.external ? null : postmasterPid(path.join(BENCH_DIR, "pg"))
    const medusaEnv = { ...process.env, DATABASE_URL: databaseUrl, MEDUSA_ADMIN_DISABLE: "true" }
    // the Payment Module calls alone (payment creation's and autopay's second baseline), in the built app
    const paymentModuleBaseline = ({ name, spec, env, timeoutSeconds }) =>
      phase(name, () =>
        autopayBench.runPaymentModuleBaseline({ serverDir: app.serverDir, cli: MEDUSA_CLI, env, spec, name, pgPid, dir: BENCH_DIR, timeoutSeconds, log })
      )

    client = await connect(databaseUrl)
    let marker = await readMarker(client)
    const wanted = { version: SEED_VERSION, customers: opts.customers, invoices: opts.invoices, big: opts.big, small: opts.small, ledger: opts.ledger }
    const complete =
      marker?.complete && Object.entries(wanted).every(([k, v]) => marker[k] === v) && !opts.reseed
    const migHash = migrationsHash(app.serverDir)

    if (!complete) {
      step(opts.reseed ? "Reseeding (--reseed)" : marker ? "Stored seed does not match the options: reseeding" : "Seeding a new bench database")
      await client.end()
      client = null
      await recreateDatabase(pg)
      client = await connect(databaseUrl)
    }
    if (!complete || marker.migrations_hash !== migHash) {
      step("medusa db:migrate")
      await phase("migrate", () => runMedusa(["db:migrate"], { cwd: app.serverDir, env: medusaEnv }))
      if (complete) {
        marker = { ...marker, migrations_hash: migHash }
        await writeMarker(client, marker)
      }
    } else {
      log("\n  database seeded and migrated by an earlier run: reusing it (--reseed to rebuild)")
    }

    if (!complete) {
      step(
        "Demo seed + measured customers" + (opts.pay ? ` + ${opts.payers} paying customers` : "") +
          " (medusa exec scripts/bench/seed-app.ts)"
      )
      const seeded = await phase("seed_app", () => seedApp(app, medusaEnv, { payers: opts.pay ? opts.payers : 0, checkout: true }))
      if (!seeded.publishable_key) throw new Error("the demo seed created no publishable key")

      step(`Bulk rows (SQL): ${opts.customers} customers, ${opts.invoices} invoices, big ${opts.big}, small ${opts.small}`)
      await phase("seed_sql", () =>
        seedBulk(client, {
          customers: opts.customers,
          invoices: opts.invoices,
          big: { id: seeded.customers.big.id, invoices: opts.big },
          small: { id: seeded.customers.small.id, invoices: opts.small },
          ledger: opts.ledger,
          log,
        })
      )
      await phase("vacuum_analyze", async () => {
        log("  VACUUM ANALYZE")
        await client.query("VACUUM ANALYZE")
      })
      const failures = await phase("consistency_check", () => checkConsistency(client, { withLedger: opts.ledger }))
      if (failures.length) throw new Error(`generated data is inconsistent:\n  ${failures.join("\n  ")}`)
      log("  consistency checks passed (invoice amounts, raw_* columns, statuses, allocations" + (opts.ledger ? ", ledger balances)" : ")"))
      marker = {
        ...wanted,
        complete: true,
        migrations_hash: migHash,
        seeded_at: new Date().toISOString(),
        publishable_key: seeded.publishable_key,
        measured_customers: seeded.customers,
        payers: seeded.payers,
        checkout: seeded.checkout,
      }
      await writeMarker(client, marker)
    }
    const customers = marker.measured_customers
    // what this run measures: `--only checkout|webhooks|autopay` runs that section alone
    // (checkout with the plugin's payment creation, its ratio's other half)
    const readSide = !opts.only
    const doPayments = opts.pay && (readSide || opts.only === "checkout")
    const runCheckoutBaseline = doPayments && opts.checkout
    const doWebhooks = opts.webhooks && (readSide || opts.only === "webhooks")
    const doAutopay = opts.autopay && (readSide || opts.only === "autopay")

    // Paying customers of the payment benchmark: added to a stored seed when it has fewer than
    // --payers, then topped up to --pay-invoices payable invoices each (earlier runs paid some).
    let payers = []
    if (doPayments) {
      if ((marker.payers?.length ?? 0) < opts.payers) {
        step(`Adding paying customers to the stored seed: ${opts.payers} (medusa exec scripts/bench/seed-app.ts)`)
        const seeded = await phase("seed_payers", () =>
          seedApp(app, medusaEnv, { payers: opts.payers, payersOnly: true })
        )
        marker = { ...marker, payers: seeded.payers }
        await writeMarker(client, marker)
      }
      payers = marker.payers.slice(0, opts.payers)
      const payerIds = payers.map((p) => p.id)
      step(`Paying customers: ${payers.length}, topping each up to ${opts["pay-invoices"]} payable open invoices`)
      const added = await phase("payers_top_up", () =>
        topUpPayers(client, { customerIds: payerIds, perCustomer: opts["pay-invoices"] })
      )
      log(`  ${added} open invoices added (with lines and \`invoice\` ledger entries continuing each running balance)`)
      const failures = await checkConsistency(client, { customerIds: payerIds })
      if (failures.length) throw new Error(`the paying customers' data is inconsistent before measuring:\n  ${failures.join("\n  ")}`)
      log("  payers' invariants hold (amounts, raw_* columns, statuses, allocations, payments, ledger balances)")
    }
    // Medusa's own checkout (region with the sandbox provider, product, flat shipping): added to an older seed
    if (runCheckoutBaseline && !marker.checkout) {
      step("Adding Medusa's checkout setup to the stored seed (medusa exec scripts/bench/seed-app.ts)")
      const seeded = await phase("seed_checkout", () => seedApp(app, medusaEnv, { payersOnly: true, checkout: true }))
      marker = { ...marker, checkout: seeded.checkout }
      await writeMarker(client, marker)
    }
    results.seed = { reused: !!complete, seeded_at: marker.seeded_at }
    results.row_counts = await rowCounts(client, customers)
    log(`  rows: ${JSON.stringify(results.row_counts)}`)

    const canExplain = opts.explain && !pg.external
    if (canExplain) {
      // an interrupted earlier capture may have left auto_explain switched on
      await explain.reset(client)
      await explain.preload(client, DB_NAME)
    }

    step("Starting the built app: medusa start, NODE_ENV=production")
    const port = await freePort()
    const serverLog = path.join(BENCH_DIR, "server.log")
    server = startServer({ serverDir: app.serverDir, port, databaseUrl, logFile: serverLog })
    const base = await phase("server_start", () => waitForHealth(server, serverLog))
    log(`  ${base} healthy (log: .bench/server.log)`)

    const tokens = {}
    for (const key of ["big", "small"]) tokens[key] = await login(base, customers[key])
    const headers = (key) => ({
      "x-publishable-api-key": marker.publishable_key,
      authorization: `Bearer ${tokens[key]}`,
    })
    let payerTokens = []
    if (doPayments) {
      const t = Date.now()
      payerTokens = await loginAll(base, payers)
      log(`  ${payers.length} paying customers logged in (${((Date.now() - t) / 1000).toFixed(1)} s)`)
    }
    const payerHeaders = (i) => ({
      "x-publishable-api-key": marker.publishable_key,
      authorization: `Bearer ${payerTokens[i]}`,
    })
    const PREVIEW_BODY = { mode: "total_balance", currency_code: "usd" }
    const routes = [
      { key: "baseline", label: "GET /store/customers/me", customer: "big", path: "/store/customers/me" },
      { key: "account_big", label: "GET /store/billing/account", customer: "big", path: "/store/billing/account" },
      { key: "account_small", label: "GET /store/billing/account", customer: "small", path: "/store/billing/account" },
      { key: "invoices_big", label: "GET /store/billing/invoices?limit=20", customer: "big", path: "/store/billing/invoices?limit=20" },
      { key: "invoices_small", label: "GET /store/billing/invoices?limit=20", customer: "small", path: "/store/billing/invoices?limit=20" },
      // informational: the big customer's list with as many rows as the small one's (10), to separate
      // "grows with the invoice count" from "serializes twice the rows"
      ...(opts.extra
        ? [{ key: "invoices_big_10", label: "GET /store/billing/invoices?limit=10", customer: "big", path: "/store/billing/invoices?limit=10", extra: true }]
        : []),
      // settleMs: the big preview is slow enough that what autocannon leaves in flight would spill into the next route's run
      { key: "preview_big", label: "POST /store/billing/payments/preview", customer: "big", path: "/store/billing/payments/preview", method: "POST", body: PREVIEW_BODY, settleMs: 1500 },
      { key: "preview_small", label: "POST /store/billing/payments/preview", customer: "small", path: "/store/billing/payments/preview", method: "POST", body: PREVIEW_BODY },
    ].map((r) => ({
      ...r,
      url: `${base}${r.path}`,
      headers: r.method ? { ...headers(r.customer), "content-type": "application/json" } : headers(r.customer),
    }))
    const send = (r) =>
      fetch(r.url, { method: r.method ?? "GET", headers: r.headers, ...(r.body !== undefined ? { body: JSON.stringify(r.body) } : {}) })

    let measured = null
    let previewLimited = null
    if (readSide) {
      step("Checking every route answers 200")
      const expectOpen = { big: opts.big, small: opts.small }
      for (const r of routes) {
        const res = await send(r)
        const body = await res.json().catch(() => null)
        if (res.status !== 200) {
          throw new Error(`${r.label} (${r.customer}) answered ${res.status}: ${JSON.stringify(body).slice(0, 500)}`)
        }
        let note = ""
        if (r.key.startsWith("account")) {
          const usd = body?.account?.balances?.find((b) => b.currency_code === "usd")
          if (!(usd?.total_balance > 0) || !(usd?.current_charges > 0)) {
            throw new Error(`${r.label} (${r.customer}): expected an open USD balance, got ${JSON.stringify(body?.account?.balances)}`)
          }
          note = `total_balance ${usd.total_balance}, past_due ${usd.past_due}`
        } else if (r.key.startsWith("invoices")) {
          const limit = Number(new URL(r.url).searchParams.get("limit"))
          if (body?.count !== expectOpen[r.customer] || body.invoices?.length !== Math.min(limit, expectOpen[r.customer])) {
            throw new Error(`${r.label} (${r.customer}): expected count ${expectOpen[r.customer]}, got count ${body?.count} with ${body?.invoices?.length} rows`)
          }
          note = `count ${body.count}, ${body.invoices.length} rows`
        } else if (r.key.startsWith("preview")) {
          // exactly what a total_balance payment would do: every payable invoice, oldest first, no credit
          const { rows } = await client.query(
            `SELECT count(*)::int AS n, COALESCE(round(sum(amount_due - amount_pending) * 100), 0)::bigint::text AS cents FROM invoice
              WHERE customer_id = $1 AND currency_code = 'usd' AND status IN ('open', 'partially_paid') AND deleted_at IS NULL`,
            [customers[r.customer].id]
          )
          const p = body?.preview
          // DESIGN sec. 5: the preview lists at most `allocations_limit` (100) allocations; the amount is the whole balance
          const listed = p?.allocations?.length
          const limited = rows[0].n > 100 && listed === 100
          if (r.customer === "big") previewLimited = limited
          if ((listed !== rows[0].n && !limited) || String(Math.round(p?.amount * 100)) !== rows[0].cents || p?.unapplied_amount !== 0) {
            throw new Error(
              `${r.label} (${r.customer}): expected ${rows[0].n} allocations for ${Number(rows[0].cents) / 100} USD, ` +
                `got ${p?.allocations?.length} for ${p?.amount} (unapplied ${p?.unapplied_amount})`
            )
          }
          note =
            `amount ${p.amount} ${p.currency_code}, ${p.allocations.length} allocations listed of ${rows[0].n}` +
            (rows[0].n > 100 ? (limited ? " (allocations_limit in effect)" : " (!! no allocations_limit: every allocation listed)") : "") +
            `, ${(JSON.stringify(body).length / 1024).toFixed(0)} KiB`
        } else {
          note = `customer ${body?.customer?.id}`
        }
        log(`  200 ${r.label} (${r.customer}): ${note}`)
      }

      step(
        `Measuring: ${opts.connections} connections, ${opts.warmup} s warm-up per route, then ${opts.rounds} interleaved round(s) ` +
          `of ${Math.max(1, Math.round(opts.duration / opts.rounds))} s per route`
      )
      results.machine.loadavg_before = os.loadavg().map((x) => Number(x.toFixed(2)))
      const busy = busyNote(results.machine.loadavg_before[0], results.machine.cores)
      if (busy) log(`  ${busy}`)
      measured = await phase("measure", () =>
        measureRoutes({
          routes: routes.map((r) => ({ key: r.key, url: r.url, headers: r.headers, method: r.method, body: r.body, settleMs: r.settleMs })),
          connections: opts.connections,
          duration: opts.duration,
          warmup: opts.warmup,
          rounds: opts.rounds,
          log,
          meter: () => payments.cpuMeter({ server: server.child.pid, ...(pgPid ? { postgres: pgPid } : {}) }),
        })
      )
      results.machine.loadavg_after = os.loadavg().map((x) => Number(x.toFixed(2)))
      for (const [key, m] of Object.entries(measured)) {
        const cpu = Object.entries(m.cpu_ms_per_request ?? {}).filter(([k]) => k !== "bench_client")
        if (cpu.length) log(`  CPU per request, ${key}: ${cpu.map(([k, v]) => `${k} ${v} ms`).join(", ")}`)
      }
    }

    // ---- payment creation
    let paid = null
    let explainPayments = null
    let paymentFailure = null
    if (doPayments) {
      const payerIds = payers.map((p) => p.id)
      const { pairs } = await payablePairs(client, payerIds)
      // two pairs kept aside for the query plans (a warm-up request and the captured one)
      explainPayments = canExplain ? new payments.PairSource(pairs.splice(pairs.length - 2, 2)) : null
      const source = new payments.PairSource(pairs)
      const keyPrefix = `bench-${Date.now().toString(36)}`
      step(`Payment creation: POST ${payments.PATH} by sandbox card, ${pairs.length} payable invoices over ${payers.length} payers`)
      await payments.checkPayments({ base, headersFor: payerHeaders, source, keyPrefix, log })
      const conns = opts["pay-connections"]
      const maxSeconds = 4 * opts["pay-duration"] + 30
      const common = { base, headersFor: payerHeaders, source, connections: conns, maxSeconds }
      const describe = (m) =>
        `${m.ok} ok of ${m.responses} in ${m.seconds.toFixed(1)} s: ${m.rps.toFixed(0)}/s, p50 ${fmt(m.precise.p50)} ms, p99 ${fmt(m.precise.p99)} ms` +
        (m.problems || m.errors || m.timeouts || m.exhausted
          ? `  !! not succeeded ${m.problems} (status codes ${JSON.stringify(m.status_codes)}), errors ${m.errors}, timeouts ${m.timeouts}`
          : "")
      let warm = null
      if (opts["pay-warmup"] > 0) {
        warm = await phase("payments_warmup", () =>
          payments.runPayments({ ...common, amount: opts["pay-warmup"], keyPrefix: `${keyPrefix}-w` })
        )
        log(`  warm-up (${conns} connections): ${describe(warm)}`)
      }
      const wanted = opts.payments >= 1
        ? opts.payments
        : Math.max(conns * 10, Math.round((warm?.rps || 20) * opts["pay-duration"]))
      const amount = Math.min(wanted, source.left)
      if (amount < wanted) log(`  note: only ${source.left} payable invoices left: measuring ${amount} payments instead of ${wanted} (raise --pay-invoices)`)
      const cpuRoots = { server: server.child.pid, ...(pgPid ? { postgres: pgPid } : {}) }
      const loadBefore = os.loadavg()[0]
      const m = await phase("payments", () =>
        payments.runPayments({ ...common, amount, keyPrefix: `${keyPrefix}-m`, cpuRoots })
      )
      log(`  measured (${conns} connections): ${describe(m)}`)
      const perPayment = Object.entries(m.cpu_seconds)
        .map(([k, v]) => `${k} ${((v / Math.max(1, m.responses)) * 1000).toFixed(1)} ms (${((v / m.seconds) * 100).toFixed(0)}% of a core)`)
        .join(", ")
      log(`  CPU per payment: ${perPayment}; ${results.machine.cores} cores`)

      // what the database says about this run's payments, and the payers' invariants afterwards
      // (requests cut off by the time limit may still be finishing on the server: wait for them)
      let dbStatuses = {}
      for (let i = 0; i < 60; i++) {
        const { rows: statusRows } = await client.query(
          `SELECT status, count(*)::int AS n FROM customer_payment WHERE idempotency_key LIKE $1 AND deleted_at IS NULL GROUP BY status`,
          [`${keyPrefix}-%`]
        )
        dbStatuses = Object.fromEntries(statusRows.map((r) => [r.status, r.n]))
        if (!dbStatuses.pending && !dbStatuses.processing) break
        await sleep(500)
      }
      const expected = 1 + (warm?.ok ?? 0) + m.ok
      const cutOff = [warm, m].reduce((a, x) => a + (x ? Math.max(0, x.sent - x.responses) : 0), 0)
      const invariantFailures = await checkConsistency(client, { customerIds: payerIds })
      log(
        `  database: this run's payments by status ${JSON.stringify(dbStatuses)} (expected ${expected} succeeded` +
          (cutOff ? ` + up to ${cutOff} cut off` : "") + "); " +
          (invariantFailures.length ? `!! invariants broken: ${invariantFailures.join("; ")}` : "payers' invariants hold")
      )
      paid = {
        route: `POST ${payments.PATH}`,
        payers: payers.length,
        connections: conns,
        payable_invoices_before: pairs.length + (explainPayments ? 2 : 0),
        payable_invoices_left: source.left,
        cut_off: cutOff,
        idempotency_key_prefix: keyPrefix,
        warmup: warm,
        ...m,
        loadavg_before: Number(loadBefore.toFixed(2)),
        db_statuses: dbStatuses,
        db_expected_succeeded: expected,
        invariant_failures: invariantFailures,
      }
      results.payments = paid
      const broken = [warm, m].filter(
        (x) => x && (x.problems || x.errors || x.timeouts || x.exhausted || (!x.stopped_early && x.ok !== x.requested))
      )
      // cut-off requests may have been paid without us seeing the answer
      const dbOk = (dbStatuses.succeeded ?? 0) >= expected && (dbStatuses.succeeded ?? 0) <= expected + cutOff
      if (m.stopped_early) {
        log(`  note: cut off after ${maxSeconds} s with ${m.responses} of ${m.requested} answered`)
      }
      if (broken.length || !dbOk || Object.keys(dbStatuses).some((k) => k !== "succeeded") || invariantFailures.length) {
        exitCode = 1
        paymentFailure = (
          `\n!! payment creation did not fully succeed: ` +
            broken.map((x) => `${x.ok}/${x.requested} succeeded, status codes ${JSON.stringify(x.status_codes)}, errors ${x.errors}, timeouts ${x.timeouts}` +
              (x.first_problems.length ? `\n   ${x.first_problems.join("\n   ")}` : "")).join("; ") +
            ` (database: ${JSON.stringify(dbStatuses)}, expected ${expected} succeeded` +
            (invariantFailures.length ? `; invariants: ${invariantFailures.join("; ")}` : "") +
            "); see .bench/server.log"
        )
        results.payment_failure = paymentFailure.trim()
        console.error("\n!! payment creation did not fully succeed (details after the targets)")
      }
    }

    // payment CPU breakdown (scripts/bench/payment-cpu.js)
    if (opts.pay && opts["payment-cpu"]) {
      step("Payment CPU breakdown: the server's CPU per payment by bucket (scripts/bench/payment-cpu.js; its own database and server)")
      try {
        results.payment_cpu = await phase("payment_cpu", () =>
          paymentCpu.measurePaymentCpu({ app, pg, log, payments: opts["payment-cpu-payments"], connections: opts["pay-connections"] })
        )
        paymentCpu.printPaymentCpu(results.payment_cpu, log)
      } catch (err) {
        exitCode = 1
        results.payment_cpu_error = String(err?.stack || err)
        console.error(`\n!! payment CPU breakdown did not run: ${err?.message || err}`)
      }
    }


    // ---- Medusa's own checkout: the baseline of payment creation (same server, same concurrency)
    let checkoutRun = null
    if (paid && runCheckoutBaseline) {
      const conns = opts["pay-connections"]
      step(`Baseline: Medusa's checkout, POST /store/carts/:id/complete with the sandbox card, ${conns} concurrent`)
      const prepare = (count) =>
        checkout.prepareCarts({ base, publishableKey: marker.publishable_key, checkout: marker.checkout, count, log })
      // one cart checked, then a warm-up whose rate sizes the measured run (as for payment creation)
      const first = await prepare(1)
      const order = await checkout.completeOnce({ base, publishableKey: marker.publishable_key, cartId: first.ids[0] })
      log(`  200 POST /store/carts/${first.ids[0]}/complete: order ${order.id}, total ${order.total} ${order.currency_code}`)
      const maxSeconds = 4 * opts["pay-duration"] + 30
      let warmRate = null
      if (opts["pay-warmup"] > 0) {
        const w = await prepare(Math.max(conns * 2, Math.min(opts["pay-warmup"], 200)))
        const warm = await phase("checkout_warmup", () =>
          checkout.runCheckout({ base, publishableKey: marker.publishable_key, cartIds: w.ids, connections: conns, maxSeconds })
        )
        warmRate = warm.rps
        log(`  warm-up: ${warm.ok} orders of ${warm.requested} in ${warm.seconds.toFixed(1)} s, ${warm.rps.toFixed(1)}/s`)
      }
      // at least 5 per connection (each cart costs 4 store requests to prepare: a slow machine pays for them twice)
      const count = opts.checkouts >= 1 ? opts.checkouts : Math.max(conns * 5, Math.round((warmRate || 0) * opts["pay-duration"]))
      const prepared = await phase("checkout_prepare", () => prepare(count))
      log(`  ${prepared.ids.length} carts prepared before the window (cart, line item, addresses, shipping method, payment collection, sandbox session) in ${prepared.seconds.toFixed(1)} s`)
      const cpuRoots = { server: server.child.pid, ...(pgPid ? { postgres: pgPid } : {}) }
      checkoutRun = await phase("checkout", () =>
        checkout.runCheckout({ base, publishableKey: marker.publishable_key, cartIds: prepared.ids, connections: conns, maxSeconds, cpuRoots })
      )
      const perOrder = Object.entries(checkoutRun.cpu_seconds)
        .map(([k, v]) => `${k} ${((v / Math.max(1, checkoutRun.responses)) * 1000).toFixed(1)} ms`)
        .join(", ")
      log(
        `  measured: ${checkoutRun.ok} orders of ${checkoutRun.requested} in ${checkoutRun.seconds.toFixed(1)} s: ${checkoutRun.rps.toFixed(1)}/s, ` +
          `p50 ${fmt(checkoutRun.precise.p50)} ms, p99 ${fmt(checkoutRun.precise.p99)} ms; CPU per order: ${perOrder}`
      )
      results.checkout = checkoutRun
      if (checkoutRun.problems || checkoutRun.errors || checkoutRun.timeouts) {
        exitCode = 1
        console.error(
          `\n!! checkout did not fully succeed: ${checkoutRun.ok}/${checkoutRun.requested}, status codes ${JSON.stringify(checkoutRun.status_codes)}` +
            (checkoutRun.first_problems.length ? `\n   ${checkoutRun.first_problems.join("\n   ")}` : "")
        )
      }

      // ---- the Payment Module calls alone: what a payment costs whatever the plugin does around them
      step(`Baseline: the Payment Module calls of ${paid.ok} one-off card payments alone, ${conns} in flight (medusa exec scripts/bench/payment-module-charges.js)`)
      try {
        results.payment_module_alone = await paymentModuleBaseline({
          name: "payments-baseline",
          spec: { mode: "card", count: paid.ok, warmup: paid.warmup?.ok ?? 0, amount: "100", currency_code: "usd", concurrency: conns },
          env: appEnv({ databaseUrl }),
          timeoutSeconds: 600,
        })
        if (results.payment_module_alone.failed) {
          // its CPU per charge would count failed attempts' work against fewer charges: no rows from it
          exitCode = 1
          console.error(`\n!! the Payment Module baseline failed ${results.payment_module_alone.failed} charges: its rows are left out`)
        }
      } catch (err) {
        exitCode = 1
        results.payment_module_alone_error = String(err?.message || err)
        console.error(`\n!! the Payment Module baseline did not run: ${err?.message || err}`)
      }
    }

    // ---- webhook intake
    if (doWebhooks) {
      step(`Webhook intake: signed Stripe events to POST ${webhooksBench.PATH}, ${opts["webhook-connections"]} connections, ${opts["webhook-duration"]} s (baseline GET /health)`)
      const cpuRoots = { server: server.child.pid, ...(pgPid ? { postgres: pgPid } : {}) }
      results.webhooks = await phase("webhooks", () =>
        webhooksBench.measureWebhooks({
          base,
          client,
          secret: STRIPE_WEBHOOK_SECRET,
          connections: opts["webhook-connections"],
          duration: opts["webhook-duration"],
          cpuRoots,
          log,
        })
      )
      if (results.webhooks.problems.length) exitCode = 1
    }

    // ---- report
    results.latency_basis =
      "p50/p99 are exact percentiles of every 2xx response time (autocannon's hrtime-based per-response figure, float ms), " +
      "all rounds merged; autocannon's own 1 ms-resolution histogram values are in routes.*.autocannon (median over rounds)"
    results.routes = {}
    let readTargets = []
    if (readSide) {
      const baseP50 = measured.baseline.precise.p50
      const rows = []
      for (const r of routes) {
        const m = measured[r.key]
        const ratio = m.precise.p50 / baseP50
        results.routes[r.key] = { route: r.label, customer: r.customer, ...m, p50_vs_baseline: ratio }
        rows.push([
          r.label,
          r.extra ? `${r.customer} (info)` : r.customer,
          fmt(m.precise.p50),
          fmt(m.precise.p99),
          fmt(m.precise.mean),
          `${m.autocannon.p50}/${m.autocannon.p99}`,
          fmt(m.rps, 0),
          r.key === "baseline" ? "1.00" : fmt(ratio),
          `${m.non2xx}/${m.errors}/${m.timeouts}`,
        ])
      }
      if (paid) {
        // store-wide: every request pays the next payer's next open invoice; req/s counts 201 succeeded payments
        const ratio = paid.precise.p50 / baseP50
        results.routes.payments = { route: paid.route, customer: `${paid.payers} payers`, ...paid, p50_vs_baseline: ratio }
        rows.push([
          `${paid.route} (card, ${paid.connections} conc.)`,
          `${paid.payers} payers`,
          fmt(paid.precise.p50),
          fmt(paid.precise.p99),
          fmt(paid.precise.mean),
          `${paid.autocannon.p50}/${paid.autocannon.p99}`,
          fmt(paid.rps, 0),
          fmt(ratio),
          `${paid.non2xx}/${paid.errors}/${paid.timeouts}`,
        ])
      }
      console.log("\n" + table(rows, ["route", "customer", "p50 ms", "p99 ms", "mean ms", "ac p50/p99", "req/s", "p50/base", "non2xx/err/to"]))
      console.log(
        "  p50/p99/mean: exact, from every 2xx response time (float ms); 'ac': autocannon's integer-ms histogram (median of rounds).\n" +
          "  Ratios use the exact p50."
      )

      const bigSmall = {
        account: measured.account_big.precise.p50 / measured.account_small.precise.p50,
        invoices: measured.invoices_big.precise.p50 / measured.invoices_small.precise.p50,
      }
      if (measured.invoices_big_10) {
        bigSmall.invoices_same_rows = measured.invoices_big_10.precise.p50 / measured.invoices_small.precise.p50
      }
      bigSmall.preview = measured.preview_big.precise.p50 / measured.preview_small.precise.p50
      results.big_vs_small_p50 = bigSmall
      console.log(
        "\n" +
          table(
            [
              ["GET /store/billing/account", "big/small", fmt(bigSmall.account)],
              ["GET /store/billing/invoices?limit=20", "big/small", fmt(bigSmall.invoices)],
              ...(bigSmall.invoices_same_rows
                ? [["invoices: big limit=10 / small limit=20 (10 rows each, info)", "big/small", fmt(bigSmall.invoices_same_rows)]]
                : []),
              ["POST /store/billing/payments/preview (total_balance; info)", "big/small", fmt(bigSmall.preview)],
            ],
            ["route", "", "p50 ratio"]
          )
      )

      const targets = [
        { name: `account summary p50 <= ${TARGETS.account}x baseline (big customer)`, value: measured.account_big.precise.p50 / baseP50, limit: TARGETS.account },
        { name: `account summary p50 <= ${TARGETS.account}x baseline (small customer)`, value: measured.account_small.precise.p50 / baseP50, limit: TARGETS.account },
        { name: `invoice list p50 <= ${TARGETS.invoices}x baseline (big customer)`, value: measured.invoices_big.precise.p50 / baseP50, limit: TARGETS.invoices },
        { name: `invoice list p50 <= ${TARGETS.invoices}x baseline (small customer)`, value: measured.invoices_small.precise.p50 / baseP50, limit: TARGETS.invoices },
        { name: `account summary: big within ${TARGETS.bigVsSmall}x of small at p50`, value: bigSmall.account, limit: TARGETS.bigVsSmall },
        { name: `invoice list: big within ${TARGETS.bigVsSmall}x of small at p50`, value: bigSmall.invoices, limit: TARGETS.bigVsSmall },
      ].map((t) => ({ ...t, pass: t.value <= t.limit }))
      const paymentTargets = [
        { name: `payment preview p50 <= ${TARGETS.preview}x baseline (big customer, ${opts.big} invoices)`, value: measured.preview_big.precise.p50 / baseP50, limit: TARGETS.preview, unit: "x" },
      ].map((t) => ({
        ...t,
        pass: t.min !== undefined ? t.value >= t.min : t.below !== undefined ? t.value < t.below : t.value <= t.limit,
      }))
      readTargets = [...targets, ...paymentTargets]
      console.log("\nTargets (DESIGN sec. 12, read side):")
      for (const t of targets) console.log(`  ${t.pass ? "PASS" : "FAIL"}  ${t.name}: ${fmt(t.value)}x`)
      console.log("\nTargets (DESIGN sec. 12, payment preview):")
      for (const t of paymentTargets) console.log(`  ${t.pass ? "PASS" : "FAIL"}  ${t.name}: ${fmt(t.value, t.unit === "/s" ? 0 : 2)}${t.unit}`)
      if (results.pdf) {
        console.log("\nTargets (DESIGN sec. 12, PDFs; measured first, see above):")
        for (const t of results.pdf.targets) console.log(`  ${t.pass ? "PASS" : "FAIL"}  ${t.name}: median ${fmt(t.median)} ms, p95 ${fmt(t.value)} ms`)
      }
      if (results.lighthouse) {
        console.log("\nTargets (DESIGN sec. 12, hosted portal, Lighthouse mobile; measured first, see above):")
        for (const t of results.lighthouse.targets) console.log(`  ${t.pass ? "PASS" : "FAIL"}  ${t.name}: ${t.value}`)
      }

      const failed = routes.filter((r) => measured[r.key].non2xx || measured[r.key].errors || measured[r.key].timeouts)
      if (failed.length) {
        exitCode = 1
        console.error(
          `\n!! failed requests during the measurement (non-2xx/errors/timeouts): ` +
            failed.map((r) => `${r.key} ${measured[r.key].non2xx}/${measured[r.key].errors}/${measured[r.key].timeouts}`).join(", ") +
            "; see .bench/server.log"
        )
      }
    }
    results.targets = [...(results.pdf?.targets ?? []), ...(results.lighthouse?.targets ?? []), ...readTargets]
    if (paid && !readSide) results.routes.payments = { route: paid.route, customer: `${paid.payers} payers`, ...paid }
    if (paymentFailure) console.error(paymentFailure)

    // ---- query plans
    if (canExplain && readSide) {
      step("Query plans of the billing routes (auto_explain, one request each)")
      const planRoutes = routes.filter((r) => r.key !== "baseline" && !r.extra)
      if (explainPayments) {
        planRoutes.push({
          key: "payment",
          label: `POST ${payments.PATH}`,
          customer: "a payer",
          mutating: true,
          // each send pays one of the two invoices kept aside
          send: async () => {
            const pair = explainPayments.take()
            if (!pair) throw new Error("no payable invoice kept for the query plans")
            const r = await payments.payOnce({ base, headersFor: payerHeaders, pair, key: `${paid.idempotency_key_prefix}-explain-${explainPayments.left}` })
            const why = payments.problemWith(r.status, r.text, pair)
            if (why) throw new Error(`POST ${payments.PATH} (query plans) failed: ${why}: ${r.text.slice(0, 300)}`)
          },
        })
      }
      const plans = await phase("explain", () =>
        explain.capture({
          client,
          logBuffer: pgLog,
          requests: planRoutes.map((r) => ({
            key: r.key,
            send:
              r.send ??
              (async () => {
                const res = await send(r)
                await res.arrayBuffer()
              }),
          })),
        })
      )
      const isBilling = (q) => /\b(invoice|customer_payment|ledger_entry|payment_allocation)\b/i.test(q)
      results.plans = {}
      const text = []
      for (const r of planRoutes) {
        const statements = plans[r.key]?.statements ?? []
        const billing = statements.filter((s) => isBilling(s.query))
        results.plans[r.key] = { route: r.label, customer: r.customer, statements }
        text.push(`### ${r.label} (${r.customer}): ${statements.length} statements, ${billing.length} on billing tables\n`)
        for (const s of statements) text.push(`-- ${s.duration_ms} ms\n${s.plan}\n`)
        log(`  ${r.label} (${r.customer}):`)
        if (r.mutating) {
          // one payment runs dozens of statements (ours and the Payment Module's): how many per table, and the slowest
          const byTable = {}
          for (const s of statements) {
            const verb = s.query.trim().split(/\s+/)[0].toLowerCase()
            const m = /\b(?:from|into|update)\s+(?:only\s+)?(?:"?public"?\.)?"?(\w+)"?/i.exec(s.query)
            const k = m ? `${verb} ${m[1]}` : verb
            byTable[k] = (byTable[k] ?? 0) + 1
          }
          results.plans[r.key].statements_by_table = byTable
          const total = statements.reduce((a, s) => a + s.duration_ms, 0)
          log(
            `    ${statements.length} statements (${billing.length} on billing tables), ${fmt(total, 1)} ms in all by auto_explain; ` +
              `most frequent: ${Object.entries(byTable).sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, n]) => `${k} x${n}`).join(", ")}`
          )
          log(`    slowest (writes and locking reads: auto_explain's figure 'ae'; plain reads re-timed in a rolled-back READ ONLY transaction):`)
        }
        const shown = r.mutating ? [...statements].sort((a, b) => b.duration_ms - a.duration_ms).slice(0, 8) : billing
        for (const s of shown) {
          // auto_explain's figure includes per-node timing overhead; re-time the statement without it
          const plainRead = /^\s*select\b/i.test(s.query) && !/\bfor (update|share|no key update|key share)\b|pg_advisory/i.test(s.query)
          if (r.mutating && !plainRead) {
            s.execution_ms = null
            log(`    ${fmt(s.duration_ms, 3).padStart(7)} ae  ${s.query.slice(0, 140)}${s.query.length > 140 ? "…" : ""}`)
            continue
          }
          s.execution_ms = await explain.executionTime(client, s.query, 30, { readOnly: !!r.mutating }).catch(() => null)
          log(`    ${fmt(s.execution_ms, 3).padStart(7)} ms  ${s.query.slice(0, 140)}${s.query.length > 140 ? "…" : ""}`)
        }
        if (!statements.length) log("    (no statements captured)")
      }
      fs.writeFileSync(path.join(BENCH_DIR, "plans.txt"), text.join("\n"))
      log("  (server-side execution time: median of 30 EXPLAIN (ANALYZE, TIMING OFF) runs; full plans: .bench/plans.txt)")
    } else {
      results.plans = null
      if (opts.explain && readSide) log("\n(query plans need the embedded PostgreSQL: skipped with an external server)")
    }

    // ---- webhook intake on Medusa's production shape (DESIGN sec. 16): Redis, one `server`
    // instance that takes the events and one `worker` that processes them (subscribers run only
    // there), both the built app on the same database; the shared-mode server above stops first
    if (doWebhooks && opts["webhooks-production"]) {
      step("Webhook intake on the production shape: Redis, one server and one worker instance (MEDUSA_WORKER_MODE), the events processed by the worker")
      if (server) await server.stop()
      let redis = null
      try {
        redis = await phase("redis_start", () => startRedis({ log: (line) => log(`  ${line}`) }))
      } catch (e) {
        log(`  skipped: no Redis (${e.message})`)
      }
      if (redis) {
        const instances = []
        stopProductionShape = async () => {
          await Promise.all(instances.map((i) => i.stop()))
          await redis.stop()
        }
        try {
          for (const role of ["server", "worker"]) {
            const logFile = path.join(BENCH_DIR, `production-${role}.log`)
            const instance = startServer({ serverDir: app.serverDir, port: await freePort(), databaseUrl, logFile, env: { REDIS_URL: redis.url, MEDUSA_WORKER_MODE: role } })
            instances.push(Object.assign(instance, { role, logFile }))
          }
          const [intakeBase] = await phase("production_shape_start", () => Promise.all(instances.map((i) => waitForHealth(i, i.logFile))))
          log(`  server ${intakeBase}, worker healthy (logs: .bench/production-server.log, .bench/production-worker.log)`)
          results.webhooks_production = await phase("webhooks_production", () =>
            webhooksBench.measureWebhooks({
              base: intakeBase,
              client,
              secret: STRIPE_WEBHOOK_SECRET,
              connections: opts["webhook-connections"],
              duration: opts["webhook-duration"],
              cpuRoots: {
                server: instances[0].child.pid,
                worker: instances[1].child.pid,
                ...(pg.external ? {} : { postgres: postmasterPid(path.join(BENCH_DIR, "pg")) }),
              },
              log,
            })
          )
          if (results.webhooks_production.problems.length) exitCode = 1
        } finally {
          await stopProductionShape()
          stopProductionShape = null
        }
      }
    }

    // ---- autopay at scale: its own app (sandbox latency, autopay concurrency) on the same database
    if (doAutopay) {
      const n = opts["autopay-enrollments"]
      step(`Autopay: ${n} enrollments, sandbox latency ${opts["autopay-latency"]} ms per provider call, autopay.concurrency ${opts["autopay-concurrency"]}`)
      const customerIds = await phase("autopay_seed", () => autopayBench.seedAutopay(client, { count: n, log }))
      if (server) await server.stop()
      const autopayEnv = { SANDBOX_LATENCY_MS: String(opts["autopay-latency"]) }
      const autopayOptions = { autopay: { concurrency: opts["autopay-concurrency"] } }
      let baseline = null
      try {
        baseline = await paymentModuleBaseline({
          name: "autopay-baseline",
          spec: { mode: "saved_card", customer_ids: customerIds, concurrency: opts["autopay-concurrency"] },
          env: appEnv({ databaseUrl, env: autopayEnv, pluginOptions: autopayOptions }),
          timeoutSeconds: opts["autopay-timeout"],
        })
      } catch (err) {
        // the plugin's run is still measured; its rows then have no Payment Module baseline
        exitCode = 1
        results.autopay_baseline_error = String(err?.message || err)
        console.error(`\n!! the autopay Payment Module baseline did not run: ${err?.message || err}`)
      }
      const apPort = await freePort()
      const apLog = path.join(BENCH_DIR, "server-autopay.log")
      server = startServer({
        serverDir: app.serverDir,
        port: apPort,
        databaseUrl,
        logFile: apLog,
        env: autopayEnv,
        pluginOptions: autopayOptions,
      })
      const apBase = await phase("autopay_server_start", () => waitForHealth(server, apLog))
      log(`  ${apBase} healthy (log: .bench/server-autopay.log)`)
      const cpuRoots = { server: server.child.pid, ...(pgPid ? { postgres: pgPid } : {}) }
      const loadBefore = os.loadavg()[0]
      results.autopay = {
        enrollments: n,
        latency_ms: opts["autopay-latency"],
        concurrency: opts["autopay-concurrency"],
        loadavg_before: Number(loadBefore.toFixed(2)),
        ...(await phase("autopay", () =>
          autopayBench.runAutopay({
            base: apBase,
            client,
            admin: { email: "admin@example.com", password: "supersecret" },
            customerIds,
            cpuRoots,
            timeoutSeconds: opts["autopay-timeout"],
            log,
          })
        )),
      }
      results.autopay.baseline = baseline
      if (baseline?.failed) exitCode = 1
      // the floor: a saved-card charge makes 3 provider calls one after another (initiate,
      // authorize, capture), and so does the baseline
      results.autopay.provider_floor_seconds = Number(((n / opts["autopay-concurrency"]) * 3 * opts["autopay-latency"] / 1000).toFixed(1))
      if (results.autopay.problems.length) exitCode = 1
    }

    // ---- the results table: every figure, its baseline from this run, the ratio, PASS/FAIL
    results.figures = figuresTable({ results, measured, paid, checkoutRun, readTargets, previewLimited })
    printFigures(results.figures)
    fs.writeFileSync(path.join(BENCH_DIR, "results.md"), figuresMarkdown(results.figures))
  } catch (err) {
    exitCode = 1
    results.error = String(err?.stack || err)
    console.error(`\nbench failed: ${err?.message || err}`)
    if (pgLog.recent.length && /postgres|database|ECONNREFUSED/i.test(String(err?.message))) {
      console.error(`PostgreSQL log (last lines):\n${pgLog.recent.join("").trim().split("\n").slice(-15).join("\n")}`)
    }
  } finally {
    if (!interrupted && (server || pg)) {
      step("Stopping the server and PostgreSQL")
      await cleanup()
    }
    results.total_seconds = Number(((Date.now() - started) / 1000).toFixed(1))
    fs.writeFileSync(path.join(BENCH_DIR, "results.json"), JSON.stringify(results, null, 2))
    console.log(`\nResults: .bench/results.json (total ${results.total_seconds} s)`)
  }
  return exitCode
}

main().then(
  (code) => {
    if (!signalled) process.exit(code)
  },
  (err) => {
    console.error(err)
    process.exit(1)
  }
)
