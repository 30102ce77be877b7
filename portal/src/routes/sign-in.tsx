import { zodResolver } from "@hookform/resolvers/zod"
import { Alert, Container } from "@medusajs/ui"
import { useForm } from "react-hook-form"
import { Link, Navigate, useLocation, type Location } from "react-router-dom"
import * as z from "zod/mini"
import { useSessionToken, useSignIn, useSignOutNotice } from "../api/session"
import { FormField } from "../components/form-field"
import { PageHeading } from "../components/page-heading"
import { PublicLayout } from "../components/public-layout"
import { ThemedButton } from "../components/themed-button"
import { config } from "../config"
import { errorMessage } from "../lib/errors"
import { useDocumentTitle } from "../lib/use-document-title"

/** The body of POST /auth/customer/emailpass (zod/mini: the same checks at a fraction of the first load). */
const SignInSchema = z.object({
  email: z
    .string()
    .check(z.trim(), z.minLength(1, "Enter your email address"), z.regex(z.regexes.email, "Enter a valid email address")),
  password: z.string().check(z.minLength(1, "Enter your password")),
})
type SignInValues = z.infer<typeof SignInSchema>

function returnPath(state: unknown): string {
  const from = (state as { from?: Location } | null)?.from
  if (!from || from.pathname.startsWith("/sign-in")) return "/"
  return `${from.pathname}${from.search}${from.hash}`
}

export default function SignInPage() {
  useDocumentTitle("Sign in")
  const location = useLocation()
  const token = useSessionToken()
  const notice = useSignOutNotice()
  const signIn = useSignIn()
  // from the reset-password page: the password was just changed
  const reset = location.state as { passwordChanged?: boolean; email?: string } | null
  const form = useForm<SignInValues>({
    resolver: zodResolver(SignInSchema),
    defaultValues: { email: typeof reset?.email === "string" ? reset.email : "", password: "" },
  })
  const errors = form.formState.errors

  if (token.data) return <Navigate to={returnPath(location.state)} replace />

  const onSubmit = form.handleSubmit((values) => signIn.mutate(values))

  return (
    <PublicLayout>
      <PageHeading
        description={config.business_name ? `View and pay your bills from ${config.business_name}.` : "View and pay your bills."}
      >
        Sign in
      </PageHeading>
      <Container className="px-5 py-6 sm:px-6">
        {reset?.passwordChanged && !signIn.isPending && (
          <Alert variant="success" className="mb-4">
            Your password was changed. Sign in with your new password.
          </Alert>
        )}
        {notice.data === "signed_out" && !signIn.isPending && (
          <Alert variant="success" className="mb-4">
            You have signed out.
          </Alert>
        )}
        {notice.data === "expired" && !signIn.isPending && (
          <Alert variant="info" className="mb-4">
            Your session has ended. Please sign in again.
          </Alert>
        )}
        {notice.data === "access_off" && !signIn.isPending && (
          <Alert variant="warning" className="mb-4">
            Your access to this billing portal has been turned off. Please contact us if you think this is a mistake.
          </Alert>
        )}
        {notice.data === "account_gone" && !signIn.isPending && (
          <Alert variant="warning" className="mb-4">
            This account is no longer available. Please contact us if you think this is a mistake.
          </Alert>
        )}
        <form noValidate onSubmit={onSubmit} className="flex flex-col gap-y-4" aria-describedby={signIn.isError ? "sign-in-error" : undefined}>
          <FormField
            id="email"
            label="Email"
            type="email"
            autoComplete="email"
            inputMode="email"
            error={errors.email?.message}
            {...form.register("email")}
          />
          <FormField
            id="password"
            label="Password"
            type="password"
            autoComplete="current-password"
            error={errors.password?.message}
            labelAside={
              <Link to="/forgot-password" className="portal-link txt-compact-small">
                Forgot password?
              </Link>
            }
            {...form.register("password")}
          />
          {signIn.isError && (
            <Alert variant="error" id="sign-in-error" role="alert">
              {errorMessage(signIn.error)}
            </Alert>
          )}
          <ThemedButton type="submit" size="large" className="w-full" isLoading={signIn.isPending}>
            Sign in
          </ThemedButton>
        </form>
      </Container>
    </PublicLayout>
  )
}
