import type { InvoiceListQuery } from "./types"

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
}

/** What the public pages (activate, reset password) read without a sign-in. */
export const publicKeys = {
  all: ["public"] as const,
  invitation: (token: string) => [...publicKeys.all, "invitation", token] as const,
}
