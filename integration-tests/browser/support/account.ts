/**
 * What the account journeys (autopay, calendar, service notes and requests)
 * arrange and check outside the browser: the store API as Ada or Sid, the
 * admin API as the admin.
 */
import { ADA, ADMIN, CUSTOMERS, type CustomerKey } from "../fixtures"
import { baseUrl, seed } from "./app"

type Json = Record<string, any>

/**
 * One request, sent again once when the connection was closed before any
 * answer came (Node's fetch reusing a kept-alive socket the server had just
 * closed between two journeys: the request never reached the server).
 */
async function send(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init)
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause
    if (cause?.code !== "UND_ERR_SOCKET" && !/other side closed/.test(cause?.message ?? "")) throw error
    return await fetch(url, init)
  }
}

async function call(method: string, path: string, options: { token?: string; store?: boolean; body?: unknown }): Promise<Json> {
  const res = await send(`${baseUrl}${path}`, {
    method,
    headers: {
      accept: "application/json",
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
      ...(options.store ? { "x-publishable-api-key": seed.publishable_key } : {}),
    },
    body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
  })
  const body = (await res.json().catch(() => ({}))) as Json
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(body)}`)
  return body
}

async function customerToken(customer: CustomerKey): Promise<string> {
  const { email, password } = CUSTOMERS[customer]
  return (await call("POST", "/auth/customer/emailpass", { body: { email, password } })).token
}

async function adminToken(): Promise<string> {
  return (await call("POST", "/auth/user/emailpass", { body: ADMIN })).token
}

export async function asCustomer(customer: CustomerKey, method: string, path: string, body?: unknown): Promise<Json> {
  return await call(method, path, { token: await customerToken(customer), store: true, body })
}

export async function asAdmin(method: string, path: string, body?: unknown): Promise<Json> {
  return await call(method, path, { token: await adminToken(), body })
}

/** The portal settings as the admin reads them; `patch` (a partial update) applied when given. */
export async function portalSettings(patch?: Json): Promise<Json> {
  return patch === undefined
    ? (await asAdmin("GET", "/admin/billing/settings")).settings
    : (await asAdmin("POST", "/admin/billing/settings", patch)).settings
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
