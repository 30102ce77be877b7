import { Button, Container, Input, Label, Text } from "@medusajs/ui"
import { useDeferredValue, useEffect, useMemo, useState } from "react"
import { Link, useSearchParams } from "react-router-dom"
import { useAccount } from "../api/account"
import { useInvoices } from "../api/invoices"
import type { BillingAccount, Invoice, InvoiceListQuery } from "../api/types"
import { InvoiceList } from "../components/invoices/invoice-list"
import { selectionTotal, type SelectedInvoice } from "../components/invoices/selection"
import { PAGE_INTROS } from "../../../src/api/hosted-portal/first-frame"
import { PageHeading } from "../components/page-heading"
import { ErrorState, LoadingState } from "../components/page-state"
import { ThemedButton } from "../components/themed-button"
import { formatMoney, isZero } from "../lib/money"
import { makePaymentPath } from "../lib/tabs"
import { useDocumentTitle } from "../lib/use-document-title"

const PAGE_SIZE = 10
const SEARCH_DELAY_MS = 300

const FILTERS = [
  { key: "all", label: "All" },
  { key: "open", label: "Unpaid" },
  { key: "overdue", label: "Overdue" },
  { key: "paid", label: "Paid" },
] as const
type FilterKey = (typeof FILTERS)[number]["key"]

const isFilter = (value: string | null): value is FilterKey => FILTERS.some((f) => f.key === value)

/**
 * The API's filters for a status choice: "Unpaid" is open and partly paid
 * invoices; "Overdue" those of them past due by the business's calendar
 * (the server's `overdue`, the same rule as each invoice's "Past due" mark).
 */
function statusQuery(filter: FilterKey): Pick<InvoiceListQuery, "status" | "overdue"> {
  switch (filter) {
    case "open":
      return { status: ["open", "partially_paid"] }
    case "overdue":
      return { status: ["open", "partially_paid"], overdue: true }
    case "paid":
      return { status: ["paid"] }
    default:
      return {}
  }
}

export default function InvoicesPage() {
  const account = useAccount().data as BillingAccount
  const { settings } = account
  useDocumentTitle("Invoices", settings.business_name)
  const canPay = settings.tabs.payments

  // the filter, search and page live in the address, so Back and a shared link work
  const [params, setParams] = useSearchParams()
  const filter: FilterKey = isFilter(params.get("status")) ? (params.get("status") as FilterKey) : "all"
  const q = params.get("q")?.trim() ?? ""
  const page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1)
  const update = (changes: Record<string, string | null>, replace = false) => {
    const next = new URLSearchParams(params)
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === "") next.delete(key)
      else next.set(key, value)
    }
    setParams(next, { replace, preventScrollReset: true })
  }

  const query: InvoiceListQuery = useMemo(
    () => ({ ...statusQuery(filter), ...(q ? { q } : {}), offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE }),
    [filter, q, page]
  )
  const invoices = useInvoices(query, { keepPrevious: true })

  const [selected, setSelected] = useState<Map<string, SelectedInvoice>>(() => new Map())
  const [mixNotice, setMixNotice] = useState<string | null>(null)
  const toggle = (invoice: Invoice, checked: boolean) => {
    const next = new Map(selected)
    if (checked) {
      const current = selected.values().next().value as SelectedInvoice | undefined
      if (current && current.currency_code !== invoice.currency_code) {
        setMixNotice(
          `${invoice.number} is in ${invoice.currency_code.toUpperCase()} and your selection is in ${current.currency_code.toUpperCase()}. ` +
            `Invoices in different currencies are paid separately: pay these first, or clear the selection.`
        )
        return
      }
      next.set(invoice.id, invoice)
    } else {
      next.delete(invoice.id)
    }
    setMixNotice(null)
    setSelected(next)
  }
  const clearSelection = () => {
    setSelected(new Map())
    setMixNotice(null)
  }

  const filtered = filter !== "all" || q !== ""
  // the list renders in its own interruptible pass after the answer arrives
  // (a synchronous render of a page of rows was one long task on a phone)
  const data = useDeferredValue(invoices.data)
  // until that pass has run, the rows on screen are the previous answer's: dimmed and busy like a page still loading
  const behind = data !== invoices.data
  const loading = { className: invoices.isPlaceholderData || behind ? "opacity-60 transition-opacity" : undefined, "aria-busy": invoices.isFetching || behind }
  const pages = data ? Math.max(1, Math.ceil(data.count / PAGE_SIZE)) : 1
  const payAll = canPay ? account.balances.filter((b) => !isZero(b.total_balance) && !b.total_balance.toString().startsWith("-")) : []

  return (
    <>
      <PageHeading description={PAGE_INTROS.invoices.description}>{PAGE_INTROS.invoices.title}</PageHeading>

      {payAll.length > 0 && (
        <div className="mb-6 flex flex-wrap items-center gap-2">
          {payAll.map((balance) => (
            <Button key={balance.currency_code} variant="secondary" asChild>
              <Link to={makePaymentPath({ mode: "total_balance", currency: balance.currency_code })}>
                Pay all {formatMoney(balance.total_balance, balance.currency_code)}
              </Link>
            </Button>
          ))}
        </div>
      )}

      <div className="mb-4 flex flex-col gap-4 md:flex-row md:items-end md:justify-between">
        <div role="group" aria-label="Show invoices" className="flex flex-wrap gap-2">
          {FILTERS.map((f) => (
            <Button
              key={f.key}
              type="button"
              size="small"
              variant={filter === f.key ? "primary" : "secondary"}
              aria-pressed={filter === f.key}
              onClick={() => update({ status: f.key === "all" ? null : f.key, page: null })}
            >
              {f.label}
            </Button>
          ))}
        </div>
        <SearchBox q={q} onSearch={(value) => update({ q: value || null, page: null })} />
      </div>

      <div aria-live="polite" className="sr-only">
        {data && !invoices.isFetching && !behind ? `${data.count} ${data.count === 1 ? "invoice" : "invoices"}` : ""}
      </div>

      {!data && !invoices.isError ? (
        <LoadingState label="Loading invoices…" />
      ) : invoices.isError ? (
        <ErrorState error={invoices.error} title="Your invoices could not be loaded" onRetry={() => invoices.refetch()} />
      ) : data!.invoices.length === 0 ? (
        <div {...loading}>
          <EmptyState filtered={filtered} businessName={settings.business_name} onReset={() => update({ status: null, q: null, page: null })} />
        </div>
      ) : (
        <div {...loading}>
          <InvoiceList invoices={data!.invoices} selectable={canPay} selected={new Set(selected.keys())} onToggle={toggle} />
          {pages > 1 && (
            <nav aria-label="Invoice pages" className="mt-4 flex items-center justify-between gap-x-3">
              <Button variant="secondary" size="small" disabled={page <= 1} onClick={() => update({ page: page - 1 > 1 ? String(page - 1) : null })}>
                Previous
              </Button>
              <Text size="small" className="text-portal-on-background-subtle">
                Page {page} of {pages} · {data!.count} invoices
              </Text>
              <Button variant="secondary" size="small" disabled={page >= pages} onClick={() => update({ page: String(page + 1) })}>
                Next
              </Button>
            </nav>
          )}
        </div>
      )}

      {canPay && (selected.size > 0 || mixNotice) && (
        <SelectionBar selected={[...selected.values()]} notice={mixNotice} onClear={clearSelection} />
      )}
    </>
  )
}

/** The search field: the address changes once typing pauses, not on every key. */
function SearchBox({ q, onSearch }: { q: string; onSearch: (value: string) => void }) {
  const [text, setText] = useState(q)
  // Back / Forward changes the address: the field follows it
  useEffect(() => setText(q), [q])
  useEffect(() => {
    if (text.trim() === q) return
    const timer = setTimeout(() => onSearch(text.trim()), SEARCH_DELAY_MS)
    return () => clearTimeout(timer)
  }, [text])
  return (
    <form
      role="search"
      className="flex w-full flex-col gap-y-1.5 md:w-72"
      onSubmit={(event) => {
        event.preventDefault()
        if (text.trim() !== q) onSearch(text.trim())
      }}
    >
      <Label htmlFor="invoice-search">Search invoices</Label>
      <Input
        id="invoice-search"
        // not type="search": @medusajs/ui draws its icon there as an unnamed role="img"
        type="text"
        enterKeyHint="search"
        autoComplete="off"
        placeholder="Invoice number or note"
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
    </form>
  )
}

function EmptyState({ filtered, businessName, onReset }: { filtered: boolean; businessName: string | null; onReset: () => void }) {
  return (
    <Container className="flex flex-col items-start gap-y-2">
      {filtered ? (
        <>
          <Text weight="plus">No invoice matches</Text>
          <Text className="text-ui-fg-subtle">Try another status or search, or show every invoice.</Text>
          <Button variant="secondary" size="small" onClick={onReset}>
            Show all invoices
          </Button>
        </>
      ) : (
        <>
          <Text weight="plus">No invoices yet</Text>
          <Text className="text-ui-fg-subtle">
            When {businessName || "we"} {businessName ? "sends" : "send"} you an invoice, it shows here.
          </Text>
        </>
      )}
    </Container>
  )
}

/** Sticks to the bottom of the screen while invoices are selected: how many, their total, and the way to pay them. */
function SelectionBar({ selected, notice, onClear }: { selected: SelectedInvoice[]; notice: string | null; onClear: () => void }) {
  const total = selectionTotal(selected)
  const amount = total ? formatMoney(total.total, total.currency_code) : ""
  return (
    <div className="sticky bottom-0 z-10 -mx-4 mt-6 px-4 pb-4" data-testid="selection-bar">
      <div className="bg-ui-bg-base shadow-elevation-flyout flex flex-col gap-3 rounded-lg p-4 sm:flex-row sm:items-center sm:justify-between">
        <div className="flex min-w-0 flex-col gap-y-1" aria-live="polite">
          {selected.length > 0 && (
            <Text weight="plus" data-testid="selection-summary">
              {selected.length} {selected.length === 1 ? "invoice" : "invoices"} selected · {amount}
            </Text>
          )}
          {notice && (
            <Text size="small" className="text-ui-fg-error" role="alert">
              {notice}
            </Text>
          )}
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Button variant="secondary" onClick={onClear}>
            Clear selection
          </Button>
          {selected.length > 0 && (
            <ThemedButton asChild className="grow sm:grow-0">
              <Link to={makePaymentPath({ invoices: selected.map((i) => i.id) })}>
                Pay selected ({selected.length}) {amount}
              </Link>
            </ThemedButton>
          )}
        </div>
      </div>
    </div>
  )
}
