/**
 * The Stripe journey's second app (setup/stripe-server.js) and its offline
 * Stripe: the fake Stripe.js (fake-stripe.js) served for js.stripe.com, and
 * Stripe.js's calls to api.stripe.com routed to the fake API's state in that
 * server process.
 */
import fs from "fs"
import path from "path"
import type { BrowserContext, Page } from "playwright-core"
import { CUSTOMERS, CustomerKey } from "../fixtures"
import { seed } from "./app"

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { startStripeServer } = require("../setup/stripe-server") as {
  startStripeServer: (options: { databaseUrl: string; logFile: string }) => Promise<StripeApp>
}

export type StripeApp = { baseUrl: string; controlUrl: string; publishableKey: string; stop: () => Promise<void> }

export async function startStripeApp(): Promise<StripeApp> {
  const databaseUrl = process.env.BROWSER_DATABASE_URL
  if (!databaseUrl) throw new Error("BROWSER_DATABASE_URL is not set: run the browser suites with `npm test -- browser`.")
  const artifacts = process.env.BROWSER_ARTIFACTS ?? path.resolve(__dirname, "../../../.artifacts/portal")
  return await startStripeServer({ databaseUrl, logFile: path.join(artifacts, "stripe-server.log") })
}

const FAKE_STRIPE_JS = fs.readFileSync(path.join(__dirname, "fake-stripe.js"), "utf8")

/** Every request the page makes to a Stripe host, whatever answers it. */
export function recordStripeRequests(page: Page): string[] {
  const seen: string[] = []
  page.on("request", (request) => {
    if (/^https:\/\/([a-z0-9-]+\.)*stripe\.com\//.test(request.url())) seen.push(`${request.method()} ${request.url()}`)
  })
  return seen
}

/**
 * js.stripe.com answers with the fake Stripe.js; api.stripe.com (the fake's
 * confirm calls) is answered by the Stripe app's fake API. Nothing reaches
 * the real Stripe.
 */
export async function routeFakeStripe(context: BrowserContext, app: StripeApp) {
  await context.route("https://js.stripe.com/**", (route) =>
    route.fulfill({ status: 200, contentType: "application/javascript; charset=utf-8", body: FAKE_STRIPE_JS })
  )
  await context.route("https://api.stripe.com/**", async (route) => {
    const request = route.request()
    const url = new URL(request.url())
    const answer = await fetch(`${app.controlUrl}${url.pathname}`, {
      method: request.method(),
      headers: { "content-type": request.headers()["content-type"] ?? "application/x-www-form-urlencoded" },
      body: request.method() === "GET" ? undefined : request.postData() ?? "",
    })
    await route.fulfill({
      status: answer.status,
      contentType: "application/json",
      headers: { "access-control-allow-origin": "*" },
      body: await answer.text(),
    })
  })
}

export type FakeStripeRequest = { method: string; path: string; form: Record<string, string>; from?: "browser" }

/** What the Stripe app's server (and the fake Stripe.js) asked the fake Stripe API, in order. */
export async function stripeRequests(app: StripeApp): Promise<FakeStripeRequest[]> {
  return (await (await fetch(`${app.controlUrl}/__requests`)).json()) as FakeStripeRequest[]
}

async function call(app: StripeApp, method: string, route: string, token?: string, body?: unknown) {
  const res = await fetch(`${app.baseUrl}${route}`, {
    method,
    headers: {
      accept: "application/json",
      "x-publishable-api-key": seed.publishable_key,
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  })
  const json = (await res.json().catch(() => ({}))) as Record<string, any>
  if (!res.ok) throw new Error(`${method} ${route} answered ${res.status}: ${JSON.stringify(json)}`)
  return json
}

/** GET a store route on the Stripe app as the customer. */
export async function stripeAppStoreGet(app: StripeApp, customer: CustomerKey, route: string) {
  const { email, password } = CUSTOMERS[customer]
  const { token } = await call(app, "POST", "/auth/customer/emailpass", undefined, { email, password })
  return await call(app, "GET", route, token)
}

/** The portal's sign-in form on the Stripe app, filled and sent. */
export async function signInOn(app: StripeApp, page: Page, customer: CustomerKey) {
  await page.goto(`${app.baseUrl}/billing/sign-in`)
  await page.getByLabel("Email").fill(CUSTOMERS[customer].email)
  await page.getByLabel("Password", { exact: true }).fill(CUSTOMERS[customer].password)
  await page.getByRole("button", { name: "Sign in" }).click()
  await page.getByRole("heading", { level: 1, name: `Welcome, ${CUSTOMERS[customer].first_name}` }).waitFor()
}
