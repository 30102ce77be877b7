import { z } from "@medusajs/framework/zod"

import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../../../../domain/passwords"

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH }

export const StoreAcceptInvitation = z
  .object({
    // Length checks as refinements: Medusa's validation error keeps their messages
    // (it rewrites zod's own min/max messages into generic ones).
    password: z
      .string()
      .refine((v) => v.length >= PASSWORD_MIN_LENGTH, {
        message: `password must be at least ${PASSWORD_MIN_LENGTH} characters`,
      })
      .refine((v) => v.length <= PASSWORD_MAX_LENGTH, {
        message: `password must be at most ${PASSWORD_MAX_LENGTH} characters`,
      }),
  })
  .strict()
export type StoreAcceptInvitationType = z.infer<typeof StoreAcceptInvitation>
