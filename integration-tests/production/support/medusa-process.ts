import { spawn, type ChildProcess } from "child_process"
import net from "net"
import path from "path"

const ROOT = path.resolve(__dirname, "../../..")
const MEDUSA_CLI = require.resolve("@medusajs/cli/cli.js")

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

export type MedusaProcessOptions = {
  /** the database every instance shares (the test runner's `dbConfig.clientUrl`) */
  databaseUrl: string
  /** `server` answers HTTP only, `worker` runs jobs and subscribers, `shared` both (medusa-config.ts reads MEDUSA_WORKER_MODE) */
  role: "server" | "worker" | "shared"
  /** Redis for event bus, workflow engine, locking and caching (medusa-config.ts reads REDIS_URL); none: in-memory modules */
  redisUrl?: string
  /** more environment (e.g. a test-only crash point) */
  env?: Record<string, string | undefined>
  /** a name for messages, e.g. "server-1" */
  name?: string
  port?: number
}

/**
 * One Medusa instance of this repository's app (`medusa start` in the
 * repository root, loading the plugin's `src/`) in its own process, as a
 * production deployment runs several. Its last output is kept for failure
 * messages.
 */
export class MedusaProcess {
  child: ChildProcess | null = null
  port = 0
  output = ""
  readonly name: string

  constructor(private readonly options: MedusaProcessOptions) {
    this.name = options.name ?? options.role
  }

  get url() {
    return `http://127.0.0.1:${this.port}`
  }

  get running() {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null
  }

  /** Starts the process and waits until `/health` answers 200 (or the process exits: then throws with its output). */
  async start(timeoutMs = 180_000): Promise<this> {
    if (this.running) throw new Error(`${this.name} is already running`)
    this.port = this.options.port ?? this.port ?? 0
    if (!this.port) this.port = await freePort()
    this.output = ""
    const env: Record<string, string | undefined> = {
      ...process.env,
      DATABASE_URL: this.options.databaseUrl,
      PORT: String(this.port),
      MEDUSA_WORKER_MODE: this.options.role,
      REDIS_URL: this.options.redisUrl,
      MEDUSA_ADMIN_DISABLE: "true",
      NODE_OPTIONS: "",
      NODE_ENV: "test",
      LOG_LEVEL: process.env.BILLING_PROCESS_LOG_LEVEL ?? "error",
      ...this.options.env,
    }
    if (!env.REDIS_URL) delete env.REDIS_URL
    const child = spawn(process.execPath, [MEDUSA_CLI, "start", "--port", String(this.port)], {
      cwd: ROOT,
      env: env as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    })
    this.child = child
    const keep = (d: Buffer) => (this.output = (this.output + d.toString()).slice(-8000))
    child.stdout!.on("data", keep)
    child.stderr!.on("data", keep)
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`${this.name} exited (${child.exitCode ?? child.signalCode}) while starting:\n${this.output}`)
      }
      const status = await fetch(`${this.url}/health`).then(
        (r) => r.status,
        () => 0
      )
      if (status === 200) return this
      await new Promise((r) => setTimeout(r, 250))
    }
    await this.kill()
    throw new Error(`${this.name} did not answer /health within ${timeoutMs} ms:\n${this.output}`)
  }

  /** Resolves when the process has exited (at once if it is not running). */
  async exited(): Promise<void> {
    const child = this.child
    if (!child || child.exitCode !== null || child.signalCode !== null) return
    await new Promise<void>((resolve) => child.once("exit", () => resolve()))
  }

  /** SIGKILL: no shutdown code runs, as when a machine dies. */
  async kill(): Promise<void> {
    if (!this.running) return
    this.child!.kill("SIGKILL")
    await this.exited()
  }

  /** SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return
    const hard = setTimeout(() => this.child?.kill("SIGKILL"), graceMs)
    this.child!.kill("SIGTERM")
    await this.exited()
    clearTimeout(hard)
  }

  /** A request to this instance: JSON in and out. */
  async request(method: string, route: string, options: { headers?: Record<string, string>; body?: unknown } = {}) {
    const r = await fetch(`${this.url}${route}`, {
      method,
      headers: { ...(options.body !== undefined ? { "content-type": "application/json" } : {}), ...options.headers },
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
    })
    const text = await r.text()
    let data: any = text
    try {
      data = text ? JSON.parse(text) : null
    } catch {}
    return { status: r.status, data, headers: r.headers }
  }
}
