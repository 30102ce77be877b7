// What the browser suites serve: the hosted portal's build (portal-dist/,
// rebuilt when its sources changed since) and Medusa's admin dashboard
// (.medusa/admin, rebuilt when the plugin's admin pages changed since).
const { spawn } = require("child_process")
const fs = require("fs")
const path = require("path")

const ROOT = path.resolve(__dirname, "../../..")
const PORTAL_INDEX = path.join(ROOT, "portal-dist", "index.html")
const ADMIN_DIR = path.join(ROOT, ".medusa", "admin")
/** What the portal build reads besides node_modules. */
const PORTAL_SOURCES = [path.join(ROOT, "portal"), path.join(ROOT, "src", "domain"), path.join(ROOT, "src", "client")]

function newestMtime(target) {
  const stat = fs.statSync(target)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of fs.readdirSync(target)) {
    if (entry === "node_modules") continue
    newest = Math.max(newest, newestMtime(path.join(target, entry)))
  }
  return newest
}

/** Runs a build to completion; its output is shown only when it fails. */
function run(log, label, command, args, env) {
  const started = Date.now()
  log(`${label}…`)
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] })
    let output = ""
    child.stdout.on("data", (chunk) => (output += chunk))
    child.stderr.on("data", (chunk) => (output += chunk))
    child.on("error", reject)
    child.on("exit", (code, signal) => {
      if (code === 0) {
        log(`${label}: done in ${((Date.now() - started) / 1000).toFixed(1)}s`)
        return resolve()
      }
      process.stderr.write(`${output}\n`)
      reject(new Error(`${label} failed (${signal ?? `exit ${code}`}).`))
    })
  })
}

async function ensurePortalBuild(log) {
  const built = fs.existsSync(PORTAL_INDEX) ? fs.statSync(PORTAL_INDEX).mtimeMs : 0
  const changed = built && Math.max(...PORTAL_SOURCES.map(newestMtime)) > built
  if (built && !changed) return
  await run(
    log,
    built ? "the portal's sources changed since portal-dist/ was built: rebuilding it (vite build)" : "portal-dist/ is missing: building the hosted portal (vite build)",
    process.execPath,
    [path.join(ROOT, "node_modules", "vite", "bin", "vite.js"), "build", "--config", "portal/vite.config.mts", "--logLevel", "warn"],
    { ...process.env, NODE_ENV: "production" }
  )
}

/** What the admin build reads of ours (the plugin's admin extensions and medusa-config's admin.vite) besides node_modules. */
const ADMIN_SOURCES = [path.join(ROOT, "src", "admin"), path.join(ROOT, "medusa-config.ts")]

async function ensureAdminBuild(log) {
  const index = path.join(ADMIN_DIR, "index.html")
  const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0
  const changed = built && Math.max(...ADMIN_SOURCES.map(newestMtime)) > built
  if (built && !changed) return
  await run(
    log,
    built
      ? "the plugin's admin pages changed since .medusa/admin was built: rebuilding Medusa's admin dashboard (medusa build --admin-only)"
      : "building Medusa's admin dashboard for the admin journeys (medusa build --admin-only into .medusa/admin)",
    process.execPath,
    [path.join(ROOT, "node_modules", "@medusajs", "cli", "cli.js"), "build", "--admin-only"],
    { ...process.env, NODE_ENV: "production", MEDUSA_DISABLE_TELEMETRY: "true" }
  )
}

module.exports = { ensurePortalBuild, ensureAdminBuild, ADMIN_DIR, ROOT }
