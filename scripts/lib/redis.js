// A private Redis (Debian's redis-server, installed with apt-get when missing
// and allowed): its own port and data directory, nothing saved to disk,
// removed by `stop`. The production test layer and the bench's production
// shape (DESIGN sec. 16) run Medusa's Redis modules on one.
const { spawn } = require("child_process")
const fs = require("fs")
const os = require("os")
const path = require("path")
const { freePort } = require("./postgres")
const { aptCommand, aptGetInstall, installedPath } = require("./system-packages")

/** `redis-server`'s path, installing Debian's package first when it is missing. */
async function ensureRedisServer({ log = console.log } = {}) {
  const found = installedPath("redis-server")
  if (found) return found
  if (!aptCommand()) throw new Error("Debian's redis-server is needed: install it (`sudo apt-get install -y redis-server`) and run again")
  log("redis-server is missing; installing Debian's redis-server with apt-get")
  await aptGetInstall(["redis-server"])
  return installedPath("redis-server")
}

/** @returns {Promise<{ url: string, port: number, stop: () => Promise<void> }>} */
async function startRedis({ log } = {}) {
  const binary = await ensureRedisServer({ log })
  const port = await freePort()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "billing-redis-"))
  const child = spawn(binary, ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no"], {
    stdio: ["ignore", "pipe", "pipe"],
  })
  let output = ""
  const keep = (d) => (output = (output + d.toString()).slice(-4000))
  child.stdout.on("data", keep)
  child.stderr.on("data", keep)
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once("exit", r))
      child.kill("SIGKILL")
      await exited
    }
    fs.rmSync(dir, { recursive: true, force: true })
  }
  const deadline = Date.now() + 20_000
  while (!/Ready to accept connections/i.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop()
      throw new Error(`redis-server ${child.exitCode !== null ? "exited while starting" : "did not start"}:\n${output}`)
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  return { url: `redis://127.0.0.1:${port}`, port, stop }
}

module.exports = { startRedis, ensureRedisServer }
