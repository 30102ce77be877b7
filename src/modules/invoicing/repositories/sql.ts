import { IsolationLevel } from "@medusajs/framework/mikro-orm/core"
import { toMajor } from "../../../domain/money"

/**
 * The transaction manager Medusa hands a module (`sharedContext.transactionManager`,
 * or `sharedContext.manager` outside a transaction): raw SQL with `?` bindings.
 * Every repository function takes it explicitly.
 */
export type SqlManager = { execute: (sql: string, params?: unknown[], method?: "all" | "get" | "run") => Promise<any> }

/** Runs a query and types its rows (the shape the SELECT list promises). */
export async function query<Row>(manager: SqlManager, sql: string, params: unknown[] = []): Promise<Row[]> {
  return (await manager.execute(sql, params)) as Row[]
}

/** The first row of a query, or undefined. */
export async function queryOne<Row>(manager: SqlManager, sql: string, params: unknown[] = []): Promise<Row | undefined> {
  const [row] = await query<Row>(manager, sql, params)
  return row
}

/** `?, ?, ?` for a list of bindings. */
export function placeholders(values: readonly unknown[]): string {
  return values.map(() => "?").join(", ")
}

/** A SET (or other) SQL fragment and its bindings, in order. */
export type SqlFragment = { sql: string; params: unknown[] }

/** Joins fragments with ", " (SET lists), keeping the bindings in order. */
export function joinSets(fragments: SqlFragment[]): SqlFragment {
  return { sql: fragments.map((f) => f.sql).join(", "), params: fragments.flatMap((f) => f.params) }
}

/** "60.50" → "60.5", "40.00" → "40": the form the ORM stores big numbers in. */
export function trimDecimal(value: string): string {
  return value.includes(".") ? value.replace(/0+$/, "").replace(/\.$/, "") : value
}

/** Minor units as the exact, trimmed major-unit decimal a big-number column stores. */
export function moneyValue(minor: bigint, currency: string): string {
  return trimDecimal(toMajor(minor, currency))
}

/**
 * The one writer of a Medusa big-number column in raw SQL: the numeric
 * column and its `raw_` twin (`{ value, precision: 20 }`, as the ORM writes
 * it), together, from integer minor units.
 */
export function moneySet(column: string, minor: bigint, currency: string): SqlFragment {
  const value = moneyValue(minor, currency)
  return {
    sql: `${column} = ?::numeric, raw_${column} = ?::jsonb`,
    params: [value, JSON.stringify({ value, precision: 20 })],
  }
}

/**
 * `column` raised by a numeric SQL expression (`addend`, e.g. a VALUES
 * column), with its `raw_` twin following, for set-based updates
 * (`UPDATE … FROM (VALUES …)`) where the new value is computed by PostgreSQL.
 */
export function moneyIncrement(table: string, column: string, addend: string): SqlFragment {
  const sum = `trim_scale(${table}.${column} + ${addend})`
  return {
    sql: `${column} = ${sum}, raw_${column} = jsonb_build_object('value', ${sum}::text, 'precision', 20)`,
    params: [],
  }
}

/**
 * Medusa's generated create/update methods only persist into the ORM's unit
 * of work; this writes them out so raw SQL later in the same transaction
 * sees them.
 */
export async function flushPending(manager: unknown): Promise<void> {
  await (manager as { flush?: () => Promise<void> } | undefined)?.flush?.()
}

/**
 * Runs reads made of several statements that must describe one state of the
 * data (a preview's total, rows and count) in one REPEATABLE READ, read-only
 * transaction — or in the caller's transaction when there is one.
 */
export async function inOneSnapshot<T>(
  context: { transactionManager?: unknown; manager?: unknown },
  read: (manager: SqlManager) => Promise<T>
): Promise<T> {
  if (context.transactionManager) return await read(context.transactionManager as SqlManager)
  return await (context.manager as any).transactional((manager: SqlManager) => read(manager), {
    isolationLevel: IsolationLevel.REPEATABLE_READ,
    readOnly: true,
  })
}
