// Query plans of what the routes really run, captured with PostgreSQL's
// auto_explain (EXPLAIN ANALYZE of every statement, written to the server
// log). Only possible with the embedded PostgreSQL, whose log we read.
//
// The library is preloaded for every session of the bench database
// (ALTER DATABASE ... SET session_preload_libraries, before Medusa connects)
// but stays inactive (log_min_duration = -1, the default) while we measure;
// capture() switches it on for all sessions with ALTER SYSTEM + reload, sends
// one request per route, and switches it off again.

const SETTINGS = {
  "auto_explain.log_min_duration": "0",
  "auto_explain.log_analyze": "on",
  "auto_explain.log_buffers": "on",
  "auto_explain.log_timing": "on",
  "auto_explain.log_nested_statements": "on",
  "auto_explain.log_format": "text",
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** Make every new session of `db` load auto_explain (inactive until capture). */
async function preload(client, db) {
  await client.query(`ALTER DATABASE "${db}" SET session_preload_libraries = 'auto_explain'`)
}

async function reset(client) {
  for (const key of Object.keys(SETTINGS)) await client.query(`ALTER SYSTEM RESET ${key}`)
  await client.query(`SELECT pg_reload_conf()`)
}

/**
 * @param {{ client: import("pg").Client, logBuffer: { text: string, capturing: boolean },
 *   requests: { key: string, send: () => Promise<void> }[] }} opts
 * @returns {Promise<Record<string, { statements: { duration_ms: number, query: string, plan: string }[] }>>}
 */
async function capture({ client, logBuffer, requests }) {
  for (const [key, value] of Object.entries(SETTINGS)) await client.query(`ALTER SYSTEM SET ${key} = '${value}'`)
  await client.query(`SELECT pg_reload_conf()`)
  await sleep(500)
  const out = {}
  try {
    logBuffer.capturing = true
    for (const r of requests) {
      await r.send() // once unlogged-ish: caches warm, connection settled
      await sleep(300)
      logBuffer.text = ""
      await r.send()
      await sleep(500)
      out[r.key] = { statements: parsePlans(logBuffer.text) }
    }
  } finally {
    logBuffer.capturing = false
    logBuffer.text = ""
    await reset(client)
  }
  return out
}

/**
 * Server-side execution time of `sql` without per-node timing overhead:
 * the median "Execution Time" of `runs` EXPLAIN (ANALYZE, TIMING OFF) runs.
 * EXPLAIN ANALYZE executes the statement: `readOnly` runs each one in a READ
 * ONLY transaction that is rolled back, so a statement captured from a
 * mutating route (INSERT, UPDATE, SELECT … FOR UPDATE) fails instead of
 * changing the data.
 */
async function executionTime(client, sql, runs = 30, { readOnly = false } = {}) {
  const times = []
  for (let i = 0; i < runs + 5; i++) {
    if (readOnly) await client.query("BEGIN READ ONLY")
    let rows
    try {
      ;({ rows } = await client.query(`EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ${sql}`))
    } finally {
      if (readOnly) await client.query("ROLLBACK")
    }
    const plan = rows[0]["QUERY PLAN"]
    const t = (Array.isArray(plan) ? plan[0] : JSON.parse(plan)[0])["Execution Time"]
    if (i >= 5) times.push(t) // the first runs warm caches
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]
}

/** Splits auto_explain output ("LOG:  duration: 0.123 ms  plan:\n\tQuery Text: ...") into statements. */
function parsePlans(text) {
  const parts = text.split(/^.*?LOG:\s+duration: /m).slice(1)
  const statements = []
  for (const part of parts) {
    const m = /^([\d.]+) ms\s+plan:\s*\n([\s\S]*)$/.exec(part)
    if (!m) continue
    // drop trailing non-plan log lines (other LOG/STATEMENT lines)
    const body = m[2]
      .split("\n")
      .filter((l) => !/^\S.*?(LOG|STATEMENT|ERROR|WARNING|DETAIL|CONTEXT):/.test(l) && !l.startsWith("[STDERR]"))
      .join("\n")
      .replace(/\t/g, "  ")
      .trimEnd()
    // the query text runs from "Query Text:" to the first plan node (every node line has "(cost=")
    const lines = body.split("\n")
    const first = lines.findIndex((l) => l.includes("(cost="))
    const queryText = (first > 0 ? lines.slice(0, first) : lines.slice(0, 1)).join(" ").replace(/^\s*Query Text:\s*/, "")
    statements.push({
      duration_ms: Number(m[1]),
      query: queryText.replace(/\s+/g, " ").trim(),
      plan: body,
    })
  }
  return statements
}

module.exports = { preload, capture, reset, parsePlans, executionTime }
