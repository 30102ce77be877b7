// Before the browser suites: Chromium (installed when missing), the builds
// they serve, and the app (setup/server.js). The suites read where things
// are from the environment this leaves behind.
const fs = require("fs")
const path = require("path")
const { ensureChromium } = require("./chromium")
const { ADMIN_DIR, ensureAdminBuild, ensurePortalBuild, ROOT } = require("./builds")
const { startBrowserServer } = require("./server")

module.exports = async function globalSetup() {
  const started = Date.now()
  const log = (line) => console.log(`[browser tests] ${line}`)
  console.log("")
  const artifacts = path.join(ROOT, ".artifacts", "portal")
  fs.rmSync(artifacts, { recursive: true, force: true })
  fs.mkdirSync(artifacts, { recursive: true })

  // Chromium's install (when missing) and the builds run while the database is
  // prepared and seeded; the server starts once the builds are done
  const chromiumReady = ensureChromium(log)
  const builds = Promise.all([ensurePortalBuild(log), ensureAdminBuild(log)])
  for (const p of [chromiumReady, builds]) p.catch(() => {}) // awaited below; not an unhandled rejection meanwhile
  const server = await startBrowserServer({
    adminDir: ADMIN_DIR,
    beforeStart: () => builds,
    logFile: path.join(artifacts, "server.log"),
    log,
  })
  globalThis.__BILLING_BROWSER_SERVER__ = server
  const chromium = await chromiumReady.catch(async (e) => {
    await server.stop()
    throw e
  })

  Object.assign(process.env, {
    BROWSER_BASE_URL: server.baseUrl,
    // a second app on the same database (stripe-server.js: the Stripe journey)
    BROWSER_DATABASE_URL: server.databaseUrl,
    BROWSER_CHROMIUM: chromium,
    BROWSER_SEED: JSON.stringify(server.seed),
    BROWSER_ARTIFACTS: artifacts,
  })
  log(`ready in ${((Date.now() - started) / 1000).toFixed(1)}s; screenshots and the server log go to ${path.relative(ROOT, artifacts)}/`)
}
