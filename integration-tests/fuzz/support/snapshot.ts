import fs from "fs"
import path from "path"

/**
 * A snapshot of every billing table: row count and an md5 of all rows (as
 * text, in a fixed order) per table, in one SQL statement.
 *
 * Tables: every table the plugin's modules create (read from their
 * migrations, so a new one is included), pivot tables of links to them, and
 * the Payment Module's collections, sessions, payments, captures and refunds
 * that payments create. Rate-limit counters are not billing state and are
 * left out (a rejected request may count against a limit).
 */
const MODULES_ROOT = path.resolve(__dirname, "../../../src/modules")
const PAYMENT_MODULE_TABLES = ["payment_collection", "payment_session", "payment", "capture", "refund", "payment_collection_payment_providers"]

export function moduleTables(): string[] {
  const tables = new Set<string>()
  for (const mod of fs.readdirSync(MODULES_ROOT)) {
    const dir = path.join(MODULES_ROOT, mod, "migrations")
    if (!fs.existsSync(dir)) continue
    for (const file of fs.readdirSync(dir)) {
      const source = fs.readFileSync(path.join(dir, file), "utf8")
      for (const m of source.matchAll(/create table if not exists "([a-z0-9_]+)"/gi)) tables.add(m[1])
    }
  }
  return [...tables].filter((t) => !/rate_limit/.test(t)).sort()
}

type Pg = { raw: (sql: string, bindings?: unknown[]) => Promise<{ rows: any[] }> }

export type Snapshot = Record<string, { rows: number; md5: string }>

export class BillingSnapshot {
  private sql = ""
  tables: string[] = []

  constructor(private pg: Pg) {}

  /** Resolves the table list once (the link tables' names are Medusa's). */
  async init() {
    const wanted = new Set([...moduleTables(), ...PAYMENT_MODULE_TABLES])
    const { rows } = await this.pg.raw(
      `select table_name from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE'`
    )
    const existing: string[] = rows.map((r: any) => r.table_name)
    // Link pivot tables that name a billing table. The links of src/links (customer ↔ invoice,
    // customer ↔ customer_payment) are read-only today and have none; a future one is included.
    const billing = /(invoice|customer_payment|autopay|service_request|pay_link|portal_invitation|ledger_entry|payment_allocation)/
    const links = existing.filter((t) => !wanted.has(t) && billing.test(t))
    this.tables = existing.filter((t) => wanted.has(t)).concat(links).sort()
    if (this.tables.length < 10) throw new Error(`billing tables not found: ${this.tables.join(", ")}`)
    this.sql = this.tables
      .map(
        (t) =>
          `select '${t}' as t, count(*)::int as n, md5(coalesce(string_agg(x.r, E'\\n' order by x.r), '')) as h` +
          ` from (select r::text as r from "${t}" r) x`
      )
      .join(" union all ")
    return this
  }

  async take(): Promise<Snapshot> {
    const { rows } = await this.pg.raw(this.sql)
    const out: Snapshot = {}
    for (const row of rows) out[row.t] = { rows: row.n, md5: row.h }
    return out
  }
}

/** The tables whose count or checksum differ. */
export function diffSnapshots(before: Snapshot, after: Snapshot): string[] {
  return Object.keys({ ...before, ...after }).filter(
    (t) => before[t]?.rows !== after[t]?.rows || before[t]?.md5 !== after[t]?.md5
  )
}
