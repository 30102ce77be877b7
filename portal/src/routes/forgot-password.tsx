import { zodResolver } from "@hookform/resolvers/zod"
import { Alert, Container, Text } from "@medusajs/ui"
import { useForm } from "react-hook-form"
import { Link, useLocation } from "react-router-dom"
import * as z from "zod/mini"
import { useRequestPasswordReset } from "../api/public-account"
import { FormField } from "../components/form-field"
import { PageHeading } from "../components/page-heading"
import { PublicLayout } from "../components/public-layout"
import { ThemedButton } from "../components/themed-button"
import { errorMessage } from "../lib/errors"
import { useDocumentTitle } from "../lib/use-document-title"

const ForgotPasswordSchema = z.object({
  email: z
    .string()
    .check(z.trim(), z.minLength(1, "Enter your email address"), z.regex(z.regexes.email, "Enter a valid email address")),
})
type ForgotPasswordValues = z.infer<typeof ForgotPasswordSchema>

/**
 * Asks Medusa for a password-reset link (`sdk.auth.resetPassword`); the
 * plugin emails it. The answer is the same whether or not the address has a
 * login, so the page cannot be used to find out who is a customer. Opened
 * with `state.email` (from an expired reset link) the address is filled in.
 */
export default function ForgotPasswordPage() {
  useDocumentTitle("Forgot password")
  const location = useLocation()
  const given = (location.state as { email?: unknown } | null)?.email
  const request = useRequestPasswordReset()
  const form = useForm<ForgotPasswordValues>({
    resolver: zodResolver(ForgotPasswordSchema),
    defaultValues: { email: typeof given === "string" ? given : "" },
  })
  const errors = form.formState.errors
  const onSubmit = form.handleSubmit(({ email }) => request.mutate(email))

  if (request.isSuccess) {
    return (
      <PublicLayout>
        <PageHeading>Check your email</PageHeading>
        <Container className="flex flex-col gap-y-4 px-5 py-6 sm:px-6">
          <Alert variant="success" role="status">
            If an account exists for {request.variables}, we have sent it a link to set a new password.
          </Alert>
          <Text>
            The link works for 15 minutes. Nothing arrived? Check your spam folder, or{" "}
            <button type="button" className="portal-link" onClick={() => request.reset()}>
              ask for another link
            </button>
            .
          </Text>
          <Link to="/sign-in" className="portal-link txt-compact-small-plus w-fit">
            Back to sign in
          </Link>
        </Container>
      </PublicLayout>
    )
  }

  return (
    <PublicLayout>
      <PageHeading description="Enter the email address you sign in with and we will email you a link to set a new password.">
        Forgot your password?
      </PageHeading>
      <Container className="px-5 py-6 sm:px-6">
        <form noValidate onSubmit={onSubmit} className="flex flex-col gap-y-4" aria-describedby={request.isError ? "forgot-error" : undefined}>
          <FormField
            id="email"
            label="Email"
            type="email"
            autoComplete="email"
            inputMode="email"
            error={errors.email?.message}
            {...form.register("email")}
          />
          {request.isError && (
            <Alert variant="error" id="forgot-error" role="alert">
              {errorMessage(request.error)}
            </Alert>
          )}
          <ThemedButton type="submit" size="large" className="w-full" isLoading={request.isPending}>
            Email me a link
          </ThemedButton>
          <Link to="/sign-in" className="portal-link txt-compact-small-plus w-fit">
            Back to sign in
          </Link>
        </form>
      </Container>
    </PublicLayout>
  )
}
