import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Button, Checkbox, Container, Heading, Input, Label, Select, StatusBadge, Table, Text, toast, usePrompt } from "@medusajs/ui"
import { useState } from "react"
import { type PortalStatus, type PortalUser, usePortalUserAction, usePortalUsers } from "../../../lib/hooks/portal-users"
import { adminHref, Pager, useUrlFilters } from "../../../lib/pager"
import { withBillingQuery } from "../../../lib/query"
import { errorMessage } from "../../../lib/sdk"

const PAGE_SIZE = 20
const STATUSES = ["all", "active", "invited", "invitation_expired", "none", "disabled"] as const
const STATUS_LABELS: Record<string, string> = {
  active: "Active",
  invited: "Invited",
  invitation_expired: "Invitation expired",
  none: "No login",
  disabled: "Access off",
}
const STATUS_COLORS: Record<string, "green" | "blue" | "orange" | "grey" | "red"> = {
  active: "green",
  invited: "blue",
  invitation_expired: "orange",
  none: "grey",
  disabled: "red",
}
const REASONS: Record<string, string> = {
  not_found: "not found",
  no_email: "no email",
  has_account: "already has a login",
  logins_disabled: "portal logins are disabled",
  not_invited: "not invited before",
  no_account: "no portal login",
  no_open_invitation: "no open invitation",
  access_off: "portal access is off",
  access_on: "portal access is on already",
}

type Action = { path: "invite" | "resend" | "reset-password" | "revoke" | "disable" | "enable"; label: string; done: string }
type StatusFilter = (typeof STATUSES)[number]
const ACTIONS: Action[] = [
  { path: "invite", label: "Invite", done: "invited" },
  { path: "resend", label: "Resend invitation", done: "sent a new invitation" },
  { path: "reset-password", label: "Send password reset", done: "sent a password reset" },
  { path: "revoke", label: "Revoke invitation", done: "revoked" },
  { path: "disable", label: "Turn off portal access", done: "turned off" },
  { path: "enable", label: "Turn portal access on", done: "turned on" },
]

const formatDate = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString() : "—")
const displayName = (u: PortalUser) => [u.first_name, u.last_name].filter(Boolean).join(" ") || "—"

/** Billing → Portal users: who can use the portal, invitations, password resets (DESIGN sec. 8). */
const PortalUsersPage = () => {
  const { filters, setFilters, page, setPage } = useUrlFilters()
  const status: StatusFilter = (STATUSES as readonly string[]).includes(filters.get("status") ?? "")
    ? (filters.get("status") as StatusFilter)
    : "all"
  const withoutAccount = filters.get("without_account") === "true"
  const q = filters.get("q") ?? ""
  const [selected, setSelected] = useState<Set<string>>(new Set())
  const [message, setMessage] = useState<string | null>(null)

  const list = usePortalUsers({
    limit: PAGE_SIZE,
    offset: page * PAGE_SIZE,
    status: status === "all" ? undefined : (status as PortalStatus),
    without_account: withoutAccount || undefined,
    q: q.trim() || undefined,
  })
  const users: PortalUser[] = list.data?.portal_users ?? []
  const count = list.data?.count ?? 0

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

  const invite = usePortalUserAction("invite")
  const resend = usePortalUserAction("resend")
  const reset = usePortalUserAction("reset-password")
  const revoke = usePortalUserAction("revoke")
  const disable = usePortalUserAction("disable")
  const enable = usePortalUserAction("enable")
  const mutations = { invite, resend, "reset-password": reset, revoke, disable, enable }
  const busy = Object.values(mutations).some((m) => m.isPending)

  const prompt = usePrompt()
  const run = async (action: Action) => {
    setMessage(null)
    if (action.path === "disable") {
      const confirmed = await prompt({
        title: `Turn off portal access for ${selected.size} ${selected.size === 1 ? "customer" : "customers"}?`,
        description:
          "They are signed out of the billing portal and cannot sign in, and their open invitations stop working. Their invoices, autopay and payment links go on. You can turn access on again at any time.",
        confirmText: "Turn off portal access",
        cancelText: "Cancel",
      })
      if (!confirmed) return
    }
    mutations[action.path].mutate([...selected], {
      onSuccess: ({ done, skipped, failed }) => {
        const names = new Map(users.map((u) => [u.customer_id, u.email ?? u.customer_id]))
        // each failure's own message names the customer's email already
        const failedText = failed.length ? `, ${failed.length} failed: ${failed.map((f) => f.message).join("; ")}` : ""
        const skippedText = skipped.length
          ? `; skipped ${skipped.length}: ${skipped
              .map((s) => `${names.get(s.customer_id) ?? s.customer_id} (${REASONS[s.reason] ?? s.reason})`)
              .join(", ")}`
          : ""
        const text = `${action.label}: ${done.length} ${action.done}${failedText}${skippedText}`
        setMessage(text)
        if (failed.length && !done.length) toast.error(text)
        else if (failed.length || skipped.length) toast.warning(text)
        else toast.success(text)
        // the failed ones stay selected, ready to try again
        setSelected(new Set(failed.map((f) => f.customer_id)))
      },
      onError: (e) => toast.error(errorMessage(e)),
    })
  }

  const filtersChanged = (patch: Record<string, string | boolean | undefined>) => {
    setSelected(new Set())
    setFilters(patch)
  }
  const error = list.error ? errorMessage(list.error) : null

  return (
    <Container className="divide-y p-0">
      <div className="flex flex-col gap-y-3 px-6 py-4">
        <Heading level="h1">Portal users</Heading>
        <div className="flex flex-wrap items-center gap-3">
          <Input
            size="small"
            className="w-full sm:w-72"
            placeholder="Search name, email or company"
            value={q}
            aria-label="Search portal users"
            onChange={(e) => filtersChanged({ q: e.target.value })}
          />
          <Select
            size="small"
            value={status}
            onValueChange={(v) => filtersChanged({ status: v === "all" ? undefined : v })}
          >
            <Select.Trigger aria-label="Portal status" className="w-48">
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
              onCheckedChange={(v) => filtersChanged({ without_account: v === true })}
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
            variant={action.path === "revoke" || action.path === "disable" ? "danger" : "secondary"}
            disabled={!selected.size || busy}
            onClick={() => void run(action)}
          >
            {action.label}
          </Button>
        ))}
      </div>
      {message && (
        <Text className="px-6 py-3" role="status">
          {message}
        </Text>
      )}
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
                <a className="text-ui-fg-interactive-hover hover:underline" href={adminHref(`/customers/${u.customer_id}`)}>
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

export default withBillingQuery(PortalUsersPage)
