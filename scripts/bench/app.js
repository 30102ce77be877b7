// The Medusa app the bench runs: a snapshot of the repository's app (src/,
// medusa-config.ts, package.json, the seed scripts) under .bench/app, built
// with `medusa build` into .bench/app/.medusa/server. Building a copy keeps
// the repository's own .medusa/ (the plugin build) untouched. Both the copy
// and the built server use the repository's node_modules through symlinks,
// so nothing is installed.
const { spawn } = require("child_process")
const crypto = require("crypto")
const fs = require("fs")
const path = require("path")

const MEDUSA_CLI = require.resolve("@medusajs/cli/cli.js")

function listFiles(dir) {
  const out = []
  const walk = (d) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name)
      if (entry.isDirectory()) walk(p)
      else if (entry.isFile()) out.push(p)
    }
  }
  if (fs.existsSync(dir)) walk(dir)
  return out.sort()
}

function hashFiles(root, files) {
  const h = crypto.createHash("sha256")
  for (const f of files) {
    h.update(path.relative(root, f))
    h.update("\0")
    h.update(fs.readFileSync(f))
    h.update("\0")
  }
  return h.digest("hex")
}

function symlinkDir(target, link) {
  try {
    if (fs.readlinkSync(link) === target) return
  } catch {}
  fs.rmSync(link, { recursive: true, force: true })
  fs.symlinkSync(target, link, "dir")
}

/**
 * Runs the medusa CLI (`args`) in `cwd`; resolves with its output, rejects on
 * a non-zero exit unless `allowFailure`.
 */
function runMedusa(args, { cwd, env, log, allowFailure = false, tail = 40 }) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MEDUSA_CLI, ...args], {
      cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    })
    running.add(child)
    let output = ""
    const onData = (chunk) => {
      const text = chunk.toString()
      output += text
      if (log) for (const line of text.split("\n")) if (line.trim()) log(line)
    }
    child.stdout.on("data", onData)
    child.stderr.on("data", onData)
    child.on("error", reject)
    child.on("close", (code, signal) => {
      running.delete(child)
      if (code === 0 || allowFailure) return resolve({ code, output })
      const last = output.trim().split("\n").slice(-tail).join("\n")
      reject(new Error(`medusa ${args.join(" ")} exited with ${code ?? signal}:\n${last}`))
    })
  })
}

/** Children started by runMedusa that are still running (killed on SIGINT). */
const running = new Set()
function killRunning() {
  for (const child of running) {
    try {
      child.kill("SIGTERM")
    } catch {}
  }
}

/**
 * @param {{ root: string, dir: string, log: (s: string) => void, force?: boolean }} opts
 * @returns {Promise<{ appDir: string, serverDir: string, built: boolean, hash: string }>}
 */
async function prepareApp({ root, dir, log, force = false }) {
  const appDir = path.resolve(dir)
  const serverDir = path.join(appDir, ".medusa", "server")
  fs.mkdirSync(appDir, { recursive: true })

  // Fresh snapshot of the sources (others may be editing them right now).
  fs.rmSync(path.join(appDir, "src"), { recursive: true, force: true })
  fs.cpSync(path.join(root, "src"), path.join(appDir, "src"), { recursive: true })
  fs.rmSync(path.join(appDir, "scripts"), { recursive: true, force: true })
  fs.mkdirSync(path.join(appDir, "scripts", "bench"), { recursive: true })
  fs.copyFileSync(path.join(root, "scripts", "seed.ts"), path.join(appDir, "scripts", "seed.ts"))
  fs.copyFileSync(path.join(__dirname, "seed-app.ts"), path.join(appDir, "scripts", "bench", "seed-app.ts"))
  for (const f of ["medusa-config.ts", "package.json"]) fs.copyFileSync(path.join(root, f), path.join(appDir, f))
  // The repository's tsconfig excludes medusa-config.ts (it must not ship in
  // the plugin package); an app build needs it compiled into .medusa/server.
  const tsconfig = JSON.parse(fs.readFileSync(path.join(root, "tsconfig.json"), "utf8"))
  tsconfig.exclude = (tsconfig.exclude || []).filter((e) => e !== "medusa-config.ts")
  tsconfig.include = [...new Set([...(tsconfig.include || []), "medusa-config.ts"])]
  fs.writeFileSync(path.join(appDir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2))
  symlinkDir(path.join(root, "node_modules"), path.join(appDir, "node_modules"))

  const hash = hashFiles(appDir, [
    ...listFiles(path.join(appDir, "src")),
    ...["medusa-config.ts", "package.json", "tsconfig.json"].map((f) => path.join(appDir, f)),
  ])
  const hashFile = path.join(appDir, ".build-hash")
  const upToDate =
    !force &&
    fs.existsSync(path.join(serverDir, "medusa-config.js")) &&
    fs.existsSync(hashFile) &&
    fs.readFileSync(hashFile, "utf8") === hash
  if (upToDate) {
    log("  sources unchanged since the last build: reusing .bench/app/.medusa/server")
  } else {
    fs.rmSync(hashFile, { force: true })
    const started = Date.now()
    const { code, output } = await runMedusa(["build"], {
      cwd: appDir,
      env: {
        ...process.env,
        MEDUSA_ADMIN_DISABLE: "true",
        NODE_ENV: "production",
        SANDBOX_ALLOW_IN_PRODUCTION: "true",
        SANDBOX_WEBHOOK_SECRET: process.env.SANDBOX_WEBHOOK_SECRET || "bench-sandbox-secret",
      },
      allowFailure: true,
    })
    const ok = fs.existsSync(path.join(serverDir, "medusa-config.js")) && fs.existsSync(path.join(serverDir, "src"))
    if (!ok) {
      throw new Error(`medusa build failed (exit ${code}):\n${output.trim().split("\n").slice(-40).join("\n")}`)
    }
    if (code !== 0) {
      // medusa build exits 1 on type errors but still writes the JavaScript.
      log(`  !! medusa build exited ${code} (type errors?) but wrote the server; continuing. Last lines:`)
      for (const line of output.trim().split("\n").slice(-15)) log(`     ${line}`)
    } else {
      fs.writeFileSync(hashFile, hash)
    }
    log(`  built in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  }
  symlinkDir(path.join(root, "node_modules"), path.join(serverDir, "node_modules"))
  return { appDir, serverDir, built: !upToDate, hash }
}

module.exports = { prepareApp, runMedusa, killRunning, hashFiles, listFiles, MEDUSA_CLI }
