import { useQuery } from "@tanstack/react-query"
import { reportKeys } from "../query-keys"
import { sdk } from "../sdk"
import { withoutEmpty } from "./portal-users"

export type AgingBucket = { key: string; label: string; amount: number; count: number }
export type AgingRow = { currency_code: string; total: number; count: number; buckets: AgingBucket[] }
export type AgingQuery = { customer_id?: string; currency_code?: string }

/** `GET /admin/billing/reports/aging`: open receivables per currency in the buckets of `src/domain/aging.ts`. */
export function useAgingReport(query: AgingQuery = {}) {
  return useQuery({
    queryKey: reportKeys.detail("aging", query),
    queryFn: () =>
      sdk.client.fetch<{ as_of: string; aging: AgingRow[] }>("/admin/billing/reports/aging", {
        query: withoutEmpty(query),
      }),
  })
}
