import { z } from "@medusajs/framework/zod"
import { MoneyError } from "../../domain/money"
import { isDateInRange, MAX_DATE_YEAR, MIN_DATE_YEAR, parseIsoDate } from "../../domain/dates"
import { INVOICE_ORDER_FIELDS } from "../../domain/invoice-order"

/**
 * One of a fixed set of strings, with a message that names the field and the
 * accepted values (Medusa's generic enum message cannot see into arrays).
 */
export const oneOf = <T extends string>(field: string, values: readonly T[]) =>
  z.string().refine((v): v is T => (values as readonly string[]).includes(v), {
    message: `${field} must be one of: ${values.join(", ")}`,
  }) as unknown as z.ZodType<T>

/**
 * THE record (object of named values) schema of every billing route. A
 * `"__proto__"` key is a 400 naming the field: JSON.parse keeps it as an own
 * key, but zod's record drops it without a word — `amounts: {"__proto__":
 * "1.00"}` reached the route as no partial amounts at all, a full charge.
 */
export const plainRecord = <T extends z.ZodTypeAny>(field: string, value: T) =>
  z
    .unknown()
    .superRefine((input, ctx) => {
      if (input !== null && typeof input === "object" && Object.prototype.hasOwnProperty.call(input, "__proto__")) {
        ctx.addIssue({ code: "custom", message: `${field} cannot have a key named "__proto__"` })
      }
    })
    .pipe(z.record(z.string(), value))

/**
 * A query value that may come as `a`, `a,b` or `a&a` — always an array here.
 * An object (`field[key]=a`) stays one, and is a 400 naming the field.
 */
export const queryArray = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess(
    (v) => (v === undefined || Array.isArray(v) || (typeof v === "object" && v !== null) ? v : String(v).split(",")),
    z.array(item).min(1)
  )

/**
 * THE date schema of every billing route (bodies and query filters): an
 * ISO 8601 date or date-time with a real calendar date in the years 1900 to
 * 9999 (`parseIsoDate`). Anything else, numbers and other types included, is
 * a 400 naming the field, before it can reach PostgreSQL.
 */
export const isoDate = (field: string) =>
  z.unknown().transform((v, ctx): Date => {
    const d = v instanceof Date ? (isDateInRange(v) ? v : null) : typeof v === "string" ? parseIsoDate(v.trim()) : null
    if (!d) {
      ctx.addIssue({
        code: "custom",
        message: `${field} must be an ISO 8601 date (YYYY-MM-DD or date-time) in the years ${MIN_DATE_YEAR} to ${MAX_DATE_YEAR}`,
      })
      return z.NEVER
    }
    return d
  })

/**
 * How far ahead of the server's clock a date of something that already
 * happened may be: 14 hours, the most any time zone is ahead of UTC. An
 * admin's local "today" (a date just after their midnight, east of UTC) is
 * therefore always taken; anything later is in the future everywhere.
 */
export const AHEAD_OF_UTC_MS = 14 * 60 * 60 * 1000

/**
 * An ISO date of something that has happened (a check received, an invoice
 * issued): refused when it is in the future everywhere on earth, 400 naming
 * the field. (A date in the future would date a ledger entry after the
 * statements printed today, which would then disagree with the balance.)
 */
export const pastDate = (field: string) =>
  isoDate(field).refine((d) => d.getTime() <= Date.now() + AHEAD_OF_UTC_MS, { message: `${field} must not be in the future` })

/** `{ gte?, gt?, lte?, lt? }` over dates, e.g. `due_at[lte]=2026-01-31`. */
export const dateRange = (field: string) =>
  z
    .object({
      gte: isoDate(`${field}[gte]`).optional(),
      gt: isoDate(`${field}[gt]`).optional(),
      lte: isoDate(`${field}[lte]`).optional(),
      lt: isoDate(`${field}[lt]`).optional(),
    })
    .strict()

export const pagination = {
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(100).default(20),
}

export function toRangeFilter(range?: { gte?: Date; gt?: Date; lte?: Date; lt?: Date }) {
  if (!range) return undefined
  const filter: Record<string, Date> = {}
  if (range.gte) filter.$gte = range.gte
  if (range.gt) filter.$gt = range.gt
  if (range.lte) filter.$lte = range.lte
  if (range.lt) filter.$lt = range.lt
  return Object.keys(filter).length ? filter : undefined
}

/** `-due_at` → `{ due_at: "DESC" }`, with display_id as a stable tiebreak. */
export function toOrder(order: string): Record<string, "ASC" | "DESC"> {
  const desc = order.startsWith("-")
  const field = desc ? order.slice(1) : order
  const direction = desc ? "DESC" : "ASC"
  return field === "display_id" ? { display_id: direction } : { [field]: direction, display_id: direction }
}

export { INVOICE_ORDER_FIELDS }
export const invoiceOrder = oneOf(
  "order",
  INVOICE_ORDER_FIELDS.flatMap((f) => [f, `-${f}`])
).default("-issued_at")

type DateRange = { gte?: Date; gt?: Date; lte?: Date; lt?: Date }

/**
 * The filters both invoice lists share (search, currency, date ranges); each
 * route adds its own scope (the customer, the visible statuses).
 */
export function invoiceListFilters(query: {
  q?: string
  currency_code?: string
  due_at?: DateRange
  issued_at?: DateRange
  created_at?: DateRange
}): Record<string, unknown> {
  const filters: Record<string, unknown> = { ...invoiceSearchFilter(query.q) }
  if (query.currency_code) filters.currency_code = query.currency_code.toLowerCase()
  for (const field of ["due_at", "issued_at", "created_at"] as const) {
    const range = toRangeFilter(query[field])
    if (range) filters[field] = range
  }
  return filters
}

/** `q` matches an invoice number (`INV-000123`, `123`) or the invoice notes. */
export function invoiceSearchFilter(q?: string): Record<string, unknown> | undefined {
  if (!q) return undefined
  const number = /^(?:inv-?)?0*(\d{1,9})$/i.exec(q.trim())
  if (number) return { display_id: Number(number[1]) }
  const escaped = q.replace(/[\\%_]/g, (c) => `\\${c}`)
  return { notes: { $ilike: `%${escaped}%` } }
}

/**
 * Runs a domain money computation inside a zod refinement: a MoneyError (bad
 * format, too many decimals, beyond MAX_AMOUNT_MINOR) becomes a 400 issue
 * with its message, which names the field.
 */
export function moneyIssue(ctx: z.RefinementCtx, compute: () => unknown): void {
  try {
    compute()
  } catch (e) {
    if (e instanceof MoneyError) ctx.addIssue({ code: "custom", message: e.message })
    else throw e
  }
}
