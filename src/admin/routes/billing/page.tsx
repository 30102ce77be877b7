import { defineRouteConfig } from "@medusajs/admin-sdk"
import { DocumentText } from "@medusajs/icons"
import { Container, Heading, Input, Select, Table, Text } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { Pager } from "../../lib/pager"
import { AgingChart } from "../../components/aging-chart"
import { adminGet, formatMoney, InvoiceRow } from "../../lib/api"
import { formatDueDate, InvoiceStatusBadge } from "../../lib/invoice-status-badge"

const PAGE_SIZE = 20
const STATUSES = ["all", "draft", "open", "partially_paid", "paid", "void"]

const BillingInvoicesPage = () => {
  const [invoices, setInvoices] = useState<InvoiceRow[]>([])
  const [count, setCount] = useState(0)
  const [page, setPage] = useState(0)
  const [status, setStatus] = useState("all")
  const [q, setQ] = useState("")
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    const params = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(page * PAGE_SIZE), order: "-display_id" })
    if (status !== "all") params.set("status", status)
    if (q.trim()) params.set("q", q.trim())
    adminGet<{ invoices: InvoiceRow[]; count: number }>(`/admin/billing/invoices?${params}`)
      .then((res) => {
        setInvoices(res.invoices)
        setCount(res.count)
        setError(null)
      })
      .catch((e) => setError(e.message))
  }, [page, status, q])

  return (
    <div className="flex flex-col gap-y-3">
    <AgingChart />
    <Container className="divide-y p-0">
      <div className="flex items-center justify-between gap-4 px-6 py-4">
        <Heading level="h1">Invoices</Heading>
        <div className="flex gap-2">
          <Input
            size="small"
            placeholder="Search number or notes"
            value={q}
            onChange={(e) => {
              setPage(0)
              setQ(e.target.value)
            }}
          />
          <Select
            size="small"
            value={status}
            onValueChange={(v) => {
              setPage(0)
              setStatus(v)
            }}
          >
            <Select.Trigger>
              <Select.Value />
            </Select.Trigger>
            <Select.Content>
              {STATUSES.map((s) => (
                <Select.Item key={s} value={s}>
                  {s.replace("_", " ")}
                </Select.Item>
              ))}
            </Select.Content>
          </Select>
        </div>
      </div>
      {error && <Text className="px-6 py-4 text-ui-fg-error">{error}</Text>}
      <Table>
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell>Invoice</Table.HeaderCell>
            <Table.HeaderCell>Customer</Table.HeaderCell>
            <Table.HeaderCell>Status</Table.HeaderCell>
            <Table.HeaderCell>Due</Table.HeaderCell>
            <Table.HeaderCell className="text-right">Total</Table.HeaderCell>
            <Table.HeaderCell className="text-right">Amount due</Table.HeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {invoices.map((i) => (
            <Table.Row key={i.id}>
              <Table.Cell>{i.number}</Table.Cell>
              <Table.Cell>
                <a className="text-ui-fg-interactive" href={`/app/customers/${i.customer_id}`}>
                  {i.customer_id}
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
      <Pager count={count} page={page} pageSize={PAGE_SIZE} setPage={setPage} />
    </Container>
    </div>
  )
}

export const config = defineRouteConfig({
  label: "Billing",
  icon: DocumentText,
})

export default BillingInvoicesPage
