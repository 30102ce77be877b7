import { useQuery } from "@tanstack/react-query"
import { healthKeys } from "../query-keys"
import { sdk } from "../sdk"

/** One broken invariant of DESIGN sec. 4: its query's name, its number there, and the rows that break it. */
export type InvariantViolation = { invariant: string; number: number; rows: Record<string, unknown>[] }
export type HealthResponse = { ok: boolean; violations: InvariantViolation[] }

/** `GET /admin/billing/health`: the ledger's invariant queries, run now (read-only). */
export function useHealth() {
  return useQuery({
    queryKey: healthKeys.detail("ledger"),
    queryFn: () => sdk.client.fetch<HealthResponse>("/admin/billing/health"),
    // the queries scan the ledger: once a minute at most while the page stays open
    staleTime: 60_000,
  })
}
