import { z } from "@medusajs/framework/zod"
import { isoDate } from "../../../utils/validators"

export const AdminGetAgingReport = z
  .object({
    /** the day the report is computed for (default: now) */
    as_of: isoDate("as_of").optional(),
    currency_code: z.string().regex(/^[a-zA-Z]{3}$/, "currency_code must be a 3-letter ISO code").optional(),
    customer_id: z.string().trim().min(1).optional(),
  })
  .strict()
export type AdminGetAgingReportType = z.infer<typeof AdminGetAgingReport>
