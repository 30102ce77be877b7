import { Container, Text } from "@medusajs/ui"
import { Link, useLocation } from "react-router-dom"
import { PageHeading } from "../components/page-heading"
import { useDocumentTitle } from "../lib/use-document-title"

export function NotFoundPage() {
  const location = useLocation()
  useDocumentTitle("Page not found")
  return (
    <>
      <PageHeading>Page not found</PageHeading>
      <Container className="flex flex-col gap-y-3">
        <Text>
          There is no page at <code className="txt-compact-small break-all">{location.pathname}</code> in this portal.
          The link may be old or mistyped.
        </Text>
        <Link to="/" className="portal-link txt-compact-small-plus w-fit">
          Go to the start page
        </Link>
      </Container>
    </>
  )
}
