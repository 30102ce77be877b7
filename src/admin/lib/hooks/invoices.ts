import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { customerKeys, invoiceKeys, paymentKeys, reportKeys } from "../query-keys"
import { useAttemptKey } from "../attempt-key"
import { sdk } from "../sdk"

/** Money fields are major units as the API sends them (numbers; formatted, never summed). */
export type InvoiceCustomer = {
  id: string
  first_name: string | null
  last_name: string | null
  company_name: string | null
  email: string | null
}

export type AdminInvoice = {
  id: string
  display_id: number
  number: string
  customer_id: string
  currency_code: string
  status: "draft" | "open" | "partially_paid" | "paid" | "void"
  is_overdue: boolean
  issued_at: string | null
  due_at: string | null
  subtotal: number
  tax_total: number
  total: number
  amount_paid: number
  amount_pending: number
  amount_due: number
  notes: string | null
  created_at: string
  voided_at?: string | null
  customer?: InvoiceCustomer | null
}

export type AdminInvoiceLine = {
  id: string
  title: string
  description: string | null
  quantity: string
  unit_price: number
  total: number
}

export type AdminInvoiceAllocation = {
  id: string
  customer_payment_id: string
  amount: number
  status: "reserved" | "applied" | "released" | "reversed"
  created_at: string
  payment: {
    id: string
    method: string
    source: string
    status: string
    transaction_id: string | null
    method_details: { brand?: string; last4?: string; bank_name?: string; offline_method?: string } | null
    amount: number
    completed_at: string | null
    created_at: string
  } | null
}

export type AdminLedgerEntry = {
  id: string
  type: string
  currency_code: string
  amount: number
  balance_after: number
  reference_type: string
  reference_id: string
  description: string | null
  occurred_at: string
}

export type AdminInvoiceDetail = AdminInvoice & {
  lines: AdminInvoiceLine[]
  allocations: AdminInvoiceAllocation[]
  ledger_entries: AdminLedgerEntry[]
  pay_link: { id: string; expires_at: string; expired: boolean; created_at: string } | null
}

/** The list's query string as the API takes it (see the URL contract of /app/billing). */
export type InvoiceListQuery = {
  limit: number
  offset: number
  order?: string
  status?: string
  customer_id?: string
  q?: string
  overdue?: "true"
  aging?: string
  currency_code?: string
  "due_at[gte]"?: string
  "due_at[lte]"?: string
}

export type InvoiceLineInput = { title: string; description?: string | null; quantity: string; unit_price: string }
export type CreateInvoiceInput = {
  customer_id: string
  currency_code: string
  due_at: string
  notes?: string | null
  lines: InvoiceLineInput[]
}
export type UpdateInvoiceInput = { due_at?: string; notes?: string | null; lines?: InvoiceLineInput[] }
export type RecordInvoicePaymentInput = {
  amount: string
  offline_method: "check" | "cash" | "bank_transfer"
  reference?: string
  note?: string
  received_at?: string
}

export function useInvoices(query: InvoiceListQuery) {
  return useQuery({
    queryKey: invoiceKeys.list(query),
    queryFn: () =>
      sdk.client.fetch<{ invoices: AdminInvoice[]; count: number; offset: number; limit: number }>(
        "/admin/billing/invoices",
        { query }
      ),
    // a new filter keeps the rows on screen until its answer comes, instead of flashing empty
    placeholderData: keepPreviousData,
  })
}

export function useInvoice(id: string) {
  return useQuery({
    queryKey: invoiceKeys.detail(id),
    queryFn: () => sdk.client.fetch<{ invoice: AdminInvoiceDetail }>(`/admin/billing/invoices/${id}`),
    enabled: !!id,
  })
}

/** What an invoice change makes stale: invoice lists, the invoice, the customer's account, the aging report. */
function useInvalidateInvoice() {
  const client = useQueryClient()
  return (invoice: { id: string; customer_id: string }, options: { payments?: boolean } = {}) => {
    void client.invalidateQueries({ queryKey: invoiceKeys.lists() })
    void client.invalidateQueries({ queryKey: invoiceKeys.detail(invoice.id) })
    void client.invalidateQueries({ queryKey: customerKeys.detail(invoice.customer_id) })
    void client.invalidateQueries({ queryKey: reportKeys.all })
    if (options.payments) void client.invalidateQueries({ queryKey: paymentKeys.all })
  }
}

export function useCreateInvoice() {
  const invalidate = useInvalidateInvoice()
  return useMutation({
    mutationFn: (body: CreateInvoiceInput) =>
      sdk.client.fetch<{ invoice: AdminInvoiceDetail }>("/admin/billing/invoices", { method: "POST", body }),
    onSuccess: ({ invoice }) => invalidate(invoice),
  })
}

export function useUpdateInvoice(id: string) {
  const invalidate = useInvalidateInvoice()
  return useMutation({
    mutationFn: (body: UpdateInvoiceInput) =>
      sdk.client.fetch<{ invoice: AdminInvoiceDetail }>(`/admin/billing/invoices/${id}`, { method: "POST", body }),
    onSuccess: ({ invoice }) => invalidate(invoice),
  })
}

export function useIssueInvoice(id: string) {
  const invalidate = useInvalidateInvoice()
  return useMutation({
    mutationFn: () =>
      sdk.client.fetch<{ invoice: AdminInvoice }>(`/admin/billing/invoices/${id}/issue`, { method: "POST", body: {} }),
    // issuing may apply the customer's credit: payments change too
    onSuccess: ({ invoice }) => invalidate(invoice, { payments: true }),
  })
}

export function useVoidInvoice(id: string) {
  const invalidate = useInvalidateInvoice()
  return useMutation({
    mutationFn: () =>
      sdk.client.fetch<{ invoice: AdminInvoice }>(`/admin/billing/invoices/${id}/void`, { method: "POST", body: {} }),
    onSuccess: ({ invoice }) => invalidate(invoice, { payments: true }),
  })
}

/**
 * Records a check, cash or a transfer on the invoice. One `Idempotency-Key`
 * per attempt: a double click, or sending the same form again after an
 * error or a timeout, records the payment once; after a success the next
 * submission is another payment. The invoice and payments are re-read
 * whatever the answer (after no answer the payment may be recorded).
 */
export function useRecordInvoicePayment(invoice: { id: string; customer_id: string }) {
  const invalidate = useInvalidateInvoice()
  const attempt = useAttemptKey("admin-payment")
  return useMutation({
    mutationFn: (body: RecordInvoicePaymentInput) =>
      sdk.client.fetch<{ payment: { id: string; status: string; amount: number } }>(
        `/admin/billing/invoices/${invoice.id}/payments`,
        { method: "POST", body, headers: { "Idempotency-Key": attempt.keyFor(body) } }
      ),
    onSuccess: () => attempt.done(),
    onSettled: () => invalidate(invoice, { payments: true }),
  })
}

/**
 * Emails the invoice with a new pay link (earlier links for it stop working):
 * also the pay link's "resend". A double click sends once (both clicks carry
 * the attempt's key); any answer ends the attempt, so a send after a success
 * is a resend and a send after a failure tries again (the email provider may
 * have refused the first, and a failed send under a key is not sent again).
 */
export function useSendInvoice(invoice: { id: string; customer_id: string }) {
  const invalidate = useInvalidateInvoice()
  const attempt = useAttemptKey(`admin-send-${invoice.id}`)
  return useMutation({
    mutationFn: (body: { to?: string } = {}) =>
      sdk.client.fetch<{
        invoice: AdminInvoice
        notification: { id: string; to: string } | null
        pay_link: { id: string; expires_at: string } | null
      }>(`/admin/billing/invoices/${invoice.id}/send`, {
        method: "POST",
        body,
        headers: { "idempotency-key": attempt.keyFor(body) },
      }),
    onSettled: () => {
      attempt.done()
      return invalidate(invoice)
    },
  })
}

/** Medusa's customers for the invoice form's picker. */
export type PickerCustomer = InvoiceCustomer
export function useCustomerSearch(q: string) {
  return useQuery({
    queryKey: ["billing", "customer-picker", q],
    queryFn: () =>
      sdk.client.fetch<{ customers: PickerCustomer[] }>("/admin/customers", {
        query: { q: q || undefined, limit: 20, fields: "id,first_name,last_name,company_name,email" },
      }),
    placeholderData: keepPreviousData,
  })
}

export function useCustomer(id: string | undefined) {
  return useQuery({
    queryKey: ["billing", "customer-picker", "one", id],
    queryFn: () =>
      sdk.client.fetch<{ customer: PickerCustomer }>(`/admin/customers/${id}`, {
        query: { fields: "id,first_name,last_name,company_name,email" },
      }),
    enabled: !!id,
  })
}

/** The store's currencies (the create form's choices), default first. */
export function useStoreCurrencies() {
  return useQuery({
    queryKey: ["billing", "store-currencies"],
    queryFn: async () => {
      const { stores } = await sdk.client.fetch<{
        stores: { supported_currencies?: { currency_code: string; is_default?: boolean }[] }[]
      }>("/admin/stores", { query: { fields: "id,*supported_currencies" } })
      const list = stores[0]?.supported_currencies ?? []
      return [...list].sort((a, b) => Number(!!b.is_default) - Number(!!a.is_default)).map((c) => c.currency_code)
    },
    staleTime: 5 * 60_000,
  })
}

export function customerName(c: InvoiceCustomer | null | undefined): string {
  if (!c) return "Unknown customer"
  const name = [c.first_name, c.last_name].filter(Boolean).join(" ")
  return c.company_name ? (name ? `${name} (${c.company_name})` : c.company_name) : name || c.email || c.id
}
