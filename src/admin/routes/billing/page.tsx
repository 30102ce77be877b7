import { defineRouteConfig } from "@medusajs/admin-sdk"
import { DocumentText, Plus, XMarkMini } from "@medusajs/icons"
import { Button, Container, Heading, Input, Label, Select, Table, Text } from "@medusajs/ui"
import { useMemo } from "react"
import { Link, useSearchParams } from "react-router-dom"
import { AgingChart } from "../../components/aging-chart"
import { FilterDate } from "../../components/filter-fields"
import { InvoiceFormModal } from "../../components/invoice-form"
import { customerName, useCustomer, useInvoices, type InvoiceListQuery } from "../../lib/hooks/invoices"
import { formatDueDate, InvoiceStatusBadge } from "../../lib/invoice-status-badge"
import { formatMoney } from "../../lib/money"
import { withBillingQuery } from "../../lib/query"
import { errorMessage } from "../../lib/sdk"

const PAGE_SIZE = 20
const STATUSES = [
  ["all", "All statuses"],
  ["draft", "Draft"],
  ["open", "Open"],
  ["partially_paid", "Partially paid"],
  ["paid", "Paid"],
  ["void", "Void"],
] as const
const ORDERS = [
  ["-display_id", "Newest first"],
  ["display_id", "Oldest first"],
  ["due_at", "Due soonest"],
  ["-due_at", "Due latest"],
  ["-amount_due", "Most due"],
  ["amount_due", "Least due"],
] as const
const AGING_LABELS: Record<string, string> = {
  current: "Current",
  "1_30": "1–30 days past due",
  "31_60": "31–60 days past due",
  "61_90": "61–90 days past due",
  "90_plus": "90+ days past due",
}
const DATE = /^\d{4}-\d{2}-\d{2}$/

/** The list's filters live in the URL (shared links, back button, the aging chart's and customer page's links). */
function useListParams() {
  const [params, setParams] = useSearchParams()
  const get = (key: string) => params.get(key) ?? undefined
  const page = Math.max(0, Number(params.get("page") ?? "1") - 1 || 0)
  const update = (patch: Record<string, string | undefined>, options: { keepPage?: boolean } = {}) => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current)
        for (const [key, value] of Object.entries(patch)) {
          if (value === undefined || value === "") next.delete(key)
          else next.set(key, value)
        }
        if (!options.keepPage) next.delete("page")
        return next
      },
      { replace: true }
    )
  }
  return { get, page, update }
}

/** A removable filter shown above the table. */
const FilterChip = ({ label, onRemove }: { label: string; onRemove: () => void }) => (
  <span className="bg-ui-bg-subtle shadow-borders-base txt-compact-small-plus text-ui-fg-base inline-flex items-center gap-x-1 rounded-md py-1 pl-2 pr-1">
    {label}
    <button
      type="button"
      onClick={onRemove}
      className="text-ui-fg-muted hover:text-ui-fg-subtle focus-visible:shadow-borders-focus rounded"
      aria-label={`Remove filter: ${label}`}
    >
      <XMarkMini />
    </button>
  </span>
)

const CustomerChip = ({ id, onRemove }: { id: string; onRemove: () => void }) => {
  const { data } = useCustomer(id)
  return <FilterChip label={`Customer: ${data ? customerName(data.customer) : id}`} onRemove={onRemove} />
}

const BillingInvoicesPage = () => {
  const { get, page, update } = useListParams()
  const status = get("status")
  const customerId = get("customer_id")
  const q = get("q")
  const overdue = get("overdue") === "true"
  const dueFrom = get("due_from")
  const dueTo = get("due_to")
  const aging = get("aging")
  const currency = get("currency_code")
  const order = get("order") ?? "-display_id"

  const query = useMemo<InvoiceListQuery>(() => {
    const out: InvoiceListQuery = { limit: PAGE_SIZE, offset: page * PAGE_SIZE, order }
    if (status) out.status = status
    if (customerId) out.customer_id = customerId
    if (q?.trim()) out.q = q.trim()
    if (overdue) out.overdue = "true"
    if (aging) out.aging = aging
    if (currency) out.currency_code = currency
    if (dueFrom && DATE.test(dueFrom)) out["due_at[gte]"] = `${dueFrom}T00:00:00.000Z`
    if (dueTo && DATE.test(dueTo)) out["due_at[lte]"] = `${dueTo}T23:59:59.999Z`
    return out
  }, [page, order, status, customerId, q, overdue, aging, currency, dueFrom, dueTo])

  const { data, isPending, isError, error, isPlaceholderData } = useInvoices(query)
  const count = data?.count ?? 0
  const pageCount = Math.max(1, Math.ceil(count / PAGE_SIZE))
  const filtered = !!(status || customerId || q || overdue || dueFrom || dueTo || aging || currency)
  const createOpen = get("new") === "1"

  return (
    <div className="flex flex-col gap-y-3">
      <AgingChart />
      <Container className="divide-y p-0">
        <div className="flex flex-wrap items-center justify-between gap-4 px-6 py-4">
          <div>
            <Heading level="h1">Invoices</Heading>
            <Text size="small" className="text-ui-fg-subtle">
              Create, issue and collect invoices; record checks and transfers.
            </Text>
          </div>
          <Button size="small" variant="secondary" onClick={() => update({ new: "1" }, { keepPage: true })}>
            <Plus />
            Create invoice
          </Button>
        </div>

        <div className="flex flex-col gap-3 px-6 py-4" role="search" aria-label="Filter invoices">
          <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-6">
            <div className="flex flex-col gap-y-1 lg:col-span-2">
              <Label size="xsmall" htmlFor="invoice-search">
                Search
              </Label>
              <Input
                id="invoice-search"
                size="small"
                placeholder="Invoice number or notes"
                defaultValue={q ?? ""}
                onChange={(e) => update({ q: e.target.value || undefined })}
              />
            </div>
            <div className="flex flex-col gap-y-1">
              <Label size="xsmall" id="invoice-status-label">
                Status
              </Label>
              <Select size="small" value={status ?? "all"} onValueChange={(v) => update({ status: v === "all" ? undefined : v })}>
                <Select.Trigger aria-labelledby="invoice-status-label">
                  <Select.Value />
                </Select.Trigger>
                <Select.Content>
                  {STATUSES.map(([value, label]) => (
                    <Select.Item key={value} value={value}>
                      {label}
                    </Select.Item>
                  ))}
                </Select.Content>
              </Select>
            </div>
            <FilterDate id="invoice-due-from" label="Due from" value={dueFrom} max={dueTo} onChange={(v) => update({ due_from: v ?? undefined })} />
            <FilterDate id="invoice-due-to" label="Due to" value={dueTo} min={dueFrom} onChange={(v) => update({ due_to: v ?? undefined })} />
            <div className="flex flex-col gap-y-1">
              <Label size="xsmall" id="invoice-order-label">
                Sort by
              </Label>
              <Select size="small" value={order} onValueChange={(v) => update({ order: v === "-display_id" ? undefined : v })}>
                <Select.Trigger aria-labelledby="invoice-order-label">
                  <Select.Value />
                </Select.Trigger>
                <Select.Content>
                  {ORDERS.map(([value, label]) => (
                    <Select.Item key={value} value={value}>
                      {label}
                    </Select.Item>
                  ))}
                </Select.Content>
              </Select>
            </div>
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <label className="txt-compact-small text-ui-fg-subtle inline-flex items-center gap-x-2">
              <input
                type="checkbox"
                checked={overdue}
                onChange={(e) => update({ overdue: e.target.checked ? "true" : undefined })}
              />
              Overdue only
            </label>
            {customerId && <CustomerChip id={customerId} onRemove={() => update({ customer_id: undefined })} />}
            {aging && (
              <FilterChip
                label={`Aging: ${AGING_LABELS[aging] ?? aging}${currency ? ` (${currency.toUpperCase()})` : ""}`}
                onRemove={() => update({ aging: undefined, currency_code: undefined })}
              />
            )}
            {!aging && currency && (
              <FilterChip label={`Currency: ${currency.toUpperCase()}`} onRemove={() => update({ currency_code: undefined })} />
            )}
          </div>
        </div>

        {isError ? (
          <div className="px-6 py-8" role="alert">
            <Text weight="plus">The invoices could not be loaded.</Text>
            <Text size="small" className="text-ui-fg-subtle">
              {errorMessage(error)}
            </Text>
          </div>
        ) : isPending ? (
          <Text className="text-ui-fg-subtle px-6 py-8" role="status">
            Loading invoices…
          </Text>
        ) : !data?.invoices.length ? (
          <div className="flex flex-col items-center gap-y-2 px-6 py-12 text-center">
            <Text weight="plus">{filtered ? "No invoices match these filters" : "No invoices yet"}</Text>
            <Text size="small" className="text-ui-fg-subtle">
              {filtered ? "Clear a filter to see more." : "Create the first invoice for a customer."}
            </Text>
          </div>
        ) : (
          <div className={`overflow-x-auto ${isPlaceholderData ? "opacity-60" : ""}`} aria-busy={isPlaceholderData}>
            <Table>
              <Table.Header>
                <Table.Row>
                  <Table.HeaderCell>Invoice</Table.HeaderCell>
                  <Table.HeaderCell>Customer</Table.HeaderCell>
                  <Table.HeaderCell>Status</Table.HeaderCell>
                  <Table.HeaderCell>Issued</Table.HeaderCell>
                  <Table.HeaderCell>Due</Table.HeaderCell>
                  <Table.HeaderCell className="text-right">Total</Table.HeaderCell>
                  <Table.HeaderCell className="text-right">Amount due</Table.HeaderCell>
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {data.invoices.map((invoice) => (
                  <Table.Row key={invoice.id}>
                    <Table.Cell>
                      <Link
                        to={`/billing/invoices/${invoice.id}`}
                        className="text-ui-tag-blue-text hover:underline txt-compact-small-plus"
                      >
                        {invoice.number}
                      </Link>
                    </Table.Cell>
                    <Table.Cell>
                      <div className="flex flex-col py-1">
                        <span className="txt-compact-small-plus">{customerName(invoice.customer)}</span>
                        {invoice.customer?.email && (
                          <span className="txt-compact-small text-ui-fg-subtle">{invoice.customer.email}</span>
                        )}
                      </div>
                    </Table.Cell>
                    <Table.Cell>
                      <InvoiceStatusBadge invoice={invoice} />
                    </Table.Cell>
                    <Table.Cell>{formatDueDate(invoice.issued_at)}</Table.Cell>
                    <Table.Cell>{formatDueDate(invoice.due_at)}</Table.Cell>
                    <Table.Cell className="text-right tabular-nums">{formatMoney(invoice.total, invoice.currency_code)}</Table.Cell>
                    <Table.Cell className="text-right tabular-nums">
                      {formatMoney(invoice.amount_due, invoice.currency_code)}
                    </Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          </div>
        )}
        <Table.Pagination
          count={count}
          pageSize={PAGE_SIZE}
          pageIndex={page}
          pageCount={pageCount}
          canPreviousPage={page > 0}
          canNextPage={page + 1 < pageCount}
          previousPage={() => update({ page: page > 1 ? String(page) : undefined }, { keepPage: true })}
          nextPage={() => update({ page: String(page + 2) }, { keepPage: true })}
        />
      </Container>
      <InvoiceFormModal
        open={createOpen}
        initialCustomerId={customerId}
        onOpenChange={(open) => {
          if (!open) update({ new: undefined }, { keepPage: true })
        }}
      />
    </div>
  )
}

export const config = defineRouteConfig({
  label: "Billing",
  icon: DocumentText,
})

export default withBillingQuery(BillingInvoicesPage)
