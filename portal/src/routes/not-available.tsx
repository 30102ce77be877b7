import { Container, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { useAccount } from "../api/account"
import { PageHeading } from "../components/page-heading"
import { tabLabel, type PortalTab } from "../lib/tabs"
import { useDocumentTitle } from "../lib/use-document-title"

/** A part of the portal the business switched off (portal settings, tabs). */
export function NotAvailablePage({ tab, label }: { tab?: PortalTab; label?: string }) {
  const { data: account } = useAccount()
  useDocumentTitle("Not available", account?.settings.business_name)
  const homeOn = account?.settings.tabs.home
  return (
    <>
      <PageHeading>This section is not available</PageHeading>
      <Container className="flex flex-col gap-y-3">
        <Text>
          {tab || label ? `${label ?? tabLabel(tab!)} is` : "No section of this portal is"} not offered in this portal.
          {account?.settings.support_email ? (
            <>
              {" "}
              For help, email{" "}
              <a className="portal-link" href={`mailto:${account.settings.support_email}`}>
                {account.settings.support_email}
              </a>
              .
            </>
          ) : null}
        </Text>
        {homeOn && tab !== "home" && (
          <Link to="/" className="portal-link txt-compact-small-plus w-fit">
            Go to Home
          </Link>
        )}
      </Container>
    </>
  )
}
