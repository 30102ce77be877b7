/**
 * INTERIM — the hooks the customer widget needs from engineers A and B
 * (`hooks/invoices.ts`: `useInvoices`; `hooks/payments.ts`: `usePayments`;
 * `hooks/autopay.ts`: `useAutopay`, `useRunAutopay`, `useCancelAutopay`),
 * written against the same names and query keys so the widget's imports
 * are the only lines to change when their files are merged; then delete
 * this file. Callers toast the outcome (B's hooks leave that to them too).
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { autopayKeys, customerKeys, invoiceKeys, paymentKeys, reportKeys } from "../query-keys"
import { sdk } from "../sdk"
import type { InvoiceRow } from "../types"
import { withoutEmpty } from "./portal-users"

export type InvoicesQuery = { customer_id?: string; limit?: number; offset?: number; order?: string }

export function useInvoices(query: InvoicesQuery) {
  return useQuery({
    queryKey: invoiceKeys.list(query),
    queryFn: () =>
      sdk.client.fetch<{ invoices: InvoiceRow[]; count: number }>("/admin/billing/invoices", {
        query: withoutEmpty(query),
      }),
  })
}

export type PaymentRow = {
  id: string
  status: string
  method: string
  source: string
  currency_code: string
  amount: number
  refunded_amount: number
  transaction_id: string | null
  method_details: Record<string, unknown> | null
  created_at: string
  customer_id: string
}
export type PaymentsQuery = { customer_id?: string; limit?: number; offset?: number }

export function usePayments(query: PaymentsQuery) {
  return useQuery({
    queryKey: paymentKeys.list(query),
    queryFn: () =>
      sdk.client.fetch<{ payments: PaymentRow[]; count: number }>("/admin/billing/payments", {
        query: withoutEmpty(query),
      }),
  })
}

export type AutopayEnrollment = {
  id: string
  customer_id: string
  status: "active" | "paused" | "canceled"
  payment_method_label: string | null
  payment_method_type: string | null
  max_amount: number | null
  max_amount_currency_code: string | null
  consented_at: string | null
  terms_version: string | null
  consent_ip?: string | null
  pause_reason: string | null
}
export type AutopayQuery = { customer_id?: string; status?: string; limit?: number; offset?: number }

export function useAutopay(query: AutopayQuery) {
  return useQuery({
    queryKey: autopayKeys.list(query),
    queryFn: () =>
      sdk.client.fetch<{ enrollments: AutopayEnrollment[]; runs: unknown[]; count: number }>(
        "/admin/billing/autopay",
        { query: withoutEmpty(query) }
      ),
  })
}

/** A run charges invoices: payments, invoices, balances and aging change with it. */
function useInvalidateAfterCharge() {
  const client = useQueryClient()
  return () =>
    Promise.all(
      [autopayKeys.all, paymentKeys.all, invoiceKeys.all, customerKeys.all, reportKeys.all].map((queryKey) =>
        client.invalidateQueries({ queryKey })
      )
    )
}

export function useRunAutopay() {
  const invalidate = useInvalidateAfterCharge()
  return useMutation({
    mutationFn: (body: { customer_id?: string }) =>
      sdk.client.fetch<{ run: { id: string; charged: number; skipped: number; failed: number } }>(
        "/admin/billing/autopay/run",
        { method: "POST", body }
      ),
    onSettled: invalidate,
  })
}

export function useCancelAutopay() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (enrollmentId: string) =>
      sdk.client.fetch<{ autopay: AutopayEnrollment }>(`/admin/billing/autopay/${enrollmentId}/cancel`, {
        method: "POST",
        body: {},
      }),
    onSettled: () => client.invalidateQueries({ queryKey: autopayKeys.all }),
  })
}
