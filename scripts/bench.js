#!/usr/bin/env node
// `npm run bench`: read-side performance budgets (DESIGN sec. 12).
//
//   1. PostgreSQL: embedded under .bench/pg (fsync off) unless DATABASE_URL /
//      DB_HOST is set; database `billing_portal_bench`. Migrated, seeded once
//      (demo store + two measured customers through Medusa, then bulk rows
//      with SQL: >= 10k customers, >= 200k issued invoices with lines,
//      payments, allocations and ledger entries), VACUUM ANALYZEd, and marked
//      complete in table `bench_meta`; later runs reuse it (`--reseed` forces
//      a new one).
//   2. The app, built with `medusa build` from a snapshot under .bench/app,
//      started with `medusa start` in production mode on a free port.
//   3. autocannon against GET /store/customers/me (baseline) and
//      GET /store/billing/account, GET /store/billing/invoices?limit=20 for a
//      customer with 5,000 open invoices ("big") and one with 10 ("small"),
//      interleaved in rounds, in the same run against the same server.
//   4. A table, PASS/FAIL per target, the query plans of the billing routes
//      (auto_explain, embedded PostgreSQL only) and .bench/results.json.
//
// Options: --reseed  --duration <s per route, default 12>  --rounds <4>
//   --warmup <s per route, 3>  --connections <10>  --customers <10000>
//   --invoices <200000>  --big <5000>  --small <10>  --no-ledger  --no-explain
//   --no-extra (skip the informational `invoices?limit=10` run for the big
//   customer, which returns as many rows as the small customer's list)  --rebuild
// Exit code: 0 when the measurement ran (targets FAIL included), 1 when
// something broke (setup, a route not answering 200, failed requests).
const fs = require("fs")
const os = require("os")
const path = require("path")
const { spawn } = require("child_process")
const { Client } = require("pg")
const { startPostgres, freePort } = require("./lib/postgres")
const { prepareApp, runMedusa, killRunning, hashFiles, listFiles, MEDUSA_CLI } = require("./bench/app")
const { seedBulk, checkConsistency } = require("./bench/seed-sql")
const { measureRoutes, stopCurrent } = require("./bench/measure")
const explain = require("./bench/explain")

const ROOT = path.resolve(__dirname, "..")
const BENCH_DIR = path.join(ROOT, ".bench")
const DB_NAME = "billing_portal_bench"
// Bump when the generated data changes shape: a stored seed with another version is rebuilt.
const SEED_VERSION = 1

const TARGETS = { account: 1.3, invoices: 1.6, bigVsSmall: 1.2 }

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
      case "--duration": case "--rounds": case "--warmup": case "--connections":
      case "--customers": case "--invoices": case "--big": case "--small":
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
  opts.rounds = Math.max(1, Math.round(opts.rounds))
  opts.connections = Math.max(1, Math.round(opts.connections))
  return opts
}

const started = Date.now()
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)}s`
const log = (s) => console.log(s)
const step = (s) => console.log(`\n[${elapsed()}] ${s}`)
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const withTimeout = (p, ms) => Promise.race([p, sleep(ms)])
let shuttingDown = false

// ---------------------------------------------------------------- server

function startServer({ serverDir, port, databaseUrl, logFile }) {
  const out = fs.openSync(logFile, "w")
  const child = spawn(process.execPath, [MEDUSA_CLI, "start", "-p", String(port)], {
    cwd: serverDir,
    env: {
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
    },
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

const fmt = (x, d = 2) => (x == null || !Number.isFinite(x) ? "-" : x.toFixed(d))

function table(rows, headers) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)))
  const line = (cells) => cells.map((c, i) => (i < 2 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ")
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n")
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
  let exitCode = 0
  const pgLog = { text: "", capturing: false, recent: [] }
  const cleanup = async () => {
    shuttingDown = true
    stopCurrent()
    killRunning()
    if (server) await server.stop().catch(() => {})
    if (client) await withTimeout(client.end().catch(() => {}), 3000)
    if (pg) await withTimeout(pg.stop().catch(() => {}), 15000)
  }
  let interrupted = false
  const onSignal = (sig) => {
    if (interrupted) return
    interrupted = true
    console.error(`\n${sig}: stopping the server and PostgreSQL...`)
    cleanup().finally(() => process.exit(sig === "SIGINT" ? 130 : 143))
  }
  process.on("SIGINT", () => onSignal("SIGINT"))
  process.on("SIGTERM", () => onSignal("SIGTERM"))

  try {
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
    const medusaEnv = { ...process.env, DATABASE_URL: databaseUrl, MEDUSA_ADMIN_DISABLE: "true" }

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
      step("Demo seed + measured customers (medusa exec scripts/bench/seed-app.ts)")
      const { output } = await phase("seed_app", () =>
        runMedusa(["exec", "./scripts/bench/seed-app.ts"], { cwd: app.appDir, env: medusaEnv })
      )
      const line = output.split("\n").find((l) => l.includes("BENCH_SEED_RESULT "))
      if (!line) throw new Error(`seed-app.ts printed no BENCH_SEED_RESULT:\n${output.slice(-2000)}`)
      const seeded = JSON.parse(line.slice(line.indexOf("BENCH_SEED_RESULT ") + 18))
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
      }
      await writeMarker(client, marker)
    }
    const customers = marker.measured_customers
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
    ].map((r) => ({ ...r, url: `${base}${r.path}`, headers: headers(r.customer) }))

    step("Checking every route answers 200")
    const expectOpen = { big: opts.big, small: opts.small }
    for (const r of routes) {
      const res = await fetch(r.url, { headers: r.headers })
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
    if (results.machine.loadavg_before[0] > 0.5) {
      log(`  note: load average ${results.machine.loadavg_before[0]} before measuring — other processes share the ${results.machine.cores} cores`)
    }
    const measured = await phase("measure", () =>
      measureRoutes({
        routes: routes.map((r) => ({ key: r.key, url: r.url, headers: r.headers })),
        connections: opts.connections,
        duration: opts.duration,
        warmup: opts.warmup,
        rounds: opts.rounds,
        log,
      })
    )
    results.machine.loadavg_after = os.loadavg().map((x) => Number(x.toFixed(2)))

    // ---- report
    const baseP50 = measured.baseline.precise.p50
    results.latency_basis =
      "p50/p99 are exact percentiles of every 2xx response time (autocannon's hrtime-based per-response figure, float ms), " +
      "all rounds merged; autocannon's own 1 ms-resolution histogram values are in routes.*.autocannon (median over rounds)"
    results.routes = {}
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
    results.targets = targets
    console.log("\nTargets (DESIGN sec. 12, read side):")
    for (const t of targets) console.log(`  ${t.pass ? "PASS" : "FAIL"}  ${t.name}: ${fmt(t.value)}x`)

    const failed = routes.filter((r) => measured[r.key].non2xx || measured[r.key].errors || measured[r.key].timeouts)
    if (failed.length) {
      exitCode = 1
      console.error(
        `\n!! failed requests during the measurement (non-2xx/errors/timeouts): ` +
          failed.map((r) => `${r.key} ${measured[r.key].non2xx}/${measured[r.key].errors}/${measured[r.key].timeouts}`).join(", ") +
          "; see .bench/server.log"
      )
    }

    // ---- query plans
    if (canExplain) {
      step("Query plans of the billing routes (auto_explain, one request each)")
      const planRoutes = routes.filter((r) => r.key !== "baseline" && !r.extra)
      const plans = await phase("explain", () =>
        explain.capture({
          client,
          logBuffer: pgLog,
          requests: planRoutes.map((r) => ({
            key: r.key,
            send: async () => {
              const res = await fetch(r.url, { headers: r.headers })
              await res.arrayBuffer()
            },
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
        for (const s of billing) {
          // auto_explain's figure includes per-node timing overhead; re-time the statement without it
          s.execution_ms = await explain.executionTime(client, s.query).catch(() => null)
          log(`    ${fmt(s.execution_ms, 3).padStart(7)} ms  ${s.query.slice(0, 140)}${s.query.length > 140 ? "…" : ""}`)
        }
        if (!statements.length) log("    (no statements captured)")
      }
      fs.writeFileSync(path.join(BENCH_DIR, "plans.txt"), text.join("\n"))
      log("  (server-side execution time: median of 30 EXPLAIN (ANALYZE, TIMING OFF) runs; full plans: .bench/plans.txt)")
    } else {
      results.plans = null
      if (opts.explain) log("\n(query plans need the embedded PostgreSQL: skipped with an external server)")
    }
  } catch (err) {
    exitCode = 1
    results.error = String(err?.stack || err)
    console.error(`\nbench failed: ${err?.message || err}`)
    if (pgLog.recent.length && /postgres|database|ECONNREFUSED/i.test(String(err?.message))) {
      console.error(`PostgreSQL log (last lines):\n${pgLog.recent.join("").trim().split("\n").slice(-15).join("\n")}`)
    }
  } finally {
    if (!interrupted) {
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
  (code) => process.exit(code),
  (err) => {
    console.error(err)
    process.exit(1)
  }
)
