import { Container, Text } from "@medusajs/ui"
import { useAccount } from "../api/account"
import { PageHeading } from "../components/page-heading"
import { useDocumentTitle } from "../lib/use-document-title"

/**
 * A tab the business has on whose page the portal does not have yet (they
 * arrive page by page, DESIGN sec. 13). It says so plainly instead of
 * pretending.
 */
export default function ComingSoonPage({ title }: { title: string }) {
  const { data: account } = useAccount()
  const label = title
  useDocumentTitle(label, account?.settings.business_name)
  const supportEmail = account?.settings.support_email
  return (
    <>
      <PageHeading>{label}</PageHeading>
      <Container>
        <Text>
          This page is not in the portal yet.
          {supportEmail ? (
            <>
              {" "}
              Until it is, email{" "}
              <a className="portal-link" href={`mailto:${supportEmail}`}>
                {supportEmail}
              </a>{" "}
              and we will help.
            </>
          ) : null}
        </Text>
      </Container>
    </>
  )
}
