import * as z from "zod/mini"
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../../../src/domain/passwords"

/** A new password and its confirmation, with the rules the server enforces (8 to 128 characters). */
export const NewPasswordSchema = z
  .object({
    password: z
      .string()
      .check(
        z.minLength(1, "Enter a password"),
        z.minLength(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`),
        z.maxLength(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters`)
      ),
    confirm: z.string().check(z.minLength(1, "Enter the password again")),
  })
  .check(
    z.refine((v) => v.confirm === "" || v.password === v.confirm, {
      message: "The two passwords are not the same",
      path: ["confirm"],
    })
  )
export type NewPasswordValues = z.infer<typeof NewPasswordSchema>

export const PASSWORD_HINT = `At least ${PASSWORD_MIN_LENGTH} characters.`
