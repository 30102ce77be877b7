/**
 * A private Redis for one suite (scripts/lib/redis.js): Debian's
 * `redis-server`, installed with apt-get when it is missing (CI runs as root
 * on a machine where only what the repository installs is present, and
 * `npm test` starts that install in the background when its run begins),
 * on its own port and data directory, nothing saved to disk, removed by `stop`.
 */
const { startRedis } = require("../../../scripts/lib/redis") as {
  startRedis: (options?: { log?: (line: string) => void }) => Promise<{ url: string; port: number; stop: () => Promise<void> }>
}

export class RedisServer {
  private started: { url: string; port: number; stop: () => Promise<void> } | null = null

  get url(): string {
    if (!this.started) throw new Error("Redis is not started")
    return this.started.url
  }

  async start(): Promise<this> {
    this.started = await startRedis({ log: (line) => console.log(`production tests: ${line}`) })
    return this
  }

  async stop(): Promise<void> {
    await this.started?.stop()
    this.started = null
  }
}
