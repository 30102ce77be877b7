import { Alert, Button, Text } from "@medusajs/ui"
import { useRouteError } from "react-router-dom"
import { PageHeading } from "../components/page-heading"
import { PublicLayout } from "../components/public-layout"
import { useDocumentTitle } from "../lib/use-document-title"

/**
 * What a page that failed to render shows instead of a blank screen: most
 * often a page's code that no longer exists on the server because the
 * portal was updated while this tab was open, which a reload fixes.
 */
export function RouteErrorPage() {
  const error = useRouteError()
  useDocumentTitle("Something went wrong")
  const message = error instanceof Error ? error.message : String(error ?? "")
  const updated = /dynamically imported module|Importing a module script failed|error loading dynamically/i.test(message)
  return (
    <PublicLayout>
      <PageHeading>Something went wrong</PageHeading>
      <Alert variant="error" role="alert" className="bg-ui-bg-base">
        <div className="flex flex-col gap-y-3">
          <Text>
            {updated
              ? "The portal was updated while this page was open. Reload the page to continue."
              : "This page could not be shown. Reload the page to try again."}
          </Text>
          <Button variant="secondary" size="small" type="button" className="w-fit" onClick={() => window.location.reload()}>
            Reload the page
          </Button>
        </div>
      </Alert>
    </PublicLayout>
  )
}
