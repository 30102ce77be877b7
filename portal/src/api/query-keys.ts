import type { HistoryQuery, InvoiceListQuery, PaymentListQuery, PreviewPaymentBody, ServiceRequestKind } from "./types"

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
  // -- account area: autopay, service notes/requests, Home's activity calendar --
  autopay: () => [...billingKeys.all, "autopay"] as const,
  paymentMethods: () => [...billingKeys.all, "payment-methods"] as const,
  payments: () => [...billingKeys.all, "payments"] as const,
  /** the payments made in one month (the activity calendar), `YYYY-MM` */
  paymentsInMonth: (month: string) => [...billingKeys.payments(), "month", month] as const,
  serviceRequests: () => [...billingKeys.all, "service-requests"] as const,
  serviceRequestList: (kind: ServiceRequestKind) => [...billingKeys.serviceRequests(), "list", kind] as const,
  serviceRequest: (id: string) => [...billingKeys.serviceRequests(), "detail", id] as const,
  // --- payments (Make a payment, receipts, payment methods) ---
  payment: (id: string) => [...billingKeys.payments(), "detail", id] as const,
  paymentPreviews: () => [...billingKeys.payments(), "preview"] as const,
  paymentPreview: (body: PreviewPaymentBody) => [...billingKeys.paymentPreviews(), body] as const,
  // --- lists (Invoices, History, Documents) ---
  invoice: (id: string) => [...billingKeys.invoices(), "detail", id] as const,
  history: (query: HistoryQuery) => [...billingKeys.all, "history", query] as const,
  /** receipts (GET /store/billing/payments), as Documents lists them */
  receiptList: (query: PaymentListQuery) => [...billingKeys.payments(), "list", query] as const,
}

/**
 * The pay page's link (DESIGN sec. 15). A page holds one link for its life,
 * so the token itself is never part of a key (it stays out of anything a
 * devtool or cache would show).
 */
export const payLinkKeys = {
  all: ["pay-link"] as const,
  link: () => [...payLinkKeys.all, "link"] as const,
  preview: (body: unknown) => [...payLinkKeys.all, "preview", body] as const,
}

/** Stripe.js itself (loaded once, only on a Stripe portal's payment forms). */
export const stripeKeys = {
  all: ["stripe"] as const,
  js: () => [...stripeKeys.all, "js"] as const,
}

/** What the public pages (activate, reset password) read without a sign-in. */
export const publicKeys = {
  all: ["public"] as const,
  invitation: (token: string) => [...publicKeys.all, "invitation", token] as const,
}
