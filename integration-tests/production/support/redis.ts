import { execFileSync, spawn, spawnSync, type ChildProcess } from "child_process"
import fs from "fs"
import os from "os"
import path from "path"
import { freePort } from "./medusa-process"

/**
 * Debian's `redis-server`, installed with apt-get when it is missing (CI runs
 * as root on a machine where only what the repository installs is present),
 * as the browser layer installs chromium.
 */
export function ensureRedisServer(): string {
  const found = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" }).stdout.trim()
  if (found) return found
  console.log("production tests: redis-server is missing; installing Debian's redis-server with apt-get (the one system package this layer needs)")
  const asRoot = typeof process.getuid === "function" && process.getuid() === 0
  const sudo = asRoot ? [] : ["sudo", "-n"]
  const run = (args: string[]) => execFileSync(sudo[0] ?? args[0], sudo.length ? [...sudo.slice(1), ...args] : args.slice(1), { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } })
  try {
    run(["apt-get", "install", "-y", "--no-install-recommends", "redis-server"])
  } catch {
    run(["apt-get", "update"])
    run(["apt-get", "install", "-y", "--no-install-recommends", "redis-server"])
  }
  const installed = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" }).stdout.trim()
  if (!installed) throw new Error("redis-server could not be installed: install Debian's redis-server and run the production layer again")
  return installed
}

/** A private Redis for one suite: its own port and data directory, nothing saved to disk, removed by `stop`. */
export class RedisServer {
  child: ChildProcess | null = null
  port = 0
  dir = ""
  output = ""

  get url() {
    return `redis://127.0.0.1:${this.port}`
  }

  async start(): Promise<this> {
    const binary = ensureRedisServer()
    this.port = await freePort()
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "billing-redis-"))
    const child = spawn(binary, ["--port", String(this.port), "--bind", "127.0.0.1", "--dir", this.dir, "--save", "", "--appendonly", "no"], {
      stdio: ["ignore", "pipe", "pipe"],
    })
    this.child = child
    const keep = (d: Buffer) => (this.output = (this.output + d.toString()).slice(-4000))
    child.stdout!.on("data", keep)
    child.stderr!.on("data", keep)
    const deadline = Date.now() + 20_000
    while (!/Ready to accept connections/i.test(this.output)) {
      if (child.exitCode !== null) throw new Error(`redis-server exited while starting:\n${this.output}`)
      if (Date.now() > deadline) throw new Error(`redis-server did not start:\n${this.output}`)
      await new Promise((r) => setTimeout(r, 50))
    }
    return this
  }

  async stop(): Promise<void> {
    const child = this.child
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once("exit", r))
      child.kill("SIGKILL")
      await exited
    }
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true })
  }
}
