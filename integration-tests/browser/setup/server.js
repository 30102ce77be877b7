// The app the browser suites drive: this repository's Medusa app with the
// plugin, started for real (`medusa db:migrate` — or a copy of the run's
// migrated template database under `npm test` —, `medusa exec` of seed.ts,
// `medusa start`) on a free port against a fresh database, serving the
// built portal at /billing and the built admin dashboard at /app, as a
// store would. NODE_ENV=test: the admin is served from its production build
// (development would start Vite's dev server) and the sandbox provider loads.
//
// Medusa serves the admin from `<project>/public/admin`; the suites run the
// app from a temporary project directory whose files are links to this
// repository's, plus public/admin → .medusa/admin, so nothing is written
// into the repository.
const { spawn } = require("child_process")
const fs = require("fs")
const os = require("os")
const path = require("path")
const { startPostgres, freePort } = require("../../../scripts/lib/postgres")
const { stopGroup } = require("../../../scripts/lib/process")
const { ROOT } = require("./builds")

const MEDUSA_CLI = path.join(ROOT, "node_modules", "@medusajs", "cli", "cli.js")

function projectDir(tmp, adminDir) {
  const dir = path.join(tmp, "app")
  fs.mkdirSync(path.join(dir, "public"), { recursive: true })
  for (const entry of ["medusa-config.ts", "package.json", "tsconfig.json", "src", "node_modules"]) {
    fs.symlinkSync(path.join(ROOT, entry), path.join(dir, entry))
  }
  fs.symlinkSync(adminDir, path.join(dir, "public", "admin"))
  return dir
}

function runMedusa(args, { cwd, env, logFd, timeoutMs }) {
  fs.writeSync(logFd, `\n$ medusa ${args.join(" ")}\n`)
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MEDUSA_CLI, ...args], { cwd, env, stdio: ["ignore", logFd, logFd], detached: true })
    const timer = setTimeout(() => {
      stopGroup(child, 1000)
      reject(new Error(`\`medusa ${args[0]}\` did not finish within ${timeoutMs / 1000}s`))
    }, timeoutMs)
    child.on("error", (e) => {
      clearTimeout(timer)
      reject(e)
    })
    child.on("exit", (code, signal) => {
      clearTimeout(timer)
      if (code === 0) resolve()
      else reject(new Error(`\`medusa ${args.join(" ")}\` failed (${signal ?? `exit code ${code}`})`))
    })
  })
}

async function dropDatabase(adminUrl, database) {
  const { Client } = require("pg")
  const client = new Client({ connectionString: adminUrl })
  await client.connect()
  try {
    await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)
  } finally {
    await client.end()
  }
}

async function waitFor(url, deadlineMs, exited) {
  const until = Date.now() + deadlineMs
  while (Date.now() < until) {
    const why = exited()
    if (why) throw new Error(why)
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) })
      if (res.ok) return
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`${url} did not answer 200 within ${deadlineMs / 1000}s`)
}

/**
 * `beforeStart` is awaited between the seed and `medusa start` (the builds the server serves).
 * @returns {Promise<{ baseUrl: string, databaseUrl: string, seed: object, logFile: string, stop: () => Promise<void> }>}
 */
async function startBrowserServer({ adminDir, beforeStart, logFile, log }) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "billing-browser-"))
  // embedded PostgreSQL, when this starts one, runs as another OS user under root
  fs.chmodSync(tmp, 0o755)
  const logFd = fs.openSync(logFile, "w")
  const stops = []
  const stop = async () => {
    for (const fn of stops.reverse()) await fn().catch(() => {})
    stops.length = 0
    try {
      fs.closeSync(logFd)
    } catch {}
    fs.rmSync(tmp, { recursive: true, force: true })
  }
  try {
    // DB_HOST & co. come from `npm test` (scripts/test.js); alone, this starts its own PostgreSQL
    const pg = await startPostgres({ dir: path.join(tmp, "pg"), fast: true })
    stops.push(() => pg.stop())
    const database = `billing_browser_${process.pid}`
    // `npm test` migrates one template database for the run (scripts/test.js): the
    // app's database is then a copy of it, with nothing left to migrate
    const template = process.env.BILLING_TEST_DB_TEMPLATE
    const fromTemplate = Boolean(template && template !== "off" && process.env.DB_HOST)
    await pg.createDatabase(database, fromTemplate ? { template } : {})
    // on a PostgreSQL of one's own (DB_HOST), leave nothing behind
    stops.push(() => dropDatabase(pg.url("postgres"), database))

    const cwd = projectDir(tmp, adminDir)
    const port = await freePort()
    const env = {
      ...process.env,
      NODE_ENV: "test",
      DATABASE_URL: pg.url(database),
      PORT: String(port),
      MEDUSA_DISABLE_TELEMETRY: "true",
      // an ACH debit stays "processing" (pending) for the whole run
      SANDBOX_ACH_DELAY_MS: "3600000",
      LOG_LEVEL: "info",
    }
    for (const key of ["DB_HOST", "DB_PORT", "DB_USERNAME", "DB_PASSWORD", "DB_WAITINGROOM_DATABASE", "BILLING_PORTAL_OPTIONS"]) delete env[key]

    let started = Date.now()
    if (fromTemplate) log(`database copied from ${template} (migrated by npm test)`)
    else {
      await runMedusa(["db:migrate", "--execute-safe-links"], { cwd, env, logFd, timeoutMs: 240_000 })
      log(`database migrated in ${((Date.now() - started) / 1000).toFixed(1)}s`)
    }
    started = Date.now()
    const seedFile = path.join(tmp, "seed.json")
    await runMedusa(["exec", path.join(ROOT, "integration-tests", "browser", "seed.ts")], {
      cwd,
      env: { ...env, BROWSER_SEED_OUTPUT: seedFile },
      logFd,
      timeoutMs: 120_000,
    })
    log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)}s`)

    await beforeStart()
    started = Date.now()
    fs.writeSync(logFd, `\n$ medusa start --port ${port}\n`)
    const server = spawn(process.execPath, [MEDUSA_CLI, "start", "--port", String(port)], {
      cwd,
      env,
      stdio: ["ignore", logFd, logFd],
      detached: true,
    })
    let exit = null
    server.on("exit", (code, signal) => (exit = `medusa start exited (${signal ?? `code ${code}`}); see ${logFile}`))
    stops.push(() => stopGroup(server, 10_000))
    const baseUrl = `http://localhost:${port}`
    await waitFor(`${baseUrl}/health`, 120_000, () => exit)
    log(`medusa start answered in ${((Date.now() - started) / 1000).toFixed(1)}s at ${baseUrl}`)
    return { baseUrl, databaseUrl: env.DATABASE_URL, seed: JSON.parse(fs.readFileSync(seedFile, "utf8")), logFile, stop }
  } catch (e) {
    await stop()
    throw e
  }
}

module.exports = { startBrowserServer, waitFor, MEDUSA_CLI }
