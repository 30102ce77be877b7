import { Container, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { PageHeading } from "../components/page-heading"
import { PublicLayout } from "../components/public-layout"
import { config } from "../config"
import { useDocumentTitle } from "../lib/use-document-title"

/**
 * The address the sign-in page links to. Asking for a reset link, and the
 * reset page it leads to, come with the account pages (DESIGN sec. 13).
 */
export default function ForgotPasswordPage() {
  useDocumentTitle("Forgot password")
  return (
    <PublicLayout>
      <PageHeading>Forgot your password?</PageHeading>
      <Container className="flex flex-col gap-y-3 px-5 py-6 sm:px-6">
        <Text>
          Resetting your password from the portal is not available yet.
          {config.support_email ? (
            <>
              {" "}
              Email{" "}
              <a className="portal-link" href={`mailto:${config.support_email}`}>
                {config.support_email}
              </a>{" "}
              and we will send you a link to set a new one.
            </>
          ) : (
            " Please contact us and we will send you a link to set a new one."
          )}
        </Text>
        <Link to="/sign-in" className="portal-link txt-compact-small-plus w-fit">
          Back to sign in
        </Link>
      </Container>
    </PublicLayout>
  )
}
