import { z } from "@medusajs/framework/zod"
import {
  parseStatementBound,
  resolveStatementPeriod,
  STATEMENT_PERIODS,
  StatementPeriodError,
} from "../../domain/statement-period"
import { oneOf } from "./validators"

const bound = (field: "from" | "to") =>
  z.string().transform((value, ctx): string => {
    const date = parseStatementBound(value, field)
    if (!date) {
      ctx.addIssue({ code: "custom", message: `${field} must be an ISO 8601 date (YYYY-MM-DD or date-time)` })
      return z.NEVER
    }
    return date.toISOString()
  })

/**
 * The statement query of the store and admin routes:
 * `?from=&to=&currency_code=&period=range|all_time|since_zero`. Bounds come
 * out as ISO instants (a bare `to` date: the end of that day, UTC). A period
 * that cannot be (from after to, a range without from, a from with
 * all_time or since_zero) is a 400 naming the field, before anything runs.
 * Whose statement it is never comes from the query.
 */
export const statementQuery = () =>
  z
    .object({
      from: bound("from").optional(),
      to: bound("to").optional(),
      currency_code: z.string().regex(/^[a-zA-Z]{3}$/, "currency_code must be a 3-letter ISO code").optional(),
      period: oneOf("period", STATEMENT_PERIODS).optional(),
    })
    .strict()
    .superRefine((query, ctx) => {
      try {
        resolveStatementPeriod(
          {
            period: query.period,
            from: query.from ? new Date(query.from) : null,
            to: query.to ? new Date(query.to) : null,
          },
          new Date()
        )
      } catch (e) {
        if (e instanceof StatementPeriodError) ctx.addIssue({ code: "custom", message: e.message, path: [e.field] })
        else throw e
      }
    })
