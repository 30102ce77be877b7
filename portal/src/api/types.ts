import type { PublicPortalSettings } from "../../../src/domain/portal-settings"

export type { PublicPortalSettings }

/** Amounts are JSON numbers in major units, as everywhere in Medusa's API; the portal never does arithmetic on them. */
export type AccountBalance = {
  currency_code: string
  total_balance: number
  current_charges: number
  past_due: number
  pending: number
  credit: number
}

export type AutopayStatus = "none" | "active" | "paused" | "canceled"

export type AccountAutopay = {
  status: AutopayStatus
  payment_method_id: string | null
  payment_method_type?: string | null
  payment_method_label?: string | null
  max_amount: number | null
  max_amount_currency_code: string | null
  paused_at?: string | null
  pause_reason?: string | null
}

export type BillingAccount = {
  customer_id: string
  balances: AccountBalance[]
  autopay: AccountAutopay
  settings: PublicPortalSettings
}

export type InvoiceStatus = "open" | "partially_paid" | "paid" | "void"

export type Invoice = {
  id: string
  display_id: number
  number: string
  currency_code: string
  status: InvoiceStatus
  is_overdue: boolean
  issued_at: string | null
  due_at: string | null
  total: number
  amount_paid: number
  amount_pending: number
  amount_due: number
  notes: string | null
}

export type InvoiceListQuery = {
  status?: InvoiceStatus[]
  currency_code?: string
  order?: string
  limit?: number
  offset?: number
}

export type InvoiceList = { invoices: Invoice[]; count: number; offset: number; limit: number }
