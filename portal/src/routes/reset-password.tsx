import { zodResolver } from "@hookform/resolvers/zod"
import { Alert, Container } from "@medusajs/ui"
import { useForm } from "react-hook-form"
import { Navigate, useNavigate } from "react-router-dom"
import { useUpdatePassword } from "../api/public-account"
import { ExpiredLinkPage } from "../components/expired-link"
import { NewPasswordFields } from "../components/new-password-fields"
import { PageHeading } from "../components/page-heading"
import { PublicLayout } from "../components/public-layout"
import { ThemedButton } from "../components/themed-button"
import { errorMessage } from "../lib/errors"
import { statusOf, useFragmentParams } from "../lib/fragment"
import { NewPasswordSchema, type NewPasswordValues } from "../lib/password-form"
import { useDocumentTitle } from "../lib/use-document-title"

/**
 * The reset email's link, `/reset-password#token=…&email=…`: a new password
 * through Medusa's `POST /auth/customer/emailpass/update` (the token as
 * bearer), then the sign-in page saying it was changed. An expired or used
 * token (401) offers "Email me a new link" with the address filled in.
 */
export default function ResetPasswordPage() {
  useDocumentTitle("Set a new password")
  const fragment = useFragmentParams()
  const token = fragment.get("token")
  const email = fragment.get("email") ?? ""
  const update = useUpdatePassword()
  const form = useForm<NewPasswordValues>({
    resolver: zodResolver(NewPasswordSchema),
    defaultValues: { password: "", confirm: "" },
  })
  const errors = form.formState.errors
  const status = statusOf(update.error)

  if (update.isSuccess) return <Navigate to="/sign-in" replace state={{ passwordChanged: true, email }} />
  if (!token || !email) return <ExpiredReset email={email} incomplete />
  if (status === 401) return <ExpiredReset email={email} />

  const onSubmit = form.handleSubmit(({ password }) => update.mutate({ email, password, token }))
  const passwordError = errors.password?.message ?? (status === 400 ? errorMessage(update.error) : undefined)
  const formError = update.isError && status !== 400 ? update.error : null

  return (
    <PublicLayout>
      <PageHeading description={<>Choose a new password for {email}.</>}>Set a new password</PageHeading>
      <Container className="px-5 py-6 sm:px-6">
        <form noValidate onSubmit={onSubmit} className="flex flex-col gap-y-4" aria-describedby={formError ? "reset-error" : undefined}>
          <NewPasswordFields form={form} email={email} passwordError={passwordError} passwordLabel="New password" />
          {formError && (
            <Alert variant="error" id="reset-error" role="alert">
              {errorMessage(formError)}
            </Alert>
          )}
          <ThemedButton type="submit" size="large" className="w-full" isLoading={update.isPending}>
            Change password
          </ThemedButton>
        </form>
      </Container>
    </PublicLayout>
  )
}

function ExpiredReset({ email, incomplete = false }: { email: string; incomplete?: boolean }) {
  const navigate = useNavigate()
  return (
    <ExpiredLinkPage
      title={incomplete ? "This link is incomplete" : "This link has expired"}
      action={
        <ThemedButton
          type="button"
          size="large"
          className="w-full"
          onClick={() => navigate("/forgot-password", { state: email ? { email } : undefined })}
        >
          Email me a new link
        </ThemedButton>
      }
    >
      {incomplete
        ? "The link you opened is missing part of its address. Open the link in your email again, or ask for a new one."
        : "Password links work for 15 minutes. Ask for a new one and use it right away."}
    </ExpiredLinkPage>
  )
}
