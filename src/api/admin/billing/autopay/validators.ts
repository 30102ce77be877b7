import { z } from "@medusajs/framework/zod"
import { oneOf, pagination } from "../../../utils/validators"

export const AdminGetAutopay = z
  .object({
    customer_id: z.string().min(1).optional(),
    status: oneOf("status", ["active", "paused", "canceled"] as const).optional(),
    ...pagination,
  })
  .strict()
export type AdminGetAutopayType = z.infer<typeof AdminGetAutopay>

export const AdminRunAutopay = z.object({ customer_id: z.string().min(1).optional() }).strict()
export type AdminRunAutopayType = z.infer<typeof AdminRunAutopay>

export const AdminCancelAutopay = z.object({}).strict()
