import { MedusaProcess } from "./medusa-process"
import { RedisServer } from "./redis"

/**
 * Medusa's production shape (DESIGN sec. 16) for one suite: two `server`
 * instances and one `worker`, each its own `medusa start` process, all on the
 * same PostgreSQL and the same private Redis (event bus, workflow engine,
 * locking, caching: medusa-config.ts does that from REDIS_URL).
 *
 * Every instance logs at `info` so a test can read what ran where: the Redis
 * modules' "connection established" lines at boot, the jobs' and the local
 * notification provider's lines afterwards. `log(p)` is an instance's whole
 * output, restarts included (`MedusaProcess.output` keeps only the last 8 KB).
 */
/**
 * How long one instance may take to answer /health. Three boot at once; on a
 * busy 2-core machine (other suites, builds) one took over 3 minutes.
 */
export const BOOT_TIMEOUT_MS = Number(process.env.BILLING_BOOT_TIMEOUT_MS) || 480_000

export class Cluster {
  readonly servers: [MedusaProcess, MedusaProcess]
  readonly worker: MedusaProcess
  private readonly logs = new Map<MedusaProcess, string>()

  constructor(
    readonly redis: RedisServer,
    private readonly options: { databaseUrl: string; env?: Record<string, string | undefined> }
  ) {
    const make = (role: "server" | "worker", name: string) =>
      new MedusaProcess({ databaseUrl: options.databaseUrl, role, redisUrl: redis.url, name, env: { LOG_LEVEL: "info", ...options.env } })
    this.servers = [make("server", "server-1"), make("server", "server-2")]
    this.worker = make("worker", "worker")
  }

  get all(): MedusaProcess[] {
    return [...this.servers, this.worker]
  }

  /** An instance's whole output since the suite first started it (across restarts). */
  log(p: MedusaProcess): string {
    return this.logs.get(p) ?? ""
  }

  /** How many lines of an instance's output match. */
  count(p: MedusaProcess, pattern: RegExp): number {
    return this.log(p).split("\n").filter((l) => pattern.test(l)).length
  }

  /** Starts the given instances (default: all three) in parallel; `env` replaces their extra environment. */
  async start(which: MedusaProcess[] = this.all, env?: Record<string, string | undefined>, timeoutMs = BOOT_TIMEOUT_MS): Promise<void> {
    await Promise.all(
      which.map(async (p) => {
        if (env) (p as any).options.env = { LOG_LEVEL: "info", ...env }
        await p.start(timeoutMs)
        // what it printed while booting (small at info level), then everything after;
        // a restarted instance's log continues its earlier one
        const before = this.log(p)
        this.logs.set(p, (before ? `${before}\n--- ${p.name} restarted ---\n` : "") + p.output)
        const keep = (d: Buffer) => this.logs.set(p, this.log(p) + d.toString())
        p.child!.stdout!.on("data", keep)
        p.child!.stderr!.on("data", keep)
      })
    )
  }

  /** SIGTERM then SIGKILL; used to restart instances with other options and at the end. */
  async stop(which: MedusaProcess[] = this.all): Promise<void> {
    await Promise.all(which.map((p) => p.stop(5_000)))
  }
}

/**
 * The four "connection established" lines Medusa's Redis modules log when
 * they load (event-bus-redis, workflow-engine-redis, the locking-redis
 * provider, the caching-redis provider): proof that an instance really
 * resolved the Redis providers rather than the in-memory defaults.
 */
export const REDIS_MODULE_BOOT_LINES: Record<string, RegExp> = {
  "event-bus-redis": /Connection to Redis in module 'event-bus-redis' established/,
  "workflow-engine-redis": /Connection to Redis in module 'workflow-engine-redis' established/,
  // (the JSON log format escapes the quotes around the provider's name)
  "locking-redis": /Connection to Redis in \\?"locking-redis\\?" provider established/,
  "caching-redis": /Redis cache connection (established|test successful)/,
}
