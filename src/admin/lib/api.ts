/** Same-origin admin API calls; the dashboard's session cookie authenticates them. */
export async function adminGet<T>(path: string): Promise<T> {
  const res = await fetch(path, { credentials: "include", headers: { accept: "application/json" } })
  if (!res.ok) {
    const body = await res.json().catch(() => ({}))
    throw new Error(body.message ?? `Request failed with ${res.status}`)
  }
  return (await res.json()) as T
}

/** Same-origin admin API POST with a JSON body; throws the API's message. */
export async function adminPost<T>(path: string, body: unknown = {}): Promise<T> {
  const res = await fetch(path, {
    method: "POST",
    credentials: "include",
    headers: { accept: "application/json", "content-type": "application/json" },
    body: JSON.stringify(body),
  })
  if (!res.ok) {
    const payload = await res.json().catch(() => ({}))
    throw new Error(payload.message ?? `Request failed with ${res.status}`)
  }
  return (await res.json()) as T
}

export function formatMoney(amount: number, currency: string) {
  return new Intl.NumberFormat(undefined, { style: "currency", currency: currency.toUpperCase() }).format(amount)
}

export type Balance = {
  currency_code: string
  total_balance: number
  current_charges: number
  past_due: number
  pending: number
  credit: number
}

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
