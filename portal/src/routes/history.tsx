import { Button, Container, Text } from "@medusajs/ui"
import { useMemo } from "react"
import { useSearchParams } from "react-router-dom"
import { useAccount } from "../api/account"
import { useHistory } from "../api/history"
import type { BillingAccount, HistoryEntry, HistoryQuery } from "../api/types"
import { FormField } from "../components/form-field"
import { StatementBuilder } from "../components/history/statement-builder"
import { PAGE_INTROS } from "../../../src/api/hosted-portal/first-frame"
import { PageHeading } from "../components/page-heading"
import { ErrorState, LoadingState } from "../components/page-state"
import { formatDate, formatMoney } from "../lib/money"
import { useDocumentTitle } from "../lib/use-document-title"

const PAGE_SIZE = 25
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/

/** Ledger entry types in the customer's words, when the entry has no description of its own. */
const TYPE_WORDS: Record<HistoryEntry["type"], string> = {
  invoice: "Invoice",
  payment: "Payment",
  payment_reversal: "Payment returned",
  refund: "Refund",
  void: "Invoice voided",
  credit_applied: "Credit applied",
  adjustment: "Adjustment",
}

/** An amount's digits without its sign (the column says which way it went). */
const unsigned = (amount: number) => String(amount).replace(/^-/, "")
const isNegative = (amount: number) => String(amount).startsWith("-")

export default function HistoryPage() {
  const account = useAccount().data as BillingAccount
  const { settings, balances } = account
  useDocumentTitle("History", settings.business_name)
  const currencies = balances.map((b) => b.currency_code)

  const [params, setParams] = useSearchParams()
  const currency = currencies.includes(params.get("currency") ?? "") ? params.get("currency")! : currencies[0]
  const from = ISO_DAY.test(params.get("from") ?? "") ? params.get("from")! : ""
  const to = ISO_DAY.test(params.get("to") ?? "") ? params.get("to")! : ""
  const page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1)
  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params)
    for (const [key, value] of Object.entries(changes)) {
      if (!value) next.delete(key)
      else next.set(key, value)
    }
    setParams(next, { replace: true, preventScrollReset: true })
  }

  const query: HistoryQuery = useMemo(
    () => ({
      currency_code: currency,
      ...(from || to
        ? { occurred_at: { ...(from ? { gte: `${from}T00:00:00.000Z` } : {}), ...(to ? { lte: `${to}T23:59:59.999Z` } : {}) } }
        : {}),
      offset: (page - 1) * PAGE_SIZE,
      limit: PAGE_SIZE,
    }),
    [currency, from, to, page]
  )
  const history = useHistory(query, { enabled: !!currency })
  const rangeError = from && to && from > to ? "The first day must not be after the last day" : undefined

  const hidden = !settings.history.show_charges
    ? "Charges are not listed here; your invoices are under Invoices."
    : !settings.history.show_payments
      ? "Payments are not listed here; each invoice shows what was paid on it."
      : null

  return (
    <>
      <PageHeading description={PAGE_INTROS.history.description}>{PAGE_INTROS.history.title}</PageHeading>

      {currencies.length === 0 ? (
        <Container className="flex flex-col gap-y-1">
          <Text weight="plus">No account activity yet</Text>
          <Text className="text-ui-fg-subtle">Invoices and payments show here once there are some.</Text>
        </Container>
      ) : (
        <>
          <div className="mb-4 flex flex-col gap-4 md:flex-row md:items-end md:justify-between">
            {currencies.length > 1 ? (
              <div role="group" aria-label="Currency" className="flex flex-wrap gap-2">
                {currencies.map((c) => (
                  <Button
                    key={c}
                    type="button"
                    size="small"
                    variant={c === currency ? "primary" : "secondary"}
                    aria-pressed={c === currency}
                    onClick={() => update({ currency: c, page: null })}
                  >
                    {c.toUpperCase()}
                  </Button>
                ))}
              </div>
            ) : (
              <span />
            )}
            <div className="grid grid-cols-2 gap-3 md:w-96">
              <FormField
                id="history-from"
                label="From"
                type="date"
                value={from}
                error={rangeError}
                onChange={(e) => update({ from: e.target.value || null, page: null })}
              />
              <FormField id="history-to" label="To" type="date" value={to} onChange={(e) => update({ to: e.target.value || null, page: null })} />
            </div>
          </div>

          {hidden && (
            <Text size="small" className="text-portal-on-background-subtle mb-3">
              {hidden}
            </Text>
          )}

          {rangeError ? null : history.isPending ? (
            <LoadingState label="Loading your history…" />
          ) : history.isError ? (
            <ErrorState error={history.error} title="Your history could not be loaded" onRetry={() => history.refetch()} />
          ) : history.data.history.length === 0 ? (
            <Container className="flex flex-col gap-y-1">
              <Text weight="plus">{from || to ? "Nothing in these dates" : "No account activity yet"}</Text>
              <Text className="text-ui-fg-subtle">
                {from || to ? "Try other dates, or clear them to see everything." : "Invoices and payments show here once there are some."}
              </Text>
            </Container>
          ) : (
            <div aria-busy={history.isFetching} className={history.isPlaceholderData ? "opacity-60" : undefined}>
              <Ledger entries={history.data.history} currency={currency} />
              <Pager
                page={page}
                pages={Math.max(1, Math.ceil(history.data.count / PAGE_SIZE))}
                count={history.data.count}
                onPage={(p) => update({ page: p > 1 ? String(p) : null })}
              />
            </div>
          )}

          <section aria-labelledby="statement-heading" className="mt-8">
            <h2 id="statement-heading" className="h2-core text-portal-on-background mb-3">
              Statement
            </h2>
            <StatementBuilder key={`${currency}-${from}-${to}`} currencies={currencies} defaultCurrency={currency} defaultFrom={from} defaultTo={to} />
          </section>
        </>
      )}
    </>
  )
}

function Ledger({ entries, currency }: { entries: HistoryEntry[]; currency: string }) {
  const money = (amount: number | string) => formatMoney(amount, currency)
  const describe = (entry: HistoryEntry) => entry.description || TYPE_WORDS[entry.type] || entry.type
  return (
    <>
      <Container className="hidden overflow-hidden p-0 md:block">
        <table className="w-full text-left" data-testid="history-table">
          <caption className="sr-only">Account history in {currency.toUpperCase()}, newest first</caption>
          <thead className="border-ui-border-base txt-compact-small-plus text-ui-fg-subtle border-b">
            <tr>
              <th scope="col" className="px-4 py-3">Date</th>
              <th scope="col" className="px-4 py-3">Description</th>
              <th scope="col" className="px-4 py-3 text-right">Charge</th>
              <th scope="col" className="px-4 py-3 text-right">Payments and credits</th>
              <th scope="col" className="px-4 py-3 text-right">Balance</th>
            </tr>
          </thead>
          <tbody className="txt-compact-small">
            {entries.map((entry) => (
              <tr key={entry.id} data-entry={entry.id} className="border-ui-border-base border-b last:border-0">
                <td className="text-ui-fg-subtle whitespace-nowrap px-4 py-3">{formatDate(entry.occurred_at)}</td>
                <td className="px-4 py-3">{describe(entry)}</td>
                <td className="whitespace-nowrap px-4 py-3 text-right tabular-nums">{isNegative(entry.amount) ? "" : money(entry.amount)}</td>
                <td className="whitespace-nowrap px-4 py-3 text-right tabular-nums">{isNegative(entry.amount) ? money(unsigned(entry.amount)) : ""}</td>
                <td className="txt-compact-small-plus whitespace-nowrap px-4 py-3 text-right tabular-nums" data-testid="running-balance">
                  {money(entry.balance_after)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Container>
      <ul className="flex flex-col gap-y-2 md:hidden" aria-label={`Account history in ${currency.toUpperCase()}, newest first`}>
        {entries.map((entry) => (
          <li key={entry.id} data-entry={entry.id} className="bg-ui-bg-base shadow-elevation-card-rest flex flex-col gap-y-1 rounded-lg p-4">
            <div className="flex items-baseline justify-between gap-x-3">
              <Text size="small" weight="plus" className="min-w-0">
                {describe(entry)}
              </Text>
              <Text size="small" weight="plus" className="whitespace-nowrap tabular-nums">
                {/* only a payment is "Paid": a void or a credit lowers the balance without one */}
                {isNegative(entry.amount)
                  ? entry.type === "payment"
                    ? `Paid ${money(unsigned(entry.amount))}`
                    : `−${money(unsigned(entry.amount))}`
                  : money(entry.amount)}
              </Text>
            </div>
            <div className="flex items-baseline justify-between gap-x-3">
              <Text size="small" className="text-ui-fg-subtle">
                {formatDate(entry.occurred_at)}
              </Text>
              <Text size="small" className="text-ui-fg-subtle whitespace-nowrap tabular-nums">
                Balance {money(entry.balance_after)}
              </Text>
            </div>
          </li>
        ))}
      </ul>
    </>
  )
}

function Pager({ page, pages, count, onPage }: { page: number; pages: number; count: number; onPage: (page: number) => void }) {
  if (pages <= 1) return null
  return (
    <nav aria-label="History pages" className="mt-4 flex items-center justify-between gap-x-3">
      <Button variant="secondary" size="small" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous
      </Button>
      <Text size="small" className="text-portal-on-background-subtle">
        Page {page} of {pages} · {count} entries
      </Text>
      <Button variant="secondary" size="small" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        Next
      </Button>
    </nav>
  )
}
