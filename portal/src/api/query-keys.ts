import type { InvoiceListQuery, PreviewPaymentBody } from "./types"

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
  // --- payments (Make a payment, receipts, payment methods) ---
  payments: () => [...billingKeys.all, "payments"] as const,
  payment: (id: string) => [...billingKeys.payments(), "detail", id] as const,
  paymentPreview: (body: PreviewPaymentBody) => [...billingKeys.payments(), "preview", body] as const,
  paymentMethods: () => [...billingKeys.all, "payment-methods"] as const,
}

/** Stripe.js itself (loaded once, only on a Stripe portal's payment forms). */
export const stripeKeys = {
  all: ["stripe"] as const,
  js: () => [...stripeKeys.all, "js"] as const,
}
