// A second app for the Stripe journey (stripe.spec.ts starts and stops it in
// its beforeAll/afterAll; the other browser files never pay for it): the same
// repository and the same database as the shared app (setup/server.js, which
// migrated and seeded it), started with Medusa's Stripe provider and the
// plugin configured for Stripe — `stripe.publishableKey` set, both methods on
// `pp_stripe_stripe` — and Stripe's HTTP API answered in-process by nock
// (fake-stripe-api.js, preloaded with --require).
//
// MEDUSA_WORKER_MODE=server: this instance runs no scheduled jobs or
// subscribers, so it never runs autopay or the reconciler over the shared
// app's customers; the journey's own flow (create, confirm, complete) runs
// in its requests.
const { spawn } = require("child_process")
const fs = require("fs")
const os = require("os")
const path = require("path")
const { freePort } = require("../../../scripts/lib/postgres")
const { stopGroup } = require("../../../scripts/lib/process")
const { ROOT } = require("./builds")
const { MEDUSA_CLI, waitFor } = require("./server")

const STRIPE_OPTIONS = {
  apiKey: "sk_test_offline_browser_portal",
  webhookSecret: "whsec_offline_browser_portal",
  publishableKey: "pk_test_offlineBrowserPortal",
}

/**
 * @param {{ databaseUrl: string, logFile: string }} options
 * @returns {Promise<{ baseUrl: string, controlUrl: string, publishableKey: string, stop: () => Promise<void> }>}
 */
async function startStripeServer({ databaseUrl, logFile }) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "billing-browser-stripe-"))
  const cwd = path.join(tmp, "app")
  fs.mkdirSync(cwd)
  for (const entry of ["medusa-config.ts", "package.json", "tsconfig.json", "src", "node_modules"]) {
    fs.symlinkSync(path.join(ROOT, entry), path.join(cwd, entry))
  }
  const logFd = fs.openSync(logFile, "w")
  const [port, controlPort] = [await freePort(), await freePort()]
  const env = {
    ...process.env,
    NODE_ENV: "test",
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    MEDUSA_DISABLE_TELEMETRY: "true",
    MEDUSA_ADMIN_DISABLE: "true",
    MEDUSA_WORKER_MODE: "server",
    LOG_LEVEL: "info",
    SANDBOX_ACH_DELAY_MS: "3600000",
    STRIPE_API_KEY: STRIPE_OPTIONS.apiKey,
    STRIPE_WEBHOOK_SECRET: STRIPE_OPTIONS.webhookSecret,
    BILLING_PORTAL_OPTIONS: JSON.stringify({
      paymentProviders: { card: "pp_stripe_stripe", us_bank_account: "pp_stripe_stripe" },
      stripe: STRIPE_OPTIONS,
    }),
    FAKE_STRIPE_CONTROL_PORT: String(controlPort),
    NODE_OPTIONS: [process.env.NODE_OPTIONS, `--require ${path.join(__dirname, "fake-stripe-api.js")}`].filter(Boolean).join(" "),
  }
  for (const key of ["DB_HOST", "DB_PORT", "DB_USERNAME", "DB_PASSWORD", "DB_WAITINGROOM_DATABASE"]) delete env[key]

  fs.writeSync(logFd, `$ medusa start --port ${port} (Stripe, fake API control on ${controlPort})\n`)
  const server = spawn(process.execPath, [MEDUSA_CLI, "start", "--port", String(port)], {
    cwd,
    env,
    stdio: ["ignore", logFd, logFd],
    detached: true,
  })
  let exit = null
  server.on("exit", (code, signal) => (exit = `the Stripe app's medusa start exited (${signal ?? `code ${code}`}); see ${logFile}`))
  const stop = async () => {
    await stopGroup(server, 10_000)
    try {
      fs.closeSync(logFd)
    } catch {}
    fs.rmSync(tmp, { recursive: true, force: true })
  }
  const baseUrl = `http://localhost:${port}`
  try {
    await waitFor(`${baseUrl}/health`, 150_000, () => exit)
  } catch (e) {
    await stop()
    throw e
  }
  return { baseUrl, controlUrl: `http://127.0.0.1:${controlPort}`, publishableKey: STRIPE_OPTIONS.publishableKey, stop }
}

module.exports = { startStripeServer, STRIPE_OPTIONS }
