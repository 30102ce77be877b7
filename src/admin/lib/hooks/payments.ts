import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query"
import type { MethodDetails } from "../../../domain/payment-method-label"
import { useAttemptKey } from "../attempt-key"
import { customerKeys, invoiceKeys, paymentKeys, reportKeys } from "../query-keys"
import { sdk } from "../sdk"

export type PaymentStatus = "pending" | "processing" | "succeeded" | "failed" | "canceled" | "reversed"
export type PaymentMethod = "card" | "us_bank_account" | "manual" | "credit"
export type PaymentSource = "portal" | "autopay" | "pay_link" | "admin"

/** The customer a payment belongs to, as the list and detail show it (null when the customer is gone). */
export type PaymentCustomer = {
  id: string
  email: string | null
  first_name: string | null
  last_name: string | null
  company_name: string | null
}

export type PaymentAllocation = {
  id: string
  invoice_id: string
  /** amount in major units (JSON number, as the API sends every amount) */
  amount: number
  status: string
  /** "INV-0042", on the detail route */
  invoice_number?: string | null
  invoice_display_id?: number | null
  invoice_status?: string | null
  /** what is still due on the invoice now, major units */
  invoice_amount_due?: number | null
}

export type AdminPayment = {
  id: string
  customer_id: string
  customer: PaymentCustomer | null
  status: PaymentStatus
  mode: string
  method: PaymentMethod
  source: PaymentSource
  currency_code: string
  amount: number
  unapplied_amount: number
  refunded_amount: number
  transaction_id: string | null
  method_details: MethodDetails | null
  failure_reason: string | null
  note: string | null
  completed_at: string | null
  created_at: string
  provider_id?: string | null
  allocations?: PaymentAllocation[]
  /** why the reconciler cannot finish this payment (the provider's own words), or null */
  attention?: string | null
  /** when that problem was first seen */
  attention_since?: string | null
}

export type AdminRefund = {
  id: string
  payment_id: string
  amount: number
  currency_code: string
  status: string
  reason: string | null
  provider_refund_id: string | null
  created_at: string
  completed_at: string | null
}

export type PaymentTimelineEvent = {
  /** created | processing | succeeded | failed | canceled | reversed | refund_requested | refunded | refund_failed | allocated | … */
  type: string
  at: string
  label: string
  amount?: number | null
  detail?: string | null
}

/** `GET /admin/billing/payments/:id`: the payment with its refunds and timeline. */
export type AdminPaymentDetail = AdminPayment & {
  allocations: PaymentAllocation[]
  provider_reference: string | null
  /** what can still be refunded, major units */
  refundable_amount: number
  refunds: AdminRefund[]
  timeline: PaymentTimelineEvent[]
}

export type PaymentsQuery = {
  customer_id?: string | string[]
  status?: PaymentStatus | PaymentStatus[]
  method?: PaymentMethod | PaymentMethod[]
  /** "true": only the payments that need attention, oldest problem first */
  attention?: "true"
  created_at?: { gte?: string; lte?: string; gt?: string; lt?: string }
  offset?: number
  limit?: number
}

export type PaymentsResponse = { payments: AdminPayment[]; count: number; offset: number; limit: number }

/** Payments, newest first, with each payment's customer (name and email). */
export function usePayments(query: PaymentsQuery = {}, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: paymentKeys.list(query as Record<string, unknown>),
    queryFn: () => sdk.client.fetch<PaymentsResponse>("/admin/billing/payments", { method: "GET", query }),
    placeholderData: (previous) => previous,
    enabled: options.enabled ?? true,
  })
}

/** One payment with allocations, refunds and its timeline. */
export function usePayment(id: string | undefined) {
  return useQuery({
    queryKey: paymentKeys.detail(id ?? ""),
    queryFn: () => sdk.client.fetch<{ payment: AdminPaymentDetail }>(`/admin/billing/payments/${id}`, { method: "GET" }),
    enabled: !!id,
  })
}

/**
 * After money moved (a refund, an autopay charge, an offline payment): the
 * payments, the invoices, the customer's account (balances) and the reports
 * (aging) are all stale.
 */
export function invalidateAfterMoneyMoved(client: QueryClient, customerId?: string | null) {
  return Promise.all([
    client.invalidateQueries({ queryKey: paymentKeys.all }),
    client.invalidateQueries({ queryKey: invoiceKeys.all }),
    client.invalidateQueries({ queryKey: customerId ? [...customerKeys.details(), customerId] : customerKeys.all }),
    client.invalidateQueries({ queryKey: reportKeys.all }),
  ])
}

export type RefundPreview = {
  amount: number
  currency_code: string
  refundable_amount: number
  /** taken out of the credit the payment left unapplied */
  from_credit: number
  /** invoices owed again, most recently due first */
  reopens: { invoice_id: string; display_id: number; number: string; amount: number; amount_due_after: number }[]
  /** other credit the customer holds in this currency, applied to the reopened invoices */
  customer_credit: number
}

/**
 * What a refund of `amount` (major units as typed; everything refundable
 * when empty) would reopen, decided on the server the way the refund
 * workflow decides it. Runs only when `enabled` (the confirmation step).
 */
export function refundPreviewQuery(id: string, amount: string) {
  const query = amount.trim() ? { amount: amount.trim() } : {}
  return {
    queryKey: [...paymentKeys.detail(id), "refund-preview", query] as const,
    queryFn: () =>
      sdk.client.fetch<{ preview: RefundPreview }>(`/admin/billing/payments/${id}/refund-preview`, { method: "GET", query }),
    staleTime: 0,
    gcTime: 0,
  }
}

export function useRefundPreview(id: string, amount: string, options: { enabled?: boolean } = {}) {
  return useQuery({ ...refundPreviewQuery(id, amount), enabled: options.enabled ?? true })
}

export type RefundInput = {
  /** major units as typed ("12.50"); omitted for the whole refundable amount */
  amount?: string
  reason?: string
}

export type RefundResponse = { payment: AdminPayment; refund: AdminRefund }

/**
 * Refunds a payment. Each refund attempt gets one `Idempotency-Key`; sending
 * the same body again after a failure (a retry of that attempt) reuses it, so
 * the server refunds at most once. A changed amount or reason is a new
 * attempt with a new key; a success ends the attempt. Call `newAttempt()`
 * when the refund form opens afresh.
 */
export function useRefundPayment(id: string) {
  const client = useQueryClient()
  const attempt = useAttemptKey("admin-refund")
  const mutation = useMutation({
    mutationFn: (input: RefundInput) => {
      const body: RefundInput = {}
      if (input.amount !== undefined && input.amount.trim() !== "") body.amount = input.amount.trim()
      if (input.reason !== undefined && input.reason.trim() !== "") body.reason = input.reason.trim()
      return sdk.client.fetch<RefundResponse>(`/admin/billing/payments/${id}/refund`, {
        method: "POST",
        body,
        headers: { "Idempotency-Key": attempt.keyFor(body) },
      })
    },
    onSuccess: (data) => {
      attempt.done()
      return invalidateAfterMoneyMoved(client, data.payment.customer_id)
    },
  })
  return Object.assign(mutation, { newAttempt: attempt.done })
}

/**
 * Finishes a refund an earlier request left pending (`POST …/refunds/:refund_id/finish`):
 * the provider refund is found or made, then recorded. The payment, its
 * invoices and the customer's balances are re-read whatever the answer
 * (a refused refund is removed from the list).
 */
export function useFinishRefund(paymentId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (refundId: string) =>
      sdk.client.fetch<RefundResponse>(`/admin/billing/payments/${paymentId}/refunds/${refundId}/finish`, { method: "POST", body: {} }),
    onSettled: (data) => invalidateAfterMoneyMoved(client, data?.payment.customer_id),
  })
}

/** `POST /admin/billing/payments/:id/reconcile`: the payment as it is after the check, and whether its status moved. */
export type CheckPaymentResponse = { payment: AdminPayment; changed: boolean }

/**
 * Checks a pending or processing payment with its provider now, as the
 * reconciler's next run would (under the same lock). The payment's pages,
 * the invoices and balances it holds are re-read afterwards, whatever the
 * answer (a refusal may mean the page was stale). `onSuccess` and `onError`
 * are the mutation's own, so they run even when the button that started the
 * check is gone by then.
 */
export function useCheckPayment(
  id: string,
  options: { onSuccess?: (data: CheckPaymentResponse) => void; onError?: (error: Error) => void } = {}
) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: () => sdk.client.fetch<CheckPaymentResponse>(`/admin/billing/payments/${id}/reconcile`, { method: "POST", body: {} }),
    onSuccess: options.onSuccess,
    onError: options.onError,
    onSettled: (data) => invalidateAfterMoneyMoved(client, data?.payment.customer_id),
  })
}

/**
 * Marks a settled payment's note resolved (`POST …/attention/resolve`): the
 * admin has dealt with what it says (a dispute that took another amount than
 * billing reversed). The payment pages and the attention count are re-read.
 */
export function useResolvePaymentAttention(id: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: () => sdk.client.fetch<{ payment: AdminPayment }>(`/admin/billing/payments/${id}/attention/resolve`, { method: "POST", body: {} }),
    onSettled: (data) => invalidateAfterMoneyMoved(client, data?.payment.customer_id),
  })
}
