// The system packages test layers need besides Node: Debian's `chromium`
// (the browser layer) and `redis-server` (the production layer). On a clean
// CI machine (Debian, root) they are installed with apt-get when missing.
const { spawn, spawnSync } = require("child_process")
const fs = require("fs")

const DEBIAN_CHROMIUM = "/usr/bin/chromium"

const commandPath = (command) => spawnSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" }).stdout.trim()

/** Where each package's program is, or "" when it is not installed. */
const INSTALLED = {
  chromium: () => (fs.existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : ""),
  "redis-server": () => commandPath("redis-server"),
}

/** The program of an installed package, or "". */
function installedPath(name) {
  return INSTALLED[name]()
}

/** Whether this process can install packages itself: apt-get, as root (CI) or with password-less sudo. */
function aptCommand() {
  if (!commandPath("apt-get")) return null
  if (typeof process.getuid === "function" && process.getuid() === 0) return ["apt-get"]
  const sudo = spawnSync("sudo", ["-n", "true"], { stdio: "ignore" })
  return sudo.status === 0 ? ["sudo", "-n", "apt-get"] : null
}

/**
 * `apt-get install` of `names` (Debian's package lists are fetched with
 * `apt-get update` only when the install fails without them, as on a fresh
 * machine). Asynchronous: the caller's event loop keeps running (`npm test`
 * relays the embedded PostgreSQL's log and must not block). Resolves when
 * every package's program is there; rejects with what failed.
 */
async function aptGetInstall(names, { log, stdio = "inherit" } = {}) {
  const apt = aptCommand()
  if (!apt) throw new Error(`apt-get is not available to this user: install ${names.join(", ")} yourself`)
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" }
  const run = (args) =>
    new Promise((resolve) => {
      log?.(`$ apt-get ${args.join(" ")}`)
      const child = spawn(apt[0], [...apt.slice(1), ...args], { stdio, env })
      child.on("exit", (code) => resolve(code === 0))
      child.on("error", () => resolve(false))
    })
  const install = ["install", "-y", "--no-install-recommends", ...names]
  if (!(await run(install))) {
    if (!(await run(["update"])) || !(await run(install))) throw new Error(`apt-get could not install ${names.join(", ")}`)
  }
  const missing = names.filter((name) => !installedPath(name))
  if (missing.length) throw new Error(`apt-get installed ${missing.join(", ")}, but ${missing.length > 1 ? "their programs are" : "its program is"} still missing`)
}

module.exports = { DEBIAN_CHROMIUM, installedPath, aptCommand, aptGetInstall }
