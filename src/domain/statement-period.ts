/**
 * The period a statement covers (DESIGN sec. 14, issue 10): a date range,
 * "all time", or "since the balance was last zero". Pure: `now` is passed in.
 *
 * Bounds are instants. A bare date names a whole UTC day: `from=2026-01-01`
 * starts at its first millisecond and `to=2026-01-31` ends at its last, so a
 * January statement is `from=2026-01-01&to=2026-01-31` and nothing posted on
 * the 31st is left out.
 */
import { parseIsoDate } from "./dates"

export const STATEMENT_PERIODS = ["range", "all_time", "since_zero"] as const
export type StatementPeriodKind = (typeof STATEMENT_PERIODS)[number]

/** A request the period cannot be made from; `field` is the query parameter to name in a 400. */
export class StatementPeriodError extends Error {
  readonly field: string
  constructor(field: string, message: string) {
    super(message)
    this.name = "StatementPeriodError"
    this.field = field
  }
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/
const DAY_MS = 24 * 60 * 60 * 1000

/**
 * A statement bound from query text: an ISO 8601 date or date-time
 * (`parseIsoDate`); a bare date `to` means the end of that day. Null when the
 * text is not a date.
 */
export function parseStatementBound(value: string, bound: "from" | "to"): Date | null {
  const text = value.trim()
  const date = parseIsoDate(text)
  if (!date) return null
  return bound === "to" && DATE_ONLY.test(text) ? new Date(date.getTime() + DAY_MS - 1) : date
}

export type StatementPeriodRequest = {
  period?: StatementPeriodKind
  from?: Date | null
  to?: Date | null
}

export type StatementPeriod = {
  kind: StatementPeriodKind
  /** null: from the first entry (all time), or — since_zero — until the zero point is known */
  from: Date | null
  to: Date
}

/**
 * The period of a request. Without `period`, a `from` makes it a range and
 * its absence "all time"; `to` defaults to `now`. A range needs `from`; "all
 * time" and "since zero" find their own start, so a `from` with them is an
 * error rather than silently ignored. `from` after `to` is an error.
 */
export function resolveStatementPeriod(request: StatementPeriodRequest, now: Date): StatementPeriod {
  const kind: StatementPeriodKind = request.period ?? (request.from ? "range" : "all_time")
  if (!(STATEMENT_PERIODS as readonly string[]).includes(kind)) {
    throw new StatementPeriodError("period", `period must be one of: ${STATEMENT_PERIODS.join(", ")}`)
  }
  const to = request.to ?? now
  if (kind === "range" && !request.from) {
    throw new StatementPeriodError("from", "from is required for a statement of a date range (period=range)")
  }
  if (kind !== "range" && request.from) {
    throw new StatementPeriodError("from", `from cannot be given with period=${kind}: that period finds its own start`)
  }
  const from = kind === "range" ? request.from! : null
  if (from && from.getTime() > to.getTime()) {
    throw new StatementPeriodError("from", "from must not be after to")
  }
  return { kind, from, to }
}
