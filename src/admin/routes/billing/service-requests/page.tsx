import { defineRouteConfig } from "@medusajs/admin-sdk"
import {
  Button,
  Container,
  Drawer,
  Heading,
  Input,
  Label,
  Select,
  StatusBadge,
  Table,
  Text,
  Textarea,
} from "@medusajs/ui"
import { useState } from "react"
import {
  type ServiceRequest,
  useCloseServiceRequest,
  useReplyServiceRequest,
  useServiceRequest,
  useServiceRequests,
} from "../../../lib/hooks/service-requests"
import { adminHref, Pager, replaceSearch, useUrlFilters } from "../../../lib/pager"
import { withBillingQuery } from "../../../lib/query"
import { errorMessage } from "../../../lib/sdk"

const PAGE_SIZE = 20
const KINDS = ["all", "note", "request"] as const
const STATUSES = ["all", "open", "in_progress", "closed"] as const
const STATUS_LABELS: Record<string, string> = { open: "Open", in_progress: "In progress", closed: "Closed" }
const STATUS_COLORS: Record<string, "orange" | "blue" | "grey"> = { open: "orange", in_progress: "blue", closed: "grey" }

const formatDate = (value: string | null) => (value ? new Date(value).toLocaleString() : "—")

const StatusCell = ({ status }: { status: string }) => (
  <StatusBadge color={STATUS_COLORS[status] ?? "grey"}>{STATUS_LABELS[status] ?? status}</StatusBadge>
)

/** The open request (`?id=` in the URL): its message, the last reply, and the reply form. */
const ServiceRequestDrawer = ({ id, fallback, onClose }: { id: string | null; fallback?: ServiceRequest; onClose: () => void }) => {
  const detail = useServiceRequest(id)
  const request = detail.data?.service_request ?? (fallback?.id === id ? fallback : undefined) ?? null

  return (
    <Drawer open={!!id} onOpenChange={(open) => !open && onClose()}>
      <Drawer.Content>
        <Drawer.Header>
          <Drawer.Title>{request ? `Service ${request.kind}: ${request.subject}` : "Service request"}</Drawer.Title>
        </Drawer.Header>
        {detail.error && !request && (
          <Drawer.Body>
            <Text className="text-ui-fg-error">{errorMessage(detail.error)}</Text>
          </Drawer.Body>
        )}
        {/* keyed by the request: another request starts with an empty reply */}
        {request && <ServiceRequestBody key={request.id} request={request} />}
      </Drawer.Content>
    </Drawer>
  )
}

const ServiceRequestBody = ({ request }: { request: ServiceRequest }) => {
  const [reply, setReply] = useState("")
  const [replyStatus, setReplyStatus] = useState<"in_progress" | "closed">(
    request.status === "closed" ? "closed" : "in_progress"
  )
  const replyMutation = useReplyServiceRequest()
  const closeMutation = useCloseServiceRequest()
  const busy = replyMutation.isPending || closeMutation.isPending
  const error = replyMutation.error ?? closeMutation.error

  return (
    <>
      <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto">
        <div className="flex items-center gap-2">
          <StatusCell status={request.status} />
          <Text size="small" className="text-ui-fg-subtle">
            {formatDate(request.created_at)}
          </Text>
        </div>
        <div>
          <Label>Customer</Label>
          <Text>
            <a className="text-ui-fg-interactive-hover hover:underline" href={adminHref(`/customers/${request.customer_id}`)}>
              {request.customer?.name ?? request.customer_id}
            </a>
            {request.customer?.email ? ` (${request.customer.email})` : ""}
          </Text>
        </div>
        {(request.preferred_date || request.invoice_number) && (
          <div className="flex gap-8">
            {request.preferred_date && (
              <div>
                <Label>Preferred date</Label>
                <Text>{request.preferred_date}</Text>
              </div>
            )}
            {request.invoice_number && (
              <div>
                <Label>Invoice</Label>
                <Text>
                  {request.invoice_id ? (
                    <a className="text-ui-fg-interactive-hover hover:underline" href={adminHref(`/billing/invoices/${request.invoice_id}`)}>
                      {request.invoice_number}
                    </a>
                  ) : (
                    request.invoice_number
                  )}
                </Text>
              </div>
            )}
          </div>
        )}
        <div>
          <Label>Message</Label>
          <Text className="whitespace-pre-wrap">{request.message}</Text>
        </div>
        {request.admin_reply && (
          <div>
            <Label>Your reply ({formatDate(request.replied_at)})</Label>
            <Text className="whitespace-pre-wrap">{request.admin_reply}</Text>
          </div>
        )}
        <div className="flex flex-col gap-y-2">
          <Label htmlFor="service-request-reply">Reply to the customer (emailed)</Label>
          <Textarea
            id="service-request-reply"
            rows={5}
            value={reply}
            maxLength={5000}
            aria-invalid={!!replyMutation.error}
            aria-describedby={replyMutation.error ? "service-request-reply-error" : undefined}
            onChange={(e) => setReply(e.target.value)}
          />
          <Select value={replyStatus} onValueChange={(v) => setReplyStatus(v as "in_progress" | "closed")}>
            <Select.Trigger aria-label="Status after the reply">
              <Select.Value />
            </Select.Trigger>
            <Select.Content>
              <Select.Item value="in_progress">Set to in progress</Select.Item>
              <Select.Item value="closed">Set to closed</Select.Item>
            </Select.Content>
          </Select>
        </div>
        {error && (
          <Text id="service-request-reply-error" className="text-ui-fg-error">
            {errorMessage(error)}
          </Text>
        )}
      </Drawer.Body>
      <Drawer.Footer>
        <Button
          variant="secondary"
          disabled={busy || request.status === "closed"}
          isLoading={closeMutation.isPending}
          onClick={() => closeMutation.mutate({ id: request.id, body: {} })}
        >
          Close request
        </Button>
        <Button
          disabled={busy || !reply.trim()}
          isLoading={replyMutation.isPending}
          onClick={() =>
            replyMutation.mutate(
              { id: request.id, body: { message: reply, status: replyStatus } },
              { onSuccess: () => setReply("") }
            )
          }
        >
          Send reply
        </Button>
      </Drawer.Footer>
    </>
  )
}

const ServiceRequestsPage = () => {
  const { filters, setFilters, page, setPage } = useUrlFilters()
  const kind = (KINDS as readonly string[]).includes(filters.get("kind") ?? "") ? filters.get("kind")! : "all"
  // open requests first: a missing ?status= is "open", ?status=all shows every status
  const status = (STATUSES as readonly string[]).includes(filters.get("status") ?? "") ? filters.get("status")! : "open"
  const q = filters.get("q") ?? ""
  const selectedId = filters.get("id")

  const list = useServiceRequests({
    limit: PAGE_SIZE,
    offset: page * PAGE_SIZE,
    kind: kind === "all" ? undefined : (kind as "note" | "request"),
    status: status === "all" ? undefined : (status as ServiceRequest["status"]),
    q: q.trim() || undefined,
  })
  const rows = list.data?.service_requests ?? []
  const count = list.data?.count ?? 0
  const error = list.error ? errorMessage(list.error) : null
  // opening a request keeps the filters and page: only ?id= changes
  const open = (id: string | null) =>
    replaceSearch((params) => {
      if (id) params.set("id", id)
      else params.delete("id")
    })

  const filter = (label: string, value: string, values: readonly string[], set: (v: string) => void) => (
    <Select
      size="small"
      value={value}
      onValueChange={(v) => set(v)}
    >
      <Select.Trigger aria-label={label} className="w-40">
        <Select.Value />
      </Select.Trigger>
      <Select.Content>
        {values.map((v) => (
          <Select.Item key={v} value={v}>
            {v === "all" ? `All ${label}` : STATUS_LABELS[v] ?? `${v[0].toUpperCase()}${v.slice(1)}s`}
          </Select.Item>
        ))}
      </Select.Content>
    </Select>
  )

  return (
    <Container className="divide-y p-0">
      <div className="flex flex-col gap-y-3 px-6 py-4">
        <Heading level="h1">Service notes and requests</Heading>
        <div className="flex flex-wrap items-center gap-3">
          <Input
            size="small"
            className="w-full sm:w-72"
            placeholder="Search subject, message or customer"
            aria-label="Search service requests"
            value={q}
            onChange={(e) => setFilters({ q: e.target.value })}
          />
          {filter("kinds", kind, KINDS, (v) => setFilters({ kind: v === "all" ? undefined : v }))}
          {filter("statuses", status, STATUSES, (v) => setFilters({ status: v === "open" ? undefined : v }))}
        </div>
      </div>
      {error && <Text className="px-6 py-4 text-ui-fg-error">{error}</Text>}
      <Table>
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell>Received</Table.HeaderCell>
            <Table.HeaderCell>Kind</Table.HeaderCell>
            <Table.HeaderCell>Subject</Table.HeaderCell>
            <Table.HeaderCell>Customer</Table.HeaderCell>
            <Table.HeaderCell>Preferred date</Table.HeaderCell>
            <Table.HeaderCell>Status</Table.HeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {rows.map((r) => (
            <Table.Row key={r.id} className="cursor-pointer" onClick={() => open(r.id)}>
              <Table.Cell>{formatDate(r.created_at)}</Table.Cell>
              <Table.Cell>{r.kind === "note" ? "Note" : "Request"}</Table.Cell>
              <Table.Cell>
                {/* the keyboard's way in: the row's click is the mouse's */}
                <button
                  type="button"
                  className="text-ui-fg-base txt-compact-small text-left hover:underline focus-visible:underline"
                  onClick={(e) => {
                    e.stopPropagation()
                    open(r.id)
                  }}
                >
                  {r.subject}
                </button>
              </Table.Cell>
              <Table.Cell>{r.customer?.name ?? r.customer_id}</Table.Cell>
              <Table.Cell>{r.preferred_date ?? "—"}</Table.Cell>
              <Table.Cell>
                <StatusCell status={r.status} />
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
      {!rows.length && !error && <Text className="px-6 py-4 text-ui-fg-subtle">Nothing here.</Text>}
      <Pager count={count} page={page} pageSize={PAGE_SIZE} setPage={setPage} />
      <ServiceRequestDrawer
        id={selectedId}
        fallback={rows.find((r) => r.id === selectedId)}
        onClose={() => open(null)}
      />
    </Container>
  )
}

export const config = defineRouteConfig({
  label: "Service requests",
})

export default withBillingQuery(ServiceRequestsPage)
