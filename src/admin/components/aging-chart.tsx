import { Container, Heading, Text } from "@medusajs/ui"
import { HealthBadge } from "./health-badge"
import { useAgingReport } from "../lib/hooks/reports"
import { formatMoney } from "../lib/money"
import { adminHref } from "../lib/pager"
import { withBillingQuery } from "../lib/query"
import { errorMessage } from "../lib/sdk"

// Current → oldest: from calm to alarming.
const BUCKET_COLORS: Record<string, string> = {
  current: "bg-ui-tag-green-icon",
  "1_30": "bg-ui-tag-blue-icon",
  "31_60": "bg-ui-tag-orange-icon",
  "61_90": "bg-ui-tag-red-icon",
  "90_plus": "bg-ui-tag-purple-icon",
}

/** The invoices list filtered to one bucket of one currency (the list reads `aging` and `currency_code`). */
export const agingBucketPath = (bucket: string, currencyCode: string) =>
  `/billing?${new URLSearchParams({ aging: bucket, currency_code: currencyCode })}`

/**
 * Receivables aging (GET /admin/billing/reports/aging): one stacked bar per
 * currency; each bucket links to its invoices. `customerId` narrows it to
 * one customer.
 */
const AgingChartContent = ({ customerId }: { customerId?: string }) => {
  const report = useAgingReport(customerId ? { customer_id: customerId } : {})
  const rows = report.data?.aging ?? null
  const error = report.error ? errorMessage(report.error) : null

  return (
    <Container className="flex flex-col gap-y-4 px-6 py-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <Heading level="h2">Receivables aging</Heading>
        <HealthBadge />
      </div>
      {error && <Text className="text-ui-fg-error">{error}</Text>}
      {rows && !rows.length && <Text className="text-ui-fg-subtle">No open invoices.</Text>}
      {rows?.map((row) => (
        <div key={row.currency_code} className="flex flex-col gap-y-2">
          <div className="flex items-baseline justify-between">
            <Text weight="plus">{row.currency_code.toUpperCase()}</Text>
            <Text size="small" className="text-ui-fg-subtle">
              {formatMoney(row.total, row.currency_code)} open in {row.count} invoice{row.count === 1 ? "" : "s"}
            </Text>
          </div>
          <div className="bg-ui-bg-subtle flex h-3 w-full overflow-hidden rounded-full" role="img" aria-label="Aging">
            {row.buckets
              .filter((b) => b.amount > 0)
              .map((b) => (
                <div
                  key={b.key}
                  className={BUCKET_COLORS[b.key]}
                  // display only: the amounts themselves are exact from the API
                  style={{ width: `${(b.amount / row.total) * 100}%` }}
                  title={`${b.label}: ${formatMoney(b.amount, row.currency_code)}`}
                />
              ))}
          </div>
          <div className="grid grid-cols-5 gap-2">
            {row.buckets.map((b) => (
              <a
                key={b.key}
                href={adminHref(agingBucketPath(b.key, row.currency_code))}
                aria-label={`${b.label}, ${row.currency_code.toUpperCase()}: ${formatMoney(b.amount, row.currency_code)} in ${b.count} invoice${b.count === 1 ? "" : "s"}`}
                className="hover:bg-ui-bg-subtle-hover focus-visible:shadow-borders-focus -mx-1 flex flex-col rounded-md px-1 py-0.5 outline-none"
              >
                <div className="flex items-center gap-1">
                  <span className={`inline-block h-2 w-2 rounded-full ${BUCKET_COLORS[b.key]}`} />
                  <Text size="xsmall" className="text-ui-fg-subtle">
                    {b.label}
                  </Text>
                </div>
                <Text size="small" className="text-ui-fg-interactive-hover hover:underline">
                  {formatMoney(b.amount, row.currency_code)}
                </Text>
              </a>
            ))}
          </div>
        </div>
      ))}
    </Container>
  )
}

/** Carries the billing query client itself, so any page can render it (a page already wrapped shares the same client). */
export const AgingChart = withBillingQuery(AgingChartContent)
