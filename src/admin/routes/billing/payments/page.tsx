import { defineRouteConfig } from "@medusajs/admin-sdk"
import { CreditCard, ExclamationCircle, XMarkMini } from "@medusajs/icons"
import { Badge, Button, Container, Heading, IconButton, StatusBadge, Table, Text } from "@medusajs/ui"
import { FilterDate, FilterSelect } from "../../../components/filter-fields"
import { Link, useNavigate, useSearchParams } from "react-router-dom"
import {
  customerName,
  formatDateTime,
  methodLabel,
  PAYMENT_METHOD_LABELS,
  PAYMENT_SOURCE_LABELS,
  PAYMENT_STATUS_LABELS,
  PaymentStatusBadge, ROW_LINK } from "../../../components/payment-labels"
import { usePayments, type PaymentMethod, type PaymentsQuery, type PaymentStatus } from "../../../lib/hooks/payments"
import { formatMoney } from "../../../lib/money"
import { withBillingQuery } from "../../../lib/query"
import { errorMessage } from "../../../lib/sdk"

const PAGE_SIZE = 20
const DATE = /^\d{4}-\d{2}-\d{2}$/

/** The day after a YYYY-MM-DD date, so "created to" includes that whole day. */
function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString().slice(0, 10)
}

/** The list's filters live in the URL (`status`, `method`, `attention`, `customer_id`, `created_from`, `created_to`, `page`). */
function useUrlFilters() {
  const [params, setParams] = useSearchParams()
  const status = params.get("status") ?? ""
  const method = params.get("method") ?? ""
  const attention = params.get("attention") === "true"
  const customerId = params.get("customer_id") ?? ""
  const from = params.get("created_from") ?? ""
  const to = params.get("created_to") ?? ""
  const page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1)
  const set = (changes: Record<string, string | null>, resetPage = true) => {
    const next = new URLSearchParams(params)
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value)
      else next.delete(key)
    }
    if (resetPage) next.delete("page")
    setParams(next, { replace: true })
  }
  const query: PaymentsQuery = { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }
  if (status) query.status = status as PaymentStatus
  if (method) query.method = method as PaymentMethod
  if (attention) query.attention = "true"
  if (customerId) query.customer_id = customerId
  if (DATE.test(from) || DATE.test(to)) {
    query.created_at = {}
    if (DATE.test(from)) query.created_at.gte = from
    if (DATE.test(to)) query.created_at.lt = nextDay(to)
  }
  const filtered = !!(status || method || attention || customerId || from || to)
  return {
    status,
    method,
    attention,
    customerId,
    from,
    to,
    page,
    set,
    query,
    filtered,
    clear: () => setParams(new URLSearchParams(), { replace: true }),
    /** these filters alone, the others cleared */
    only: (filters: Record<string, string>) => setParams(new URLSearchParams(filters), { replace: true }),
  }
}

/** A filter that has no field of its own (set by a link or a notice), shown as a badge that removes it. */
const RemovableFilter = ({ label, removeLabel, onRemove }: { label: string; removeLabel: string; onRemove: () => void }) => (
  <Badge size="small" className="flex items-center gap-x-1">
    {label}
    <IconButton size="2xsmall" variant="transparent" aria-label={removeLabel} onClick={onRemove}>
      <XMarkMini />
    </IconButton>
  </Badge>
)

const PaymentsPage = () => {
  const filters = useUrlFilters()
  const navigate = useNavigate()
  const { data, isPending, isError, error, isPlaceholderData } = usePayments(filters.query)
  const payments = data?.payments ?? []
  const count = data?.count ?? 0
  const pageCount = Math.max(1, Math.ceil(count / PAGE_SIZE))
  const filterCustomer = filters.customerId ? payments.find((p) => p.customer_id === filters.customerId)?.customer : undefined
  // how many payments the reconciler cannot finish (one row asked for: the count is what matters)
  const needingAttention = usePayments({ attention: "true", limit: 1 }, { enabled: !filters.attention }).data?.count ?? 0

  return (
    <Container className="divide-y p-0">
      <div className="flex flex-wrap items-center justify-between gap-4 px-6 py-4">
        <div>
          <Heading level="h1">Payments</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Card, bank and offline payments from the portal, pay links, autopay and admins
          </Text>
        </div>
      </div>
      {needingAttention > 0 && !filters.attention && (
        <div className="flex flex-wrap items-center justify-between gap-3 px-6 py-3">
          <div className="flex items-center gap-x-2" role="status">
            <ExclamationCircle className="text-ui-tag-orange-icon shrink-0" aria-hidden />
            <Text size="small" className="text-ui-fg-subtle">
              <span className="text-ui-fg-base font-medium">
                {needingAttention === 1 ? "1 payment needs attention" : `${needingAttention} payments need attention`}
              </span>
              : billing cannot finish {needingAttention === 1 ? "it" : "them"} with the payment provider, and{" "}
              {needingAttention === 1 ? "its" : "their"} invoices stay reserved.
            </Text>
          </div>
          <Button size="small" variant="secondary" onClick={() => filters.only({ attention: "true" })}>
            Show {needingAttention === 1 ? "it" : "them"}
          </Button>
        </div>
      )}
      <div className="flex flex-wrap items-end gap-3 px-6 py-4" role="search" aria-label="Filter payments">
        <FilterSelect
          id="payments-status"
          label="Status"
          allLabel="All statuses"
          options={PAYMENT_STATUS_LABELS}
          value={filters.status}
          onChange={(status) => filters.set({ status })}
        />
        <FilterSelect
          id="payments-method"
          label="Method"
          allLabel="All methods"
          options={PAYMENT_METHOD_LABELS}
          value={filters.method}
          onChange={(method) => filters.set({ method })}
        />
        <FilterDate
          id="payments-from"
          label="Created from"
          value={filters.from}
          max={filters.to}
          onChange={(created_from) => filters.set({ created_from })}
        />
        <FilterDate
          id="payments-to"
          label="Created to"
          value={filters.to}
          min={filters.from}
          onChange={(created_to) => filters.set({ created_to })}
        />
        {filters.attention && (
          <RemovableFilter label="Needs attention" removeLabel="Remove the needs-attention filter" onRemove={() => filters.set({ attention: null })} />
        )}
        {filters.customerId && (
          <RemovableFilter
            label={`Customer: ${filterCustomer ? customerName(filterCustomer) : filters.customerId}`}
            removeLabel="Remove the customer filter"
            onRemove={() => filters.set({ customer_id: null })}
          />
        )}
        {filters.filtered && (
          <Button size="small" variant="transparent" onClick={filters.clear}>
            Clear filters
          </Button>
        )}
      </div>
      {isError ? (
        <div className="px-6 py-8">
          <Text className="text-ui-fg-error" role="alert">
            Could not load payments: {errorMessage(error)}
          </Text>
        </div>
      ) : isPending ? (
        <div className="px-6 py-8">
          <Text className="text-ui-fg-subtle">Loading payments…</Text>
        </div>
      ) : payments.length === 0 ? (
        <div className="flex flex-col items-center gap-y-2 px-6 py-16 text-center">
          <CreditCard className="text-ui-fg-muted" />
          <Text weight="plus">{filters.filtered ? "No payments match these filters" : "No payments yet"}</Text>
          <Text size="small" className="text-ui-fg-subtle">
            {filters.filtered
              ? "Change or clear the filters to see more payments."
              : "Payments appear here when customers pay in the portal or by pay link, autopay charges them, or you record an offline payment."}
          </Text>
          {filters.filtered && (
            <Button size="small" variant="secondary" onClick={filters.clear}>
              Clear filters
            </Button>
          )}
        </div>
      ) : (
        <>
          <div className="overflow-x-auto">
            <Table aria-busy={isPlaceholderData}>
              <Table.Header>
                <Table.Row>
                  <Table.HeaderCell>Created</Table.HeaderCell>
                  <Table.HeaderCell>Customer</Table.HeaderCell>
                  <Table.HeaderCell>Method</Table.HeaderCell>
                  <Table.HeaderCell>Source</Table.HeaderCell>
                  <Table.HeaderCell>Status</Table.HeaderCell>
                  <Table.HeaderCell>Transaction ID</Table.HeaderCell>
                  <Table.HeaderCell className="text-right">Amount</Table.HeaderCell>
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {payments.map((p) => (
                  <Table.Row
                    key={p.id}
                    className="cursor-pointer"
                    onClick={(e) => {
                      if ((e.target as HTMLElement).closest("a")) return
                      navigate(`/billing/payments/${p.id}`)
                    }}
                  >
                    <Table.Cell className="whitespace-nowrap">
                      <Link to={`/billing/payments/${p.id}`} className={ROW_LINK}>
                        {formatDateTime(p.created_at)}
                      </Link>
                    </Table.Cell>
                    <Table.Cell>
                      <div className="flex flex-col py-1">
                        <Text size="small" weight="plus" leading="compact">
                          {customerName(p.customer)}
                        </Text>
                        {p.customer?.email && (
                          <Text size="xsmall" leading="compact" className="text-ui-fg-subtle">
                            {p.customer.email}
                          </Text>
                        )}
                      </div>
                    </Table.Cell>
                    <Table.Cell className="whitespace-nowrap">{methodLabel(p, { withReference: false })}</Table.Cell>
                    <Table.Cell>{PAYMENT_SOURCE_LABELS[p.source] ?? p.source}</Table.Cell>
                    <Table.Cell>
                      <div className="flex flex-col items-start gap-y-1 py-1">
                        <PaymentStatusBadge payment={p} />
                        {p.attention && (
                          <StatusBadge color="red" title={p.attention}>
                            Needs attention
                          </StatusBadge>
                        )}
                      </div>
                    </Table.Cell>
                    <Table.Cell className="max-w-[180px] truncate font-mono text-xs" title={p.transaction_id ?? undefined}>
                      {p.transaction_id ?? "—"}
                    </Table.Cell>
                    <Table.Cell className="whitespace-nowrap text-right tabular-nums">
                      {formatMoney(p.amount, p.currency_code)}
                      {p.refunded_amount > 0 && (
                        <Text size="xsmall" className="text-ui-fg-subtle">
                          −{formatMoney(p.refunded_amount, p.currency_code)} refunded
                        </Text>
                      )}
                    </Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          </div>
          <Table.Pagination
            count={count}
            pageSize={PAGE_SIZE}
            pageIndex={filters.page - 1}
            pageCount={pageCount}
            canPreviousPage={filters.page > 1}
            canNextPage={filters.page < pageCount}
            previousPage={() => filters.set({ page: filters.page > 2 ? String(filters.page - 1) : null }, false)}
            nextPage={() => filters.set({ page: String(filters.page + 1) }, false)}
          />
        </>
      )}
    </Container>
  )
}

export const config = defineRouteConfig({ label: "Payments", icon: CreditCard })

export default withBillingQuery(PaymentsPage)
