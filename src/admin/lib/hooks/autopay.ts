import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { autopayKeys, customerKeys } from "../query-keys"
import { sdk } from "../sdk"
import { invalidateAfterMoneyMoved, type PaymentCustomer } from "./payments"

export type AutopayStatus = "active" | "paused" | "canceled"

export type AutopayEnrollment = {
  id: string
  customer_id: string
  customer: PaymentCustomer | null
  status: AutopayStatus
  payment_method_id: string
  payment_method_type: string
  /** "Visa •••• 4242" */
  payment_method_label: string | null
  /** cap per run in major units, null when uncapped */
  max_amount: number | null
  max_amount_currency_code: string | null
  consented_at: string
  terms_version: string
  terms_text: string
  consent_ip: string | null
  consent_user_agent: string | null
  paused_at: string | null
  pause_reason: string | null
  canceled_at: string | null
  created_at: string
}

/** one failed charge of a run: `{ enrollment_id, currency_code, error }` (or `{ error }` for an aborted run) */
export type AutopayRunError = { enrollment_id?: string; currency_code?: string; error: string }

export type AutopayRun = {
  id: string
  trigger: string
  /** the one customer a run was for; null for a run over everyone */
  customer_id: string | null
  customer: PaymentCustomer | null
  started_at: string
  finished_at: string | null
  enrollments: number
  charged: number
  skipped: number
  failed: number
  errors: AutopayRunError[] | null
}

export type AutopayQuery = {
  customer_id?: string
  status?: AutopayStatus
  offset?: number
  limit?: number
}

export type AutopayResponse = {
  enrollments: AutopayEnrollment[]
  runs: AutopayRun[]
  count: number
  offset: number
  limit: number
}

/** Autopay enrollments (with each customer's name and email) and the latest runs. */
export function useAutopay(query: AutopayQuery = {}, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: autopayKeys.list(query as Record<string, unknown>),
    queryFn: () => sdk.client.fetch<AutopayResponse>("/admin/billing/autopay", { method: "GET", query }),
    placeholderData: (previous) => previous,
    enabled: options.enabled ?? true,
  })
}

export type RunAutopayResponse = {
  run: AutopayRun & { results?: unknown[]; payment_ids?: string[]; truncated?: boolean }
}

/** "Charged 1, skipped 0, failed 0" — what a run did, for a toast. */
export function autopayRunSummary(run: Pick<AutopayRun, "charged" | "skipped" | "failed">): string {
  return `Charged ${run.charged}, skipped ${run.skipped}, failed ${run.failed}`
}

/** Runs autopay now: for everyone (`mutate({})`) or one customer (`mutate({ customer_id })`). */
export function useRunAutopay() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: { customer_id?: string } = {}) =>
      sdk.client.fetch<RunAutopayResponse>("/admin/billing/autopay/run", {
        method: "POST",
        body: input.customer_id ? { customer_id: input.customer_id } : {},
      }),
    onSuccess: (_data, input) =>
      Promise.all([
        client.invalidateQueries({ queryKey: autopayKeys.all }),
        invalidateAfterMoneyMoved(client, input?.customer_id ?? null),
      ]),
  })
}

/** Cancels an enrollment: `mutate(enrollmentId)`. */
export function useCancelAutopay() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (enrollmentId: string) =>
      sdk.client.fetch<{ autopay: AutopayEnrollment }>(`/admin/billing/autopay/${enrollmentId}/cancel`, {
        method: "POST",
        body: {},
      }),
    onSuccess: (data) =>
      Promise.all([
        client.invalidateQueries({ queryKey: autopayKeys.all }),
        client.invalidateQueries({ queryKey: [...customerKeys.details(), data.autopay.customer_id] }),
      ]),
  })
}
