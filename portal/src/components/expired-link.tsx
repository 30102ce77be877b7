import { Container, Text } from "@medusajs/ui"
import type { ReactNode } from "react"
import { Link } from "react-router-dom"
import { config } from "../config"
import { PageHeading } from "./page-heading"
import { PublicLayout } from "./public-layout"

/**
 * The page an emailed link leads to when it cannot be used any more
 * (unknown, used, expired, replaced): says so, and how to get a new one —
 * `action` when the portal can send one itself, else the business's email.
 */
export function ExpiredLinkPage({
  title = "This link has expired",
  children,
  action,
}: {
  title?: string
  children: ReactNode
  action?: ReactNode
}) {
  return (
    <PublicLayout>
      <PageHeading>{title}</PageHeading>
      <Container className="flex flex-col gap-y-4 px-5 py-6 sm:px-6">
        <Text>{children}</Text>
        {action}
        <Link to="/sign-in" className="portal-link txt-compact-small-plus w-fit">
          Go to sign in
        </Link>
      </Container>
    </PublicLayout>
  )
}

/** "Email support@… and ask for a new one", or words without an address when the business gave none. */
export function AskSupport({ what, midSentence = false }: { what: string; midSentence?: boolean }) {
  if (!config.support_email) {
    return <>{midSentence ? "please" : "Please"} contact {config.business_name || "us"} and ask for {what}.</>
  }
  return (
    <>
      {midSentence ? "email" : "Email"}{" "}
      <a className="portal-link" href={`mailto:${config.support_email}`}>
        {config.support_email}
      </a>{" "}
      and ask for {what}.
    </>
  )
}
