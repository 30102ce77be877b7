import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminCustomer, DetailWidgetProps } from "@medusajs/framework/types"
import { Badge, Button, Container, Heading, Table, Text, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { adminGet, adminPost, Balance, formatMoney, InvoiceRow } from "../lib/api"

type Autopay = {
  id?: string
  status: "none" | "active" | "paused" | "canceled"
  payment_method_label?: string | null
  max_amount: number | null
  max_amount_currency_code?: string | null
  consented_at: string | null
  terms_version: string | null
  consent_ip?: string | null
  pause_reason?: string | null
}
import { formatDueDate, InvoiceStatusBadge } from "../lib/invoice-status-badge"

const CustomerBillingWidget = ({ data: customer }: DetailWidgetProps<AdminCustomer>) => {
  const [balances, setBalances] = useState<Balance[] | null>(null)
  const [invoices, setInvoices] = useState<InvoiceRow[]>([])
  const [error, setError] = useState<string | null>(null)
  const [autopay, setAutopay] = useState<Autopay | null>(null)
  const [busy, setBusy] = useState(false)

  const loadAutopay = () =>
    adminGet<{ enrollments: Autopay[] }>(`/admin/billing/autopay?customer_id=${customer.id}&limit=5`)
      .then((r) => setAutopay(r.enrollments.find((e) => e.status !== "canceled") ?? { status: "none", max_amount: null, consented_at: null, terms_version: null }))
      .catch((e) => setError(e.message))

  const act = async (what: "run" | "cancel") => {
    setBusy(true)
    try {
      if (what === "run") {
        const { run } = await adminPost<{ run: { charged: number; skipped: number; failed: number } }>(
          "/admin/billing/autopay/run",
          { customer_id: customer.id }
        )
        toast.success(`Autopay run: ${run.charged} charged, ${run.skipped} skipped, ${run.failed} failed`)
      } else if (autopay?.id) {
        await adminPost(`/admin/billing/autopay/${autopay.id}/cancel`)
        toast.success("Autopay canceled; the customer is told by email")
      }
      await loadAutopay()
    } catch (e: any) {
      toast.error(e.message)
    } finally {
      setBusy(false)
    }
  }

  useEffect(() => {
    loadAutopay()
  }, [customer.id])

  useEffect(() => {
    Promise.all([
      adminGet<{ account: { balances: Balance[] } }>(`/admin/billing/customers/${customer.id}/account`),
      adminGet<{ invoices: InvoiceRow[] }>(
        `/admin/billing/invoices?customer_id=${customer.id}&limit=5&order=-display_id`
      ),
    ])
      .then(([account, list]) => {
        setBalances(account.account.balances)
        setInvoices(list.invoices)
      })
      .catch((e) => setError(e.message))
  }, [customer.id])

  return (
    <Container className="divide-y p-0">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">Billing</Heading>
      </div>
      {error && <Text className="px-6 py-4 text-ui-fg-error">{error}</Text>}
      {balances && balances.length === 0 && (
        <Text className="px-6 py-4 text-ui-fg-subtle">Nothing owed.</Text>
      )}
      {balances?.map((b) => (
        <div key={b.currency_code} className="grid grid-cols-4 gap-4 px-6 py-4">
          <Stat label="Balance" value={formatMoney(b.total_balance, b.currency_code)} />
          <Stat label="Past due" value={formatMoney(b.past_due, b.currency_code)} />
          <Stat label="Pending" value={formatMoney(b.pending, b.currency_code)} />
          <Stat label="Credit" value={formatMoney(b.credit, b.currency_code)} />
        </div>
      ))}
      {autopay && (
        <div className="flex items-center justify-between gap-4 px-6 py-4">
          <div>
            <div className="flex items-center gap-2">
              <Text weight="plus">Autopay</Text>
              <Badge color={autopay.status === "active" ? "green" : autopay.status === "paused" ? "orange" : "grey"}>
                {autopay.status === "none" ? "off" : autopay.status}
              </Badge>
            </div>
            {autopay.status !== "none" && (
              <Text size="small" className="text-ui-fg-subtle">
                {autopay.payment_method_label ?? "Saved method"}
                {autopay.max_amount !== null
                  ? ` · up to ${autopay.max_amount} ${(autopay.max_amount_currency_code ?? "").toUpperCase()} per charge`
                  : ""}
                {` · consented ${autopay.consented_at ? new Date(autopay.consented_at).toLocaleString() : ""} to terms v${autopay.terms_version}`}
                {autopay.consent_ip ? ` from ${autopay.consent_ip}` : ""}
                {autopay.pause_reason ? ` · paused: ${autopay.pause_reason}` : ""}
              </Text>
            )}
          </div>
          {autopay.status !== "none" && (
            <div className="flex gap-2">
              <Button size="small" variant="secondary" disabled={busy} onClick={() => act("run")}>
                Run now
              </Button>
              <Button size="small" variant="danger" disabled={busy} onClick={() => act("cancel")}>
                Cancel autopay
              </Button>
            </div>
          )}
        </div>
      )}
      {invoices.length > 0 && (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Invoice</Table.HeaderCell>
              <Table.HeaderCell>Status</Table.HeaderCell>
              <Table.HeaderCell>Due</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Amount due</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {invoices.map((i) => (
              <Table.Row key={i.id}>
                <Table.Cell>{i.number}</Table.Cell>
                <Table.Cell>
                  <InvoiceStatusBadge invoice={i} />
                </Table.Cell>
                <Table.Cell>{formatDueDate(i.due_at)}</Table.Cell>
                <Table.Cell className="text-right">{formatMoney(i.amount_due, i.currency_code)}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </Container>
  )
}

const Stat = ({ label, value }: { label: string; value: string }) => (
  <div>
    <Text size="small" className="text-ui-fg-subtle">
      {label}
    </Text>
    <Text weight="plus">{value}</Text>
  </div>
)

export const config = defineWidgetConfig({
  zone: "customer.details.after",
})

export default CustomerBillingWidget
