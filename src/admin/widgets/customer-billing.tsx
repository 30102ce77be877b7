import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminCustomer, DetailWidgetProps } from "@medusajs/framework/types"
import { Container, Heading, Table, Text } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { adminGet, Balance, formatMoney, InvoiceRow } from "../lib/api"
import { formatDueDate, InvoiceStatusBadge } from "../lib/invoice-status-badge"

const CustomerBillingWidget = ({ data: customer }: DetailWidgetProps<AdminCustomer>) => {
  const [balances, setBalances] = useState<Balance[] | null>(null)
  const [invoices, setInvoices] = useState<InvoiceRow[]>([])
  const [error, setError] = useState<string | null>(null)

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
