/**
 * The started app, as the journeys reach it: its URL, the seeded ids, and
 * the admin and store APIs for what a journey arranges outside the browser
 * (settings the admin changes, payments a customer made earlier).
 */
import { ADMIN, CUSTOMERS, CustomerKey, JANE_ACH_PAYMENT, OLGA_CARD } from "../fixtures"

function required(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is not set: run the browser suites with \`npm test -- browser\`.`)
  return value
}

export const baseUrl = required("BROWSER_BASE_URL")
export const portalUrl = (path = "/") => `${baseUrl}/billing${path}`
export const seed = JSON.parse(required("BROWSER_SEED")) as {
  publishable_key: string
  customers: Record<CustomerKey, string>
}

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

async function call(method: string, path: string, options: { token?: string; store?: boolean; body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await send(`${baseUrl}${path}`, {
    method,
    headers: {
      accept: "application/json",
      ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.store ? { "x-publishable-api-key": seed.publishable_key } : {}),
      ...options.headers,
    },
    body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
  })
  const body = (await res.json().catch(() => ({}))) as Json
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(body)}`)
  return body
}

/** A store call as the customer (signed in by API); rejects with the status and body when the API says no. */
export async function asCustomer(customer: CustomerKey, method: string, path: string, body?: unknown): Promise<Json> {
  return await call(method, path, { token: await customerToken(customer), store: true, body })
}

/** An admin API call as the seeded admin; rejects with the status and body when the API says no. */
export async function asAdmin(method: string, path: string, body?: unknown): Promise<Json> {
  return await call(method, path, { token: await adminToken(), body })
}

export async function adminToken(): Promise<string> {
  return (await call("POST", "/auth/user/emailpass", { body: ADMIN })).token
}

export async function customerToken(customer: CustomerKey): Promise<string> {
  const { email, password } = CUSTOMERS[customer]
  return (await call("POST", "/auth/customer/emailpass", { body: { email, password } })).token
}

/** A new storefront customer with a login, made as Medusa's storefront makes one; answers its id and a bearer token. */
export async function registerCustomer(email: string, password: string): Promise<{ id: string; token: string }> {
  const registered = (await call("POST", "/auth/customer/emailpass/register", { body: { email, password } })).token
  const { customer } = await call("POST", "/store/customers", { token: registered, store: true, body: { email, first_name: "Gone", last_name: "Soon" } })
  return { id: customer.id, token: (await call("POST", "/auth/customer/emailpass", { body: { email, password } })).token }
}

/** POST /admin/billing/settings (a partial update) as the admin; returns the complete settings. */
export async function updatePortalSettings(patch: Json): Promise<Json> {
  return (await call("POST", "/admin/billing/settings", { token: await adminToken(), body: patch })).settings
}

export async function readPortalSettings(): Promise<Json> {
  return (await call("GET", "/admin/billing/settings", { token: await adminToken() })).settings
}

export async function storeGet(customer: CustomerKey, path: string): Promise<Json> {
  return await call("GET", path, { token: await customerToken(customer), store: true })
}

/**
 * Jane has paid part of her USD balance by ACH; the debit is still settling
 * (the server's sandbox settles ACH after an hour), so Home shows it as
 * pending. The same Idempotency-Key makes this one payment whichever journey
 * asks first.
 */
export async function ensureJaneAchPending() {
  const { payment } = await call("POST", "/store/billing/payments", {
    token: await customerToken("jane"),
    store: true,
    headers: { "idempotency-key": "browser-suites-jane-ach" },
    body: {
      mode: "fixed_amount",
      currency_code: "usd",
      amount: JANE_ACH_PAYMENT,
      payment_method: { type: "us_bank_account", data: { account_number: "000123456789", routing_number: "110000000" } },
    },
  })
  if (payment.status !== "processing") throw new Error(`Jane's ACH payment is ${payment.status}, not processing`)
}

/** Olga has saved a card and turned autopay on with it (once). */
export async function ensureOlgaAutopay() {
  const token = await customerToken("olga")
  const { autopay } = await call("GET", "/store/billing/autopay", { token, store: true })
  if (autopay.status === "active") return
  const { payment_method } = await call("POST", "/store/billing/payment-methods", {
    token,
    store: true,
    body: { type: "card", data: { number: OLGA_CARD } },
  })
  const settings = await call("GET", "/store/billing/account", { token, store: true })
  await call("PUT", "/store/billing/autopay", {
    token,
    store: true,
    body: { payment_method_id: payment_method.id, consent: true, terms_version: settings.account.settings.autopay.terms_version },
  })
}
