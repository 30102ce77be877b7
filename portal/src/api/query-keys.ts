import type { HistoryQuery, InvoiceListQuery, PaymentListQuery } from "./types"

/**
 * One key factory for every query the portal makes, so a mutation can
 * invalidate exactly what it changed (`billingKeys.all` after a payment,
 * `sessionKeys.all` on sign-in and sign-out).
 */
export const sessionKeys = {
  all: ["session"] as const,
  token: () => [...sessionKeys.all, "token"] as const,
  /** why the customer was signed out, shown once on the sign-in page */
  notice: () => [...sessionKeys.all, "notice"] as const,
}

export const customerKeys = {
  all: ["customer"] as const,
  me: () => [...customerKeys.all, "me"] as const,
}

export const billingKeys = {
  all: ["billing"] as const,
  account: () => [...billingKeys.all, "account"] as const,
  invoices: () => [...billingKeys.all, "invoices"] as const,
  invoiceList: (query: InvoiceListQuery) => [...billingKeys.invoices(), "list", query] as const,
  invoice: (id: string) => [...billingKeys.invoices(), "detail", id] as const,
  history: (query: HistoryQuery) => [...billingKeys.all, "history", query] as const,
  /** receipts (GET /store/billing/payments), as Documents lists them */
  receiptList: (query: PaymentListQuery) => [...billingKeys.all, "payments", "list", query] as const,
  /** one payment, as a receipt (the invoice page reads its transaction id) */
  payment: (id: string) => [...billingKeys.all, "payments", "detail", id] as const,
}
