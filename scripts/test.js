#!/usr/bin/env node
// `npm test`: runs the test layers against a real PostgreSQL.
// Unless DB_HOST is set, an embedded PostgreSQL is started for the run and
// removed afterwards. Layers: unit, modules, http, fuzz (generated bodies
// against every billing route), production (Redis, two servers and a worker
// in their own processes; kill -9 crash points), browser (the hosted portal
// in Chromium, integration-tests/browser), plugin (the packaged-plugin smoke
// test). `npm test -- unit http` runs only those.
const { spawn } = require("child_process")
const fs = require("fs")
const os = require("os")
const path = require("path")
const { startPostgres } = require("./lib/postgres")

const ROOT = path.resolve(__dirname, "..")
const ALL_LAYERS = ["unit", "modules", "http", "fuzz", "production", "browser", "plugin"]
/** The layers whose databases are copies of the run's migrated template: medusaIntegrationTestRunner's suites (a fresh one each) and the browser layer's app. */
const TEMPLATE_LAYERS = ["http", "fuzz", "production", "browser"]

async function main() {
  const args = process.argv.slice(2).filter((a) => !a.startsWith("-"))
  // Anything that looks like a path selects test files within the layers: `npm test -- http payments.spec`.
  const patterns = args.filter((a) => a.includes("/") || a.includes("."))
  const requested = args.filter((a) => !patterns.includes(a))
  const unknown = requested.filter((l) => !ALL_LAYERS.includes(l))
  if (unknown.length) {
    console.error(`Unknown test layer(s): ${unknown.join(", ")}. Layers: ${ALL_LAYERS.join(", ")}`)
    process.exit(2)
  }
  const layers = requested.length ? requested : ALL_LAYERS
  const needsDb = layers.some((l) => l !== "unit")
  const prepared = prepareInBackground(layers)

  let pg = null
  // Medusa logs every request and migration at info level; tests only need errors.
  // ACH settles at once in tests (no background webhook timers); suites send the events.
  const env = { LOG_LEVEL: "error", SANDBOX_ACH_DELAY_MS: "0", ...process.env, NODE_ENV: "test" }
  // --long: the full counts (issue 13). The fuzz layer sends FUZZ_RUNS requests per route (default 10);
  // the model-based test runs MODEL_RUNS random sequences (default 60, ~1.4 s each).
  // BILLING_TEST_LONG: the scale suites' full sizes (autopay-race 1,000 invoices, payments-ach-webhooks 25 seeds).
  if (process.argv.includes("--long")) {
    env.FUZZ_RUNS ??= "500"
    env.MODEL_RUNS ??= "1000"
    env.BILLING_TEST_LONG ??= "1"
  }
  if (needsDb) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "billing-portal-test-pg-"))
    pg = await startPostgres({ dir: path.join(dir, "data"), fast: true })
    const stop = async () => {
      await pg.stop().catch(() => {})
      fs.rmSync(dir, { recursive: true, force: true })
    }
    process.on("SIGINT", () => stop().then(() => process.exit(130)))
    process.on("SIGTERM", () => stop().then(() => process.exit(143)))
    pg.cleanup = stop
    // medusa's test runners read these; the host must be the string "localhost"
    // (any other value makes them require SSL).
    Object.assign(env, {
      DB_HOST: pg.host === "127.0.0.1" ? "localhost" : pg.host,
      DB_PORT: String(pg.port),
      DB_USERNAME: pg.user,
      DB_PASSWORD: pg.password,
    })
    delete env.DATABASE_URL
  }

  const totals = { passed: 0, failed: 0, skipped: 0 }
  const took = []
  let ok = true
  let template = null
  try {
    for (const layer of layers) {
      const started = Date.now()
      await prepared[layer]
      const useTemplate = TEMPLATE_LAYERS.includes(layer) && process.env.BILLING_TEST_DB_TEMPLATE !== "off"
      if (useTemplate && !template) template = await buildTemplateDatabase(env)
      // the runner layers' suites (integration-tests/setup.js) and the browser layer's app start from the template
      const layerEnv = { ...env, BILLING_TEST_DB_TEMPLATE: useTemplate ? template.name : "off" }
      const result = layer === "plugin" ? await runPluginSmoke(layerEnv) : await runJest(layer, layerEnv, patterns)
      totals.passed += result.passed
      totals.failed += result.failed
      totals.skipped += result.skipped
      took.push(`${layer} ${Math.round((Date.now() - started) / 1000)} s`)
      if (!result.ok) ok = false
      if (!ok && process.env.CI) break
    }
  } finally {
    if (template) await template.drop()
    if (pg) await pg.cleanup()
  }
  console.log(`\nlayers: ${took.join(", ")}`)
  console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`)
  process.exit(ok && totals.failed === 0 ? 0 : 1)
}

/**
 * What the browser and production layers need besides their tests, started
 * as the run begins, in the background, while the first layers run (the
 * unit layer leaves a core idle): Debian's packages when missing (chromium,
 * redis-server: one apt-get) and the builds the browser suites serve (the
 * portal, then Medusa's admin; skipped when fresh). Each layer waits for its
 * own. A failure is only reported here: the layer's own setup then tries
 * again and fails with the whole story.
 * @returns {Record<string, Promise<void>>} what each layer waits for
 */
function prepareInBackground(layers) {
  const log = (line) => console.log(`[prepare] ${line}`)
  const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`
  const report = (what) => (e) => log(`${what} failed (${e.message}); the layer that needs it tries again`)
  const { aptCommand, aptGetInstall, installedPath } = require("./lib/system-packages")
  const wanted = [
    layers.includes("browser") && !process.env.CHROMIUM_PATH && "chromium",
    layers.includes("production") && "redis-server",
  ].filter((name) => name && !installedPath(name))
  let packages = Promise.resolve()
  if (wanted.length && aptCommand()) {
    const started = Date.now()
    log(`installing Debian's ${wanted.join(" and ")} with apt-get in the background…`)
    packages = aptGetInstall(wanted, { stdio: "ignore" }).then(() => log(`${wanted.join(" and ")} installed in ${seconds(started)}`), report(`installing ${wanted.join(" and ")}`))
  }
  let builds = Promise.resolve()
  if (layers.includes("browser")) {
    const { ensurePortalBuild, ensureAdminBuild } = require("../integration-tests/browser/setup/builds")
    builds = ensurePortalBuild(log)
      .then(() => ensureAdminBuild(log))
      .catch(report("building what the browser suites serve"))
  }
  return { production: packages, browser: Promise.all([packages, builds]) }
}

/**
 * Migrates one database for the whole run (`medusa db:migrate`, every module
 * and link, as the runner would); each suite's database is then created as a
 * copy of it (integration-tests/setup.js) instead of running the ~300
 * migrations again: about 5–9 s less per suite, 40 suites.
 * BILLING_TEST_DB_TEMPLATE=off turns it off.
 */
async function buildTemplateDatabase(env) {
  const started = Date.now()
  const name = `billing_test_template_${process.pid}`
  const { Client } = require("pg")
  const admin = async (sql) => {
    const client = new Client({ host: env.DB_HOST, port: Number(env.DB_PORT || 5432), user: env.DB_USERNAME, password: env.DB_PASSWORD, database: "postgres" })
    await client.connect()
    try {
      await client.query(sql)
    } finally {
      await client.end()
    }
  }
  await admin(`DROP DATABASE IF EXISTS "${name}"`)
  await admin(`CREATE DATABASE "${name}"`)
  const auth = env.DB_USERNAME ? `${encodeURIComponent(env.DB_USERNAME)}:${encodeURIComponent(env.DB_PASSWORD ?? "")}@` : ""
  const databaseUrl = `postgres://${auth}${env.DB_HOST}:${env.DB_PORT || 5432}/${name}`
  const migrateEnv = { ...env, DATABASE_URL: databaseUrl, NODE_OPTIONS: "" }
  for (const key of ["DB_HOST", "DB_PORT", "DB_USERNAME", "DB_PASSWORD", "BILLING_LOCKING", "REDIS_URL"]) delete migrateEnv[key]
  const result = await run([require.resolve("@medusajs/cli/cli.js"), "db:migrate", "--execute-all-links"], { cwd: ROOT, env: migrateEnv, stdio: ["ignore", "ignore", "inherit"] })
  if (result.status !== 0) {
    await admin(`DROP DATABASE IF EXISTS "${name}"`).catch(() => {})
    throw new Error(`medusa db:migrate into the template database ${name} failed`)
  }
  console.log(`\nsuites' databases are copies of ${name}, migrated in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  return { name, drop: () => admin(`DROP DATABASE IF EXISTS "${name}"`).catch(() => {}) }
}

/**
 * Runs a child to completion without blocking this process's event loop: the
 * embedded PostgreSQL writes its log through us, and a blocked loop would let
 * that pipe fill up and freeze the server mid-test.
 */
function run(args, options) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: "inherit", ...options })
    child.on("exit", (code, signal) => resolve({ status: signal ? 1 : code }))
    child.on("error", () => resolve({ status: 1 }))
  })
}

async function runJest(layer, env, patterns = []) {
  const resultFile = path.join(os.tmpdir(), `billing-portal-jest-${layer}-${process.pid}.json`)
  const args = [
    "--experimental-vm-modules",
    require.resolve("jest/bin/jest"),
    "--ci",
    "--forceExit",
    "--passWithNoTests",
    "--json",
    `--outputFile=${resultFile}`,
    ...patterns,
  ]
  if (layer === "browser") {
    // The browser suites share one started app (their own jest config starts
    // it, with Chromium and the builds it serves): one file at a time, here.
    args.push("--config", path.join(ROOT, "integration-tests", "browser", "jest.config.js"), "--runInBand")
  } else if (layer === "production") {
    // Each suite starts Redis and several Medusa processes of its own: one at a time.
    args.push("--runInBand")
  } else if (layer !== "unit") {
    // Suites that boot Medusa share one PostgreSQL (each its own database), in
    // workers replaced once they hold more than 1.5 GB: every booted app leaves
    // memory behind, and two dozen suites in one process ran out of heap.
    // Two at a time (BILLING_TEST_WORKERS to change it): a suite spends much of
    // its time booting Medusa and waiting on PostgreSQL, so two keep both cores
    // busy (the HTTP layer took 20 min one at a time on 2 cores).
    const workers = Math.max(1, Number(process.env.BILLING_TEST_WORKERS) || 2)
    args.push(`--maxWorkers=${workers}`, "--workerIdleMemoryLimit=1536MB")
  }
  console.log(`\n=== ${layer} tests ===`)
  const result = await run(args, {
    cwd: ROOT,
    env: { ...env, TEST_TYPE: layer, NODE_OPTIONS: [env.NODE_OPTIONS, "--experimental-vm-modules", "--max-old-space-size=4096"].filter(Boolean).join(" ") },
  })
  let summary = { passed: 0, failed: 0, skipped: 0 }
  try {
    const json = JSON.parse(fs.readFileSync(resultFile, "utf8"))
    summary = {
      passed: json.numPassedTests,
      failed: json.numFailedTests + json.numRuntimeErrorTestSuites,
      skipped: json.numPendingTests + json.numTodoTests,
    }
    fs.rmSync(resultFile, { force: true })
    console.log(`${layer}: slowest files ${slowestFiles(json, 6)}`)
  } catch {
    summary.failed += 1
  }
  return { ...summary, ok: result.status === 0 }
}

/** The files that took longest, from jest's --json results: where a layer's time goes, in every run's log. */
function slowestFiles(json, count) {
  return json.testResults
    .map((r) => ({ name: path.basename(r.name), seconds: (r.endTime - r.startTime) / 1000 }))
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, count)
    .map((r) => `${r.name} ${r.seconds.toFixed(0)} s`)
    .join(", ")
}

async function runPluginSmoke(env) {
  console.log("\n=== plugin smoke test ===")
  const result = await run([path.join(__dirname, "plugin-smoke.js")], { cwd: ROOT, env })
  const ok = result.status === 0
  return { passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0, ok }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
