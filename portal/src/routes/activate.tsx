import { zodResolver } from "@hookform/resolvers/zod"
import { Alert, Container } from "@medusajs/ui"
import { useForm } from "react-hook-form"
import { Link, Navigate } from "react-router-dom"
import { useAcceptInvitation, useInvitation } from "../api/public-account"
import { AskSupport, ExpiredLinkPage } from "../components/expired-link"
import { NewPasswordFields } from "../components/new-password-fields"
import { PageHeading } from "../components/page-heading"
import { ErrorState, LoadingState } from "../components/page-state"
import { PublicLayout } from "../components/public-layout"
import { ThemedButton } from "../components/themed-button"
import { config } from "../config"
import { errorMessage } from "../lib/errors"
import { statusOf, useFragmentParams } from "../lib/fragment"
import { NewPasswordSchema, type NewPasswordValues } from "../lib/password-form"
import { useDocumentTitle } from "../lib/use-document-title"

/**
 * The invitation email's link, `/activate#invitation=<token>` (DESIGN sec.
 * 13): whose invitation it is, a password for them, "Sign Up", then signed
 * in on Home. The token leaves the address bar as soon as it is read.
 */
export default function ActivatePage() {
  useDocumentTitle("Activate your account")
  const token = useFragmentParams().get("invitation")
  const invitation = useInvitation(token)
  const accept = useAcceptInvitation(token ?? "")

  if (accept.isSuccess) return <Navigate to="/" replace />
  if (!token) return <ExpiredInvitation reason="incomplete" />
  if (invitation.isPending) {
    return (
      <PublicLayout>
        <LoadingState label="Checking your invitation…" />
      </PublicLayout>
    )
  }
  const refused = invitation.error ?? (accept.isError ? accept.error : null)
  const status = statusOf(refused)
  if (status === 404) return <ExpiredInvitation reason="expired" />
  if (status === 403) return <LoginsDisabled message={errorMessage(refused)} />
  if (invitation.isError) {
    return (
      <PublicLayout>
        <PageHeading>Activate your account</PageHeading>
        <ErrorState error={invitation.error} title="Your invitation could not be checked" onRetry={() => invitation.refetch()} />
      </PublicLayout>
    )
  }
  return <ActivateForm invitation={invitation.data} accept={accept} />
}

function ActivateForm({
  invitation,
  accept,
}: {
  invitation: { email: string; first_name: string | null }
  accept: ReturnType<typeof useAcceptInvitation>
}) {
  const form = useForm<NewPasswordValues>({
    resolver: zodResolver(NewPasswordSchema),
    defaultValues: { password: "", confirm: "" },
  })
  const errors = form.formState.errors
  const status = statusOf(accept.error)
  // a 400 names the password (its length); anything else is about the invitation or the server
  const passwordError = errors.password?.message ?? (accept.isError && status === 400 ? errorMessage(accept.error) : undefined)
  const formError = accept.isError && status !== 400 ? accept.error : null

  const onSubmit = form.handleSubmit(({ password }) => accept.mutate(password))

  return (
    <PublicLayout>
      <PageHeading description={<>Create a password for {invitation.email} to see and pay your bills{config.business_name ? ` from ${config.business_name}` : ""}.</>}>
        {invitation.first_name ? `Welcome, ${invitation.first_name}` : "Welcome"}
      </PageHeading>
      <Container className="px-5 py-6 sm:px-6">
        <form noValidate onSubmit={onSubmit} className="flex flex-col gap-y-4" aria-describedby={formError ? "activate-error" : undefined}>
          <NewPasswordFields form={form} email={invitation.email} passwordError={passwordError} />
          {formError && (
            <Alert variant="error" id="activate-error" role="alert">
              {errorMessage(formError)}
              {status === 409 && (
                <>
                  {" "}
                  <Link to="/sign-in" className="portal-link">Sign in</Link> or{" "}
                  <Link to="/forgot-password" state={{ email: invitation.email }} className="portal-link">reset your password</Link>.
                </>
              )}
            </Alert>
          )}
          <ThemedButton type="submit" size="large" className="w-full" isLoading={accept.isPending}>
            Sign Up
          </ThemedButton>
        </form>
      </Container>
    </PublicLayout>
  )
}

function ExpiredInvitation({ reason }: { reason: "incomplete" | "expired" }) {
  if (reason === "incomplete") {
    return (
      <ExpiredLinkPage title="This link is incomplete">
        The link you opened is missing its invitation code. Open the link in your invitation email again, or copy the whole
        address into the browser. If it still does not work, <AskSupport midSentence what="a new invitation" />
      </ExpiredLinkPage>
    )
  }
  return (
    <ExpiredLinkPage title="This invitation link has expired">
      Invitation links work once and for a limited time, and a newer invitation replaces an older one. If you already created
      your password, sign in. To get a new link, <AskSupport midSentence what="a new invitation" />
    </ExpiredLinkPage>
  )
}

function LoginsDisabled({ message }: { message: string }) {
  return (
    <ExpiredLinkPage title="Sign-ups are switched off">
      {message}. {config.business_name || "The business"} does not offer portal logins at the moment. <AskSupport what="another way to see and pay your bills" />
    </ExpiredLinkPage>
  )
}
