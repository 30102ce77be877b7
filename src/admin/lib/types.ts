/**
 * Shapes of the admin billing API's answers that more than one page reads
 * (amounts are major-unit numbers as the API sends them: format them with
 * `formatMoney`, never add them up as floats).
 */

/** One currency of a customer's account (`GET /admin/billing/customers/:id/account`). */
export type Balance = {
  currency_code: string
  total_balance: number
  current_charges: number
  past_due: number
  pending: number
  credit: number
}

/** A row of `GET /admin/billing/invoices`. */
export type InvoiceRow = {
  id: string
  number: string
  customer_id: string
  currency_code: string
  status: string
  is_overdue: boolean
  issued_at: string | null
  due_at: string | null
  total: number
  amount_due: number
}

/** Paged list answers: `{ <items>, count, offset, limit }`. */
export type Paged<K extends string, T> = { [key in K]: T[] } & { count: number; offset: number; limit: number }
