import type { InvoiceListQuery, ServiceRequestKind } from "./types"

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
}
