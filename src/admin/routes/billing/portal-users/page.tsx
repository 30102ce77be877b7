import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Button, Checkbox, Container, Heading, Input, Label, Select, StatusBadge, Table, Text } from "@medusajs/ui"
import { useCallback, useEffect, useState } from "react"
import { Pager } from "../../../lib/pager"
import { adminGet, adminPost } from "../../../lib/api"

const PAGE_SIZE = 20
const STATUSES = ["all", "active", "invited", "invitation_expired", "none"] as const
const STATUS_LABELS: Record<string, string> = {
  active: "Active",
  invited: "Invited",
  invitation_expired: "Invitation expired",
  none: "No login",
}
const STATUS_COLORS: Record<string, "green" | "blue" | "orange" | "grey"> = {
  active: "green",
  invited: "blue",
  invitation_expired: "orange",
  none: "grey",
}
const REASONS: Record<string, string> = {
  not_found: "not found",
  no_email: "no email",
  has_account: "already has a login",
  logins_disabled: "portal logins are disabled",
  not_invited: "not invited before",
  no_account: "no portal login",
  no_open_invitation: "no open invitation",
}

type PortalUser = {
  customer_id: string
  email: string | null
  first_name: string | null
  last_name: string | null
  company_name: string | null
  portal_status: keyof typeof STATUS_LABELS
  invited_at: string | null
  invitation_expires_at: string | null
  last_login_at: string | null
  autopay_status: string | null
}

type Action = { path: "invite" | "resend" | "reset-password" | "revoke"; label: string; done: string }
const ACTIONS: Action[] = [
  { path: "invite", label: "Invite", done: "invited" },
  { path: "resend", label: "Resend invitation", done: "sent a new invitation" },
  { path: "reset-password", label: "Send password reset", done: "sent a password reset" },
  { path: "revoke", label: "Revoke invitation", done: "revoked" },
]

const formatDate = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString() : "—")
const displayName = (u: PortalUser) => [u.first_name, u.last_name].filter(Boolean).join(" ") || "—"

/** Billing → Portal users: who can use the portal, invitations, password resets (DESIGN sec. 8). */
const PortalUsersPage = () => {
  const [users, setUsers] = useState<PortalUser[]>([])
  const [count, setCount] = useState(0)
  const [page, setPage] = useState(0)
  const [status, setStatus] = useState<(typeof STATUSES)[number]>("all")
  const [withoutAccount, setWithoutAccount] = useState(false)
  const [q, setQ] = useState("")
  const [selected, setSelected] = useState<Set<string>>(new Set())
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)

  const load = useCallback(() => {
    const params = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(page * PAGE_SIZE) })
    if (status !== "all") params.set("status", status)
    if (withoutAccount) params.set("without_account", "true")
    if (q.trim()) params.set("q", q.trim())
    adminGet<{ portal_users: PortalUser[]; count: number }>(`/admin/billing/portal-users?${params}`)
      .then((res) => {
        setUsers(res.portal_users)
        setCount(res.count)
        setError(null)
      })
      .catch((e) => setError(e.message))
  }, [page, status, withoutAccount, q])

  useEffect(load, [load])

  const toggle = (id: string) =>
    setSelected((prev) => {
      const next = new Set(prev)
      if (next.has(id)) next.delete(id)
      else next.add(id)
      return next
    })
  const allOnPage = users.length > 0 && users.every((u) => selected.has(u.customer_id))
  const toggleAll = () =>
    setSelected((prev) => {
      const next = new Set(prev)
      for (const u of users) {
        if (allOnPage) next.delete(u.customer_id)
        else next.add(u.customer_id)
      }
      return next
    })

  const run = async (action: Action) => {
    setBusy(true)
    setMessage(null)
    setError(null)
    try {
      const res = await adminPost<any>(`/admin/billing/portal-users/${action.path}`, { customer_ids: [...selected] })
      const done = res.invited ?? res.sent ?? res.revoked ?? []
      const skipped: { customer_id: string; reason: string }[] = res.skipped ?? []
      const names = new Map(users.map((u) => [u.customer_id, u.email ?? u.customer_id]))
      const skippedText = skipped.length
        ? `; skipped ${skipped.length}: ${skipped
            .map((s) => `${names.get(s.customer_id) ?? s.customer_id} (${REASONS[s.reason] ?? s.reason})`)
            .join(", ")}`
        : ""
      setMessage(`${action.label}: ${done.length} ${action.done}${skippedText}`)
      setSelected(new Set())
      load()
    } catch (e: any) {
      setError(e.message)
    } finally {
      setBusy(false)
    }
  }

  const filtersChanged = () => {
    setPage(0)
    setSelected(new Set())
  }

  return (
    <Container className="divide-y p-0">
      <div className="flex flex-wrap items-center justify-between gap-4 px-6 py-4">
        <Heading level="h1">Portal users</Heading>
        <div className="flex flex-wrap items-center gap-3">
          <Input
            size="small"
            type="search"
            placeholder="Search name, email or company"
            value={q}
            onChange={(e) => {
              filtersChanged()
              setQ(e.target.value)
            }}
          />
          <Select
            size="small"
            value={status}
            onValueChange={(v) => {
              filtersChanged()
              setStatus(v as (typeof STATUSES)[number])
            }}
          >
            <Select.Trigger>
              <Select.Value />
            </Select.Trigger>
            <Select.Content>
              {STATUSES.map((s) => (
                <Select.Item key={s} value={s}>
                  {s === "all" ? "All statuses" : STATUS_LABELS[s]}
                </Select.Item>
              ))}
            </Select.Content>
          </Select>
          <div className="flex items-center gap-2">
            <Checkbox
              id="without-account"
              checked={withoutAccount}
              onCheckedChange={(v) => {
                filtersChanged()
                setWithoutAccount(v === true)
              }}
            />
            <Label htmlFor="without-account" size="small">
              Without an account
            </Label>
          </div>
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-2 px-6 py-3">
        <Text size="small" className="text-ui-fg-subtle mr-2">
          {selected.size} selected
        </Text>
        {ACTIONS.map((action) => (
          <Button
            key={action.path}
            size="small"
            variant={action.path === "revoke" ? "danger" : "secondary"}
            disabled={!selected.size || busy}
            onClick={() => run(action)}
          >
            {action.label}
          </Button>
        ))}
      </div>
      {message && <Text className="px-6 py-3">{message}</Text>}
      {error && <Text className="px-6 py-3 text-ui-fg-error">{error}</Text>}
      <Table>
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell>
              <Checkbox checked={allOnPage} onCheckedChange={toggleAll} aria-label="Select all on this page" />
            </Table.HeaderCell>
            <Table.HeaderCell>Customer</Table.HeaderCell>
            <Table.HeaderCell>Email</Table.HeaderCell>
            <Table.HeaderCell>Company</Table.HeaderCell>
            <Table.HeaderCell>Portal status</Table.HeaderCell>
            <Table.HeaderCell>Invited</Table.HeaderCell>
            <Table.HeaderCell>Invitation expires</Table.HeaderCell>
            <Table.HeaderCell>Autopay</Table.HeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {users.map((u) => (
            <Table.Row key={u.customer_id}>
              <Table.Cell>
                <Checkbox
                  checked={selected.has(u.customer_id)}
                  onCheckedChange={() => toggle(u.customer_id)}
                  aria-label={`Select ${u.email ?? u.customer_id}`}
                />
              </Table.Cell>
              <Table.Cell>
                <a className="text-ui-fg-interactive" href={`/app/customers/${u.customer_id}`}>
                  {displayName(u)}
                </a>
              </Table.Cell>
              <Table.Cell>{u.email ?? "—"}</Table.Cell>
              <Table.Cell>{u.company_name ?? "—"}</Table.Cell>
              <Table.Cell>
                <StatusBadge color={STATUS_COLORS[u.portal_status]}>{STATUS_LABELS[u.portal_status]}</StatusBadge>
              </Table.Cell>
              <Table.Cell>{formatDate(u.invited_at)}</Table.Cell>
              <Table.Cell>{formatDate(u.invitation_expires_at)}</Table.Cell>
              <Table.Cell>{u.autopay_status ?? "—"}</Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
      <Pager count={count} page={page} pageSize={PAGE_SIZE} setPage={setPage} />
    </Container>
  )
}

export const config = defineRouteConfig({
  label: "Portal users",
})

export default PortalUsersPage
