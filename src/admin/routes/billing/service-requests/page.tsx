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
import { useCallback, useEffect, useState } from "react"
import { Pager } from "../../../lib/pager"
import { adminGet, adminPost } from "../../../lib/api"

const PAGE_SIZE = 20
const KINDS = ["all", "note", "request"] as const
const STATUSES = ["all", "open", "in_progress", "closed"] as const
const STATUS_LABELS: Record<string, string> = { open: "Open", in_progress: "In progress", closed: "Closed" }
const STATUS_COLORS: Record<string, "orange" | "blue" | "grey"> = { open: "orange", in_progress: "blue", closed: "grey" }

type ServiceRequestRow = {
  id: string
  kind: "note" | "request"
  subject: string
  message: string
  preferred_date: string | null
  invoice_id: string | null
  invoice_number: string | null
  status: "open" | "in_progress" | "closed"
  admin_reply: string | null
  replied_at: string | null
  closed_at: string | null
  created_at: string
  customer_id: string
  customer: { id: string; email: string | null; name: string } | null
}

const formatDate = (value: string | null) => (value ? new Date(value).toLocaleString() : "—")

const StatusCell = ({ status }: { status: string }) => (
  <StatusBadge color={STATUS_COLORS[status] ?? "grey"}>{STATUS_LABELS[status] ?? status}</StatusBadge>
)

const ServiceRequestDrawer = ({
  request,
  onClose,
  onChanged,
}: {
  request: ServiceRequestRow | null
  onClose: () => void
  onChanged: (updated: ServiceRequestRow) => void
}) => {
  const [reply, setReply] = useState("")
  const [replyStatus, setReplyStatus] = useState<"in_progress" | "closed">("in_progress")
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    setReply("")
    setError(null)
    setReplyStatus(request?.status === "closed" ? "closed" : "in_progress")
  }, [request?.id])

  const run = async (action: () => Promise<{ service_request: ServiceRequestRow }>) => {
    setBusy(true)
    setError(null)
    try {
      const { service_request } = await action()
      onChanged(service_request)
      setReply("")
    } catch (e: any) {
      setError(e.message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Drawer open={!!request} onOpenChange={(open) => !open && onClose()}>
      <Drawer.Content>
        <Drawer.Header>
          <Drawer.Title>{request ? `Service ${request.kind}: ${request.subject}` : ""}</Drawer.Title>
        </Drawer.Header>
        {request && (
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
                <a className="text-ui-fg-interactive" href={`/app/customers/${request.customer_id}`}>
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
                    <Text>{request.invoice_number}</Text>
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
                onChange={(e) => setReply(e.target.value)}
              />
              <Select value={replyStatus} onValueChange={(v) => setReplyStatus(v as "in_progress" | "closed")}>
                <Select.Trigger>
                  <Select.Value />
                </Select.Trigger>
                <Select.Content>
                  <Select.Item value="in_progress">Set to in progress</Select.Item>
                  <Select.Item value="closed">Set to closed</Select.Item>
                </Select.Content>
              </Select>
            </div>
            {error && <Text className="text-ui-fg-error">{error}</Text>}
          </Drawer.Body>
        )}
        <Drawer.Footer>
          <Button
            variant="secondary"
            disabled={busy || !request || request.status === "closed"}
            onClick={() =>
              request &&
              run(() => adminPost(`/admin/billing/service-requests/${request.id}/close`, {}))
            }
          >
            Close request
          </Button>
          <Button
            disabled={busy || !request || !reply.trim()}
            isLoading={busy}
            onClick={() =>
              request &&
              run(() =>
                adminPost(`/admin/billing/service-requests/${request.id}/reply`, {
                  message: reply,
                  status: replyStatus,
                })
              )
            }
          >
            Send reply
          </Button>
        </Drawer.Footer>
      </Drawer.Content>
    </Drawer>
  )
}

const ServiceRequestsPage = () => {
  const [rows, setRows] = useState<ServiceRequestRow[]>([])
  const [count, setCount] = useState(0)
  const [page, setPage] = useState(0)
  const [kind, setKind] = useState<string>("all")
  const [status, setStatus] = useState<string>("open")
  const [q, setQ] = useState("")
  const [error, setError] = useState<string | null>(null)
  const [selected, setSelected] = useState<ServiceRequestRow | null>(null)

  const load = useCallback(() => {
    const params = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(page * PAGE_SIZE) })
    if (kind !== "all") params.set("kind", kind)
    if (status !== "all") params.set("status", status)
    if (q.trim()) params.set("q", q.trim())
    adminGet<{ service_requests: ServiceRequestRow[]; count: number }>(`/admin/billing/service-requests?${params}`)
      .then((res) => {
        setRows(res.service_requests)
        setCount(res.count)
        setError(null)
      })
      .catch((e) => setError(e.message))
  }, [page, kind, status, q])

  useEffect(load, [load])

  const filter = (label: string, value: string, values: readonly string[], set: (v: string) => void) => (
    <Select
      size="small"
      value={value}
      onValueChange={(v) => {
        setPage(0)
        set(v)
      }}
    >
      <Select.Trigger aria-label={label}>
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
      <div className="flex items-center justify-between gap-4 px-6 py-4">
        <Heading level="h1">Service notes and requests</Heading>
        <div className="flex gap-2">
          <Input
            size="small"
            placeholder="Search subject, message or customer"
            value={q}
            onChange={(e) => {
              setPage(0)
              setQ(e.target.value)
            }}
          />
          {filter("kinds", kind, KINDS, setKind)}
          {filter("statuses", status, STATUSES, setStatus)}
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
            <Table.Row key={r.id} className="cursor-pointer" onClick={() => setSelected(r)}>
              <Table.Cell>{formatDate(r.created_at)}</Table.Cell>
              <Table.Cell>{r.kind === "note" ? "Note" : "Request"}</Table.Cell>
              <Table.Cell>{r.subject}</Table.Cell>
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
        request={selected}
        onClose={() => setSelected(null)}
        onChanged={(updated) => {
          setSelected(updated)
          load()
        }}
      />
    </Container>
  )
}

export const config = defineRouteConfig({
  label: "Service requests",
})

export default ServiceRequestsPage
