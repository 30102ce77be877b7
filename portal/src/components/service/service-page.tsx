import { Alert, Container } from "@medusajs/ui"
import { useState } from "react"
import { useAccount } from "../../api/account"
import type { BillingAccount, ServiceRequestKind } from "../../api/types"
import { useDocumentTitle } from "../../lib/use-document-title"
import { PageHeading } from "../page-heading"
import { LABELS, ServiceForm } from "./service-form"
import { ServiceThreads } from "./service-threads"

const TEXT = {
  note: {
    title: "Service notes",
    description: "Leave a note for us about your account or a visit. We read every note.",
    formHeading: "Write a note",
    listHeading: "Your notes",
  },
  request: {
    title: "Service requests",
    description: "Ask for a visit, a repair or a change to your service. Follow its status and our replies here.",
    formHeading: "New request",
    listHeading: "Your requests",
  },
} as const

/** Service notes and Service requests: the form, then the threads (newest first). */
export function ServicePage({ kind }: { kind: ServiceRequestKind }) {
  // the app shell renders pages only once the account is loaded
  const { settings } = useAccount().data as BillingAccount
  const text = TEXT[kind]
  useDocumentTitle(text.title, settings.business_name)
  const [sent, setSent] = useState<string | null>(null)
  const businessName = settings.business_name || "us"

  return (
    <>
      <PageHeading description={text.description}>{text.title}</PageHeading>
      <div className="grid grid-cols-1 gap-8 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <section aria-labelledby={`${kind}-form-heading`}>
          <h2 id={`${kind}-form-heading`} className="h2-core text-portal-on-background mb-3">
            {text.formHeading}
          </h2>
          <Container className="px-4 py-5 sm:px-6">
            <div role="status" aria-live="polite">
              {sent && (
                <Alert variant="success" className="mb-4">
                  {sent}
                </Alert>
              )}
            </div>
            <ServiceForm
              kind={kind}
              invoicesOn={settings.tabs.invoices}
              onSent={() => setSent(LABELS[kind].sent)}
            />
          </Container>
        </section>
        <section aria-labelledby={`${kind}-list-heading`}>
          <h2 id={`${kind}-list-heading`} className="h2-core text-portal-on-background mb-3">
            {text.listHeading}
          </h2>
          <ServiceThreads kind={kind} businessName={businessName} invoicesOn={settings.tabs.invoices} headingId={`${kind}-list-heading`} />
        </section>
      </div>
    </>
  )
}
