import { Text } from "@medusajs/ui"
import type { UseFormReturn } from "react-hook-form"
import { PASSWORD_HINT, type NewPasswordValues } from "../lib/password-form"
import { FormField } from "./form-field"

/**
 * The email (read only: whose account it is), a new password with the
 * server's rule beside it, and its confirmation — as Activate and Reset
 * password ask for them. `passwordError`: the form's or the API's word on the password.
 */
export function NewPasswordFields({
  form,
  email,
  passwordError,
  passwordLabel = "Password",
}: {
  form: UseFormReturn<NewPasswordValues>
  email: string
  passwordError?: string
  passwordLabel?: string
}) {
  return (
    <>
      <FormField id="email" label="Email" type="email" autoComplete="username" value={email} readOnly />
      <FormField
        id="password"
        label={passwordLabel}
        type="password"
        autoComplete="new-password"
        error={passwordError}
        labelAside={<Text size="small" className="text-ui-fg-subtle">{PASSWORD_HINT}</Text>}
        {...form.register("password")}
      />
      <FormField
        id="confirm"
        label={`Confirm ${passwordLabel.toLowerCase()}`}
        type="password"
        autoComplete="new-password"
        error={form.formState.errors.confirm?.message}
        {...form.register("confirm")}
      />
    </>
  )
}
