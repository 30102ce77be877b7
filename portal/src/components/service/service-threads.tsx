import { Badge, Button, Container, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { useServiceRequests } from "../../api/service-requests"
import type { ServiceRequest, ServiceRequestKind, ServiceRequestStatus } from "../../api/types"
import { formatDate } from "../../lib/money"
import { PAGE_PATHS } from "../../lib/tabs"
import { ErrorState, LoadingState } from "../page-state"

const STATUS: Record<ServiceRequestStatus, { label: string; color: "blue" | "orange" | "grey" }> = {
  open: { label: "Open", color: "blue" },
  in_progress: { label: "In progress", color: "orange" },
  closed: { label: "Closed", color: "grey" },
}

export function StatusBadge({ status }: { status: ServiceRequestStatus }) {
  const { label, color } = STATUS[status]
  return (
    <Badge color={color} size="2xsmall" className="shrink-0" data-testid="service-status">
      {label}
    </Badge>
  )
}

/** A calendar date (`YYYY-MM-DD`) as the customer reads dates, without a time-zone shift. */
function formatCalendarDate(date: string): string {
  const [y, m, d] = date.split("-").map(Number)
  return new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric" }).format(new Date(y, m - 1, d))
}

/** One thread: what the customer wrote, then the business's reply. */
function Thread({ request, businessName, invoicesOn }: { request: ServiceRequest; businessName: string; invoicesOn: boolean }) {
  const headingId = `thread-${request.id}`
  return (
    <li>
      <Container className="flex flex-col gap-y-3 px-4 py-4 sm:px-6" aria-labelledby={headingId} role="article" data-testid="service-thread">
        <div className="flex items-start justify-between gap-x-3">
          <h3 id={headingId} className="txt-compact-medium-plus text-ui-fg-base min-w-0 break-words">
            {request.subject}
          </h3>
          <StatusBadge status={request.status} />
        </div>
        <Text size="small" className="text-ui-fg-subtle">
          Sent {formatDate(request.created_at)}
          {request.invoice_number && (
            <>
              {" · about "}
              {invoicesOn && request.invoice_id ? (
                <Link className="portal-link" to={PAGE_PATHS.invoice(request.invoice_id)}>
                  invoice {request.invoice_number}
                </Link>
              ) : (
                <>invoice {request.invoice_number}</>
              )}
            </>
          )}
          {request.preferred_date && <> · preferred date {formatCalendarDate(request.preferred_date)}</>}
        </Text>
        <Text className="whitespace-pre-wrap break-words">{request.message}</Text>
        {request.admin_reply ? (
          <div className="border-ui-border-strong bg-ui-bg-subtle flex flex-col gap-y-1 rounded-md border-l-4 px-3 py-2" data-testid="service-reply">
            <Text size="small" weight="plus">
              Reply from {businessName}
              {request.replied_at && <span className="text-ui-fg-subtle font-normal">, {formatDate(request.replied_at)}</span>}
            </Text>
            <Text className="whitespace-pre-wrap break-words">{request.admin_reply}</Text>
          </div>
        ) : (
          request.status !== "closed" && (
            <Text size="small" className="text-ui-fg-subtle">
              No reply yet.
            </Text>
          )
        )}
        {request.closed_at && (
          <Text size="small" className="text-ui-fg-subtle">
            Closed {formatDate(request.closed_at)}.
          </Text>
        )}
      </Container>
    </li>
  )
}

/** The customer's threads of one kind, newest first, with a page at a time. */
export function ServiceThreads({
  kind,
  businessName,
  invoicesOn,
  headingId,
}: {
  kind: ServiceRequestKind
  businessName: string
  invoicesOn: boolean
  headingId: string
}) {
  const list = useServiceRequests(kind)
  const noun = kind === "note" ? "notes" : "requests"
  if (list.isPending) return <LoadingState label={`Loading your ${noun}…`} />
  if (list.isError) return <ErrorState error={list.error} title={`Your ${noun} could not be loaded`} onRetry={() => list.refetch()} />
  const requests = list.data.pages.flatMap((page) => page.service_requests)
  if (requests.length === 0) {
    return (
      <Container className="flex flex-col gap-y-1">
        <Text weight="plus">No {noun} yet</Text>
        <Text className="text-ui-fg-subtle">
          {kind === "note"
            ? "Notes you send show here, with any reply."
            : "Requests you send show here with their status and our replies."}
        </Text>
      </Container>
    )
  }
  return (
    <div className="flex flex-col gap-y-3">
      <ul className="flex flex-col gap-y-3" aria-labelledby={headingId}>
        {requests.map((request) => (
          <Thread key={request.id} request={request} businessName={businessName} invoicesOn={invoicesOn} />
        ))}
      </ul>
      {list.hasNextPage && (
        <Button variant="secondary" type="button" className="w-full sm:w-fit" isLoading={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>
          Show older {noun}
        </Button>
      )}
    </div>
  )
}
