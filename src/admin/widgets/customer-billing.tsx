import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminCustomer, DetailWidgetProps } from "@medusajs/framework/types"
import { ArrowDownTray, Plus } from "@medusajs/icons"
import { Badge, Button, Container, Heading, Prompt, StatusBadge, Table, Text, toast, usePrompt } from "@medusajs/ui"
import { useState } from "react"
import { statementPath, useCustomerAccount } from "../lib/hooks/customers"
import { type PortalStatus, type PortalUserAction, usePortalUser, usePortalUserAction } from "../lib/hooks/portal-users"
import { type AutopayEnrollment, useAutopay, useCancelAutopay, useRunAutopay } from "../lib/hooks/autopay"
import { useInvoices } from "../lib/hooks/invoices"
import { methodLabel, PaymentStatusBadge } from "../components/payment-labels"
import { usePayments } from "../lib/hooks/payments"
import { formatDueDate, InvoiceStatusBadge } from "../lib/invoice-status-badge"
import { formatMoney } from "../lib/money"
import { adminHref } from "../lib/pager"
import { withBillingQuery } from "../lib/query"
import { downloadFile, errorMessage } from "../lib/sdk"

const PORTAL_STATUS: Record<PortalStatus, { label: string; color: "green" | "blue" | "orange" | "grey" | "red" }> = {
  active: { label: "Active", color: "green" },
  invited: { label: "Invited", color: "blue" },
  invitation_expired: { label: "Invitation expired", color: "orange" },
  none: { label: "No login", color: "grey" },
  disabled: { label: "Access off", color: "red" },
}

type WidgetAction = { action: PortalUserAction; label: string; done: string; emails: boolean }
const TURN_OFF: WidgetAction = { action: "disable", label: "Turn off portal access", done: "Portal access turned off", emails: false }

/** What an admin can do for each portal status, and the toast when it is done. */
const PORTAL_ACTIONS: Record<PortalStatus, WidgetAction[]> = {
  none: [{ action: "invite", label: "Send activation link", done: "Activation link sent", emails: true }, TURN_OFF],
  invited: [{ action: "resend", label: "Resend invitation", done: "Invitation sent again", emails: true }, TURN_OFF],
  invitation_expired: [{ action: "resend", label: "Resend invitation", done: "Invitation sent again", emails: true }, TURN_OFF],
  active: [{ action: "reset-password", label: "Send password reset", done: "Password reset link sent", emails: true }, TURN_OFF],
  disabled: [{ action: "enable", label: "Turn portal access on", done: "Portal access turned on", emails: false }],
}

const SKIP_REASONS: Record<string, string> = {
  no_email: "the customer has no email address",
  has_account: "the customer already has a login",
  logins_disabled: "portal logins are turned off in the settings",
  not_invited: "the customer was not invited before",
  no_account: "the customer has no portal login",
  no_open_invitation: "there is no open invitation",
  not_found: "the customer was not found",
  access_off: "the customer's portal access is off",
  access_on: "the customer's portal access is on already",
}

const formatDate = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleDateString() : "—")

/** Medusa's customer page: the customer's billing at a glance, and what an admin does from there. */
const CustomerBillingWidget = ({ data: customer }: DetailWidgetProps<AdminCustomer>) => {
  const [downloading, setDownloading] = useState(false)

  const downloadStatement = async () => {
    setDownloading(true)
    try {
      await downloadFile(statementPath(customer.id), `statement-${customer.id}.pdf`)
    } catch (e) {
      toast.error(errorMessage(e))
    } finally {
      setDownloading(false)
    }
  }

  return (
    <Container className="divide-y p-0" data-testid="customer-billing-widget">
      <div className="flex flex-wrap items-center justify-between gap-2 px-6 py-4">
        <Heading level="h2">Billing</Heading>
        <div className="flex flex-wrap items-center gap-2">
          <Button size="small" variant="secondary" isLoading={downloading} onClick={downloadStatement}>
            <ArrowDownTray />
            Statement (PDF)
          </Button>
          <Button size="small" variant="secondary" asChild>
            <a href={adminHref(`/billing?${new URLSearchParams({ new: "1", customer_id: customer.id })}`)}>
              <Plus />
              New invoice
            </a>
          </Button>
        </div>
      </div>
      <Balances customerId={customer.id} />
      <PortalAccess customerId={customer.id} />
      <Autopay customerId={customer.id} />
      <RecentInvoices customerId={customer.id} />
      <RecentPayments customerId={customer.id} />
    </Container>
  )
}

const SectionError = ({ error }: { error: unknown }) => (
  <Text size="small" className="text-ui-fg-error">
    {errorMessage(error)}
  </Text>
)

const Balances = ({ customerId }: { customerId: string }) => {
  const account = useCustomerAccount(customerId)
  return (
    <div className="flex flex-col gap-y-3 px-6 py-4">
      <Heading level="h3">Balances</Heading>
      {account.error && <SectionError error={account.error} />}
      {account.isPending && <Text size="small" className="text-ui-fg-subtle">Loading…</Text>}
      {account.data?.balances.length === 0 && (
        <Text size="small" className="text-ui-fg-subtle">
          Nothing owed.
        </Text>
      )}
      {account.data?.balances.map((b) => (
        <div key={b.currency_code} className="flex flex-col gap-y-1" data-testid={`balance-${b.currency_code}`}>
          {account.data.balances.length > 1 && (
            <Text size="small" weight="plus">
              {b.currency_code.toUpperCase()}
            </Text>
          )}
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
            <Stat label="Balance" value={formatMoney(b.total_balance, b.currency_code)} />
            <Stat label="Past due" value={formatMoney(b.past_due, b.currency_code)} alert={b.past_due > 0} />
            <Stat label="Pending" value={formatMoney(b.pending, b.currency_code)} />
            <Stat label="Credit" value={formatMoney(b.credit, b.currency_code)} />
          </dl>
        </div>
      ))}
    </div>
  )
}

const Stat = ({ label, value, alert }: { label: string; value: string; alert?: boolean }) => (
  <div>
    <dt className="txt-small text-ui-fg-subtle">{label}</dt>
    <dd className={`txt-compact-medium-plus ${alert ? "text-ui-fg-error" : "text-ui-fg-base"}`}>{value}</dd>
  </div>
)

const PortalAccess = ({ customerId }: { customerId: string }) => {
  const user = usePortalUser(customerId)
  const invite = usePortalUserAction("invite")
  const resend = usePortalUserAction("resend")
  const reset = usePortalUserAction("reset-password")
  const disable = usePortalUserAction("disable")
  const enable = usePortalUserAction("enable")
  const mutations = { invite, resend, "reset-password": reset, revoke: undefined, disable, enable }
  const busy = [invite, resend, reset, disable, enable].some((m) => m.isPending)
  const status = user.data?.portal_status
  const actions = status ? PORTAL_ACTIONS[status] : []

  const prompt = usePrompt()
  const run = async (action: (typeof actions)[number]) => {
    if (
      action.action === "disable" &&
      !(await prompt({
        title: "Turn off portal access?",
        description:
          "The customer is signed out of the billing portal and cannot sign in, and an open invitation stops working. Invoices, autopay and payment links go on. You can turn access on again at any time.",
        confirmText: "Turn off portal access",
        cancelText: "Cancel",
      }))
    ) {
      return
    }
    mutations[action.action]!.mutate([customerId], {
      onSuccess: ({ done, skipped, failed }) => {
        if (done.length) toast.success(action.emails ? `${action.done} to ${user.data?.email ?? "the customer"}` : action.done)
        else if (failed.length) toast.error(`Not sent: ${failed[0].message}`)
        else toast.error(`${action.emails ? "Not sent" : "Not done"}: ${SKIP_REASONS[skipped[0]?.reason] ?? skipped[0]?.reason ?? "skipped"}`)
      },
      onError: (e) => toast.error(errorMessage(e)),
    })
  }

  return (
    <div className="flex flex-wrap items-center justify-between gap-3 px-6 py-4">
      <div className="flex flex-col gap-y-1">
        <div className="flex items-center gap-x-2">
          <Heading level="h3">Portal</Heading>
          {status && (
            <StatusBadge color={PORTAL_STATUS[status].color} data-testid="portal-status">
              {PORTAL_STATUS[status].label}
            </StatusBadge>
          )}
        </div>
        {user.error && <SectionError error={user.error} />}
        {user.data && (status === "invited" || status === "invitation_expired") && (
          <Text size="small" className="text-ui-fg-subtle">
            Invited {formatDate(user.data.invited_at)}
            {user.data.invitation_expires_at ? ` · link expires ${formatDate(user.data.invitation_expires_at)}` : ""}
          </Text>
        )}
        {user.data && !user.data.email && (
          <Text size="small" className="text-ui-fg-subtle">
            No email address: add one to invite the customer.
          </Text>
        )}
      </div>
      <div className="flex gap-2">
        {actions.map((a) => (
          <Button
            key={a.action}
            size="small"
            variant={a.action === "disable" ? "danger" : "secondary"}
            disabled={busy || (a.emails && !user.data?.email)}
            isLoading={mutations[a.action]!.isPending}
            onClick={() => void run(a)}
          >
            {a.label}
          </Button>
        ))}
      </div>
    </div>
  )
}

const Autopay = ({ customerId }: { customerId: string }) => {
  const list = useAutopay({ customer_id: customerId, limit: 5 })
  const run = useRunAutopay()
  const cancel = useCancelAutopay()
  const enrollment: AutopayEnrollment | undefined = list.data?.enrollments.find((e) => e.status !== "canceled")

  return (
    <div className="flex flex-wrap items-center justify-between gap-3 px-6 py-4">
      <div className="flex flex-col gap-y-1">
        <div className="flex items-center gap-x-2">
          <Heading level="h3">Autopay</Heading>
          {list.data && (
            <Badge
              size="2xsmall"
              color={enrollment?.status === "active" ? "green" : enrollment?.status === "paused" ? "orange" : "grey"}
            >
              {enrollment ? enrollment.status : "off"}
            </Badge>
          )}
        </div>
        {list.error && <SectionError error={list.error} />}
        {enrollment && (
          <Text size="small" className="text-ui-fg-subtle">
            {enrollment.payment_method_label ?? "Saved method"}
            {enrollment.max_amount !== null && enrollment.max_amount_currency_code
              ? ` · up to ${formatMoney(enrollment.max_amount, enrollment.max_amount_currency_code)} per charge`
              : " · no cap"}
            {` · consented ${formatDate(enrollment.consented_at)} to terms v${enrollment.terms_version ?? "—"}`}
            {enrollment.pause_reason ? ` · paused: ${enrollment.pause_reason}` : ""}
          </Text>
        )}
      </div>
      {enrollment && (
        <div className="flex gap-2">
          <Button
            size="small"
            variant="secondary"
            disabled={run.isPending || cancel.isPending}
            isLoading={run.isPending}
            onClick={() =>
              run.mutate(
                { customer_id: customerId },
                {
                  onSuccess: ({ run: r }) =>
                    toast.success(`Autopay run: ${r.charged} charged, ${r.skipped} skipped, ${r.failed} failed`),
                  onError: (e) => toast.error(errorMessage(e)),
                }
              )
            }
          >
            Run now
          </Button>
          <Prompt>
            <Prompt.Trigger asChild>
              <Button size="small" variant="danger" disabled={run.isPending || cancel.isPending}>
                Cancel autopay
              </Button>
            </Prompt.Trigger>
            <Prompt.Content>
              <Prompt.Header>
                <Prompt.Title>Cancel autopay?</Prompt.Title>
                <Prompt.Description>
                  The customer's open invoices will no longer be charged automatically, and the customer is told by
                  email. They can turn autopay on again in the portal.
                </Prompt.Description>
              </Prompt.Header>
              <Prompt.Footer>
                <Prompt.Cancel>Keep autopay</Prompt.Cancel>
                <Prompt.Action
                  onClick={() =>
                    cancel.mutate(enrollment.id, {
                      onSuccess: () => toast.success("Autopay canceled; the customer is told by email"),
                      onError: (e) => toast.error(errorMessage(e)),
                    })
                  }
                >Cancel autopay</Prompt.Action>
              </Prompt.Footer>
            </Prompt.Content>
          </Prompt>
        </div>
      )}
    </div>
  )
}

const RecentInvoices = ({ customerId }: { customerId: string }) => {
  const list = useInvoices({ customer_id: customerId, limit: 5, offset: 0, order: "-display_id" })
  const invoices = list.data?.invoices ?? []
  return (
    <div className="flex flex-col">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h3">Last invoices</Heading>
        {(list.data?.count ?? 0) > invoices.length && (
          <a className="txt-compact-small text-ui-fg-interactive-hover hover:underline" href={adminHref(`/billing?customer_id=${customerId}`)}>
            All {list.data?.count} invoices
          </a>
        )}
      </div>
      {list.error && (
        <div className="px-6 pb-4">
          <SectionError error={list.error} />
        </div>
      )}
      {list.data && !invoices.length && (
        <Text size="small" className="text-ui-fg-subtle px-6 pb-4">
          No invoices yet.
        </Text>
      )}
      {invoices.length > 0 && (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Invoice</Table.HeaderCell>
              <Table.HeaderCell>Status</Table.HeaderCell>
              <Table.HeaderCell>Due</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Total</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Amount due</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {invoices.map((i) => (
              <Table.Row key={i.id}>
                <Table.Cell>
                  <a className="text-ui-fg-interactive-hover hover:underline" href={adminHref(`/billing/invoices/${i.id}`)}>
                    {i.number}
                  </a>
                </Table.Cell>
                <Table.Cell>
                  <InvoiceStatusBadge invoice={i} />
                </Table.Cell>
                <Table.Cell>{formatDueDate(i.due_at)}</Table.Cell>
                <Table.Cell className="text-right">{formatMoney(i.total, i.currency_code)}</Table.Cell>
                <Table.Cell className="text-right">{formatMoney(i.amount_due, i.currency_code)}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </div>
  )
}

const RecentPayments = ({ customerId }: { customerId: string }) => {
  const list = usePayments({ customer_id: customerId, limit: 5 })
  const payments = list.data?.payments ?? []
  return (
    <div className="flex flex-col">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h3">Last payments</Heading>
        {(list.data?.count ?? 0) > payments.length && (
          <a className="txt-compact-small text-ui-fg-interactive-hover hover:underline" href={adminHref(`/billing/payments?customer_id=${customerId}`)}>
            All {list.data?.count} payments
          </a>
        )}
      </div>
      {list.error && (
        <div className="px-6 pb-4">
          <SectionError error={list.error} />
        </div>
      )}
      {list.data && !payments.length && (
        <Text size="small" className="text-ui-fg-subtle px-6 pb-4">
          No payments yet.
        </Text>
      )}
      {payments.length > 0 && (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Date</Table.HeaderCell>
              <Table.HeaderCell>Method</Table.HeaderCell>
              <Table.HeaderCell>Status</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Amount</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {payments.map((p) => (
              <Table.Row key={p.id}>
                <Table.Cell>
                  <a className="text-ui-fg-interactive-hover hover:underline" href={adminHref(`/billing/payments/${p.id}`)}>
                    {formatDate(p.created_at)}
                  </a>
                </Table.Cell>
                <Table.Cell>{methodLabel(p)}</Table.Cell>
                <Table.Cell>
                  <PaymentStatusBadge payment={p} />
                </Table.Cell>
                <Table.Cell className="text-right">{formatMoney(p.amount, p.currency_code)}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </div>
  )
}

export const config = defineWidgetConfig({
  zone: "customer.details.after",
})

export default withBillingQuery(CustomerBillingWidget)
