import { z } from "@medusajs/framework/zod"
import { pastDueCutoff } from "../../../../domain/invoice-status"
import { isoDate } from "../../../utils/validators"

/** The most any time zone is behind UTC (UTC−12). */
const BEHIND_UTC_MS = 12 * 60 * 60 * 1000

export const AdminGetAgingReport = z
  .object({
    /**
     * The moment the invoices' amounts due are aged at (default: now). They
     * are the amounts as they stand now, so a date before today (the caller's
     * today, in any time zone: from UTC−12) would count invoices issued and
     * payments made since; a later one projects them.
     */
    as_of: isoDate("as_of")
      .refine((d) => d.getTime() >= pastDueCutoff(new Date(Date.now() - BEHIND_UTC_MS), "UTC").getTime(), {
        message:
          "as_of cannot be before today: the report ages the invoices' amounts due as they are now; leave it out for today, or give a later date to see them aged by then",
      })
      .optional(),
    currency_code: z.string().regex(/^[a-zA-Z]{3}$/, "currency_code must be a 3-letter ISO code").optional(),
    customer_id: z.string().trim().min(1).optional(),
  })
  .strict()
export type AdminGetAgingReportType = z.infer<typeof AdminGetAgingReport>
