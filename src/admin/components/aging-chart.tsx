import { Container, Heading, Text } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { adminGet, formatMoney } from "../lib/api"

type AgingBucket = { key: string; label: string; amount: number; count: number }
type AgingRow = { currency_code: string; total: number; count: number; buckets: AgingBucket[] }

// Current → oldest: from calm to alarming.
const BUCKET_COLORS: Record<string, string> = {
  current: "bg-ui-tag-green-icon",
  "1_30": "bg-ui-tag-blue-icon",
  "31_60": "bg-ui-tag-orange-icon",
  "61_90": "bg-ui-tag-red-icon",
  "90_plus": "bg-ui-tag-purple-icon",
}

/** Receivables aging (GET /admin/billing/reports/aging): one stacked bar per currency. */
export const AgingChart = () => {
  const [rows, setRows] = useState<AgingRow[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    adminGet<{ aging: AgingRow[] }>("/admin/billing/reports/aging")
      .then((res) => setRows(res.aging))
      .catch((e) => setError(e.message))
  }, [])

  return (
    <Container className="flex flex-col gap-y-4 px-6 py-4">
      <Heading level="h2">Receivables aging</Heading>
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
              <div key={b.key} className="flex flex-col">
                <div className="flex items-center gap-1">
                  <span className={`inline-block h-2 w-2 rounded-full ${BUCKET_COLORS[b.key]}`} />
                  <Text size="xsmall" className="text-ui-fg-subtle">
                    {b.label}
                  </Text>
                </div>
                <Text size="small">{formatMoney(b.amount, row.currency_code)}</Text>
              </div>
            ))}
          </div>
        </div>
      ))}
    </Container>
  )
}
