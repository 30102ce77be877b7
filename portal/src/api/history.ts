import { useMutation, useQuery } from "@tanstack/react-query"
import { billing } from "../lib/billing"
import { downloadBlob, statementFilename } from "../lib/download"
import { billingKeys } from "./query-keys"
import type { HistoryQuery, StatementPeriod } from "./types"

/** GET /store/billing/history: ledger entries, newest first, with the running balance (needs the History tab). */
export function useHistory(query: HistoryQuery, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: billingKeys.history(query),
    queryFn: ({ signal }) => billing.getHistory(query, { signal }),
    enabled: options.enabled ?? true,
    placeholderData: (previous) => previous,
  })
}

export type StatementRequest = {
  currency_code: string
  period: StatementPeriod
  /** `YYYY-MM-DD`, for a range */
  from?: string
  /** `YYYY-MM-DD` (the whole day is included); today when left out */
  to?: string
}

/** GET /store/billing/statement as a PDF download. */
export function useDownloadStatement() {
  return useMutation({
    mutationFn: async (request: StatementRequest) => {
      const { currency_code, period } = request
      const range = period === "range"
      const blob = await billing.downloadStatement({
        currency_code,
        period,
        ...(range && request.from ? { from: request.from } : {}),
        ...(request.to ? { to: request.to } : {}),
      })
      const to = request.to || todayIso()
      const from = range ? request.from : period === "since_zero" ? "last-zero" : undefined
      downloadBlob(blob, statementFilename(currency_code, from, to))
    },
  })
}

/** Today's date as `YYYY-MM-DD` in the customer's own time zone. */
export function todayIso(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0")
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}
