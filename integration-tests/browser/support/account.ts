/**
 * What the account journeys (autopay, calendar, service notes and requests)
 * arrange and check outside the browser: the store API as Ada or Sid, the
 * admin API as the admin.
 */
import { ADA, type CustomerKey } from "../fixtures"
import { adminToken, baseUrl, customerToken, seed } from "./app"

type Json = Record<string, any>

async function call(method: string, path: string, options: { token: string; store?: boolean; body?: unknown }): Promise<Json> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      accept: "application/json",
      authorization: `Bearer ${options.token}`,
      ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
      ...(options.store ? { "x-publishable-api-key": seed.publishable_key } : {}),
    },
    body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
  })
  const body = (await res.json().catch(() => ({}))) as Json
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(body)}`)
  return body
}

export async function asCustomer(customer: CustomerKey, method: string, path: string, body?: unknown): Promise<Json> {
  return await call(method, path, { token: await customerToken(customer), store: true, body })
}

export async function asAdmin(method: string, path: string, body?: unknown): Promise<Json> {
  return await call(method, path, { token: await adminToken(), body })
}

/** Ada has one saved card (made once); its id. */
export async function ensureAdaCard(): Promise<string> {
  const { payment_methods } = await asCustomer("ada", "GET", "/store/billing/payment-methods")
  if (payment_methods.length) return payment_methods[0].id
  const { payment_method } = await asCustomer("ada", "POST", "/store/billing/payment-methods", {
    type: "card",
    data: { number: ADA.card },
  })
  return payment_method.id
}

/** Ada starts without autopay (a journey run before may have left her enrolled). */
export async function ensureAdaWithoutAutopay() {
  const { autopay } = await asCustomer("ada", "GET", "/store/billing/autopay")
  if (autopay.status !== "none") await asCustomer("ada", "DELETE", "/store/billing/autopay")
}

/** `YYYY-MM-DD` (UTC, as the journeys' browser) of a timestamp. */
export const utcDay = (iso: string | Date) => new Date(iso).toISOString().slice(0, 10)
