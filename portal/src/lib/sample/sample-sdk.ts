import { FetchError } from "@medusajs/js-sdk"
import { publicPortalSettings, resolvePortalSettings, type PortalSettings } from "../../../../src/domain/portal-settings"
import type { BillingSdk } from "../../../../src/client/client"
import { config } from "../../config"
import { sdk } from "../sdk"
import { listed, sampleData } from "./fixtures"
import { sanitizeSampleHtml } from "./sanitize"

export const SAMPLE_REFUSAL = "This is a sample: nothing here is saved, paid or sent."

type FetchInit = { method?: string; query?: Record<string, unknown> }

/**
 * The settings the sample shows: the admin's unsaved form once it arrives
 * (resolved over the defaults, as the server resolves stored settings),
 * else the business's name and theme from the page. The home text is not
 * saved yet, so not yet sanitised by the server: it is cleaned here too.
 */
export function sampleSettings(form: unknown | null) {
  const base: unknown =
    form ?? { business_name: config.business_name, support_email: config.support_email, theme: config.theme }
  const settings = resolvePortalSettings(base) as PortalSettings
  const shown = publicPortalSettings(settings)
  return { ...shown, home_content: sanitizeSampleHtml(shown.home_content) }
}

/**
 * A stand-in for the SDK's `client.fetch` that answers every GET the pages
 * make from sample data and refuses every write in words. Nothing reaches
 * the server: no customer is signed in, nothing is read or marked.
 */
export function createSampleFetch(getForm: () => unknown | null, now: () => Date = () => new Date()): BillingSdk["client"]["fetch"] {
  const sampleFetch = async (input: RequestInfo | URL, init?: FetchInit): Promise<any> => {
    const method = (init?.method ?? "GET").toUpperCase()
    if (method !== "GET") throw new FetchError(SAMPLE_REFUSAL, "Forbidden", 403)
    const url = new URL(String(input), "http://sample.invalid")
    const route = url.pathname.replace(/\/+$/, "")
    const query = init?.query ?? {}
    const settings = sampleSettings(getForm())
    const data = sampleData(now(), {
      allowed: settings.autopay.allowed,
      terms_text: settings.autopay.terms_text,
      terms_version: settings.autopay.terms_version,
    })
    const page = <T,>(key: string, all: T[]) => {
      const offset = Number(query.offset ?? 0) || 0
      const limit = Number(query.limit ?? 20) || 20
      return { [key]: all.slice(offset, offset + limit), count: all.length, offset, limit }
    }

    if (route === "/store/customers/me") return { customer: data.customer }
    if (route === "/store/billing/account") {
      return { account: { customer_id: data.customer.id, balances: data.balances, autopay: data.autopay, settings } }
    }
    if (route === "/store/billing/invoices") {
      const statuses = ([] as unknown[]).concat(query.status ?? []).map(String)
      const q = typeof query.q === "string" ? query.q.trim().toLowerCase() : ""
      const invoices = data.invoices
        .filter((i) => !statuses.length || statuses.includes(i.status))
        .filter((i) => String(query.overdue) !== "true" || i.is_overdue)
        .filter((i) => !q || i.number.toLowerCase().includes(q) || String(i.display_id).includes(q))
        .map(listed)
      return page("invoices", invoices)
    }
    const invoiceId = /^\/store\/billing\/invoices\/([^/]+)$/.exec(route)?.[1]
    if (invoiceId) {
      const invoice = data.invoices.find((i) => i.id === decodeURIComponent(invoiceId))
      if (invoice) return { invoice }
    }
    if (route === "/store/billing/history") {
      const shown = data.history.filter((e) => (e.type === "invoice" ? settings.history.show_charges : settings.history.show_payments))
      return page("history", shown)
    }
    if (route === "/store/billing/payments") return page("payments", data.payments)
    const paymentId = /^\/store\/billing\/payments\/([^/]+)$/.exec(route)?.[1]
    if (paymentId) {
      const payment = data.payments.find((p) => p.id === decodeURIComponent(paymentId))
      if (payment) return { payment }
    }
    if (route === "/store/billing/payment-methods") return { payment_methods: data.payment_methods, count: data.payment_methods.length }
    if (route === "/store/billing/autopay") return { autopay: data.autopay }
    if (route === "/store/billing/service-requests") {
      const kind = typeof query.kind === "string" ? query.kind : null
      return page("service_requests", data.service_requests.filter((r) => !kind || r.kind === kind))
    }
    throw new FetchError("This part of the portal has no sample data.", "Not Found", 404)
  }
  return sampleFetch as BillingSdk["client"]["fetch"]
}

let installed = false

/**
 * Points the portal's one SDK at the sample: its fetch answers from sample
 * data, its token is a placeholder (the signed-in pages need one), and
 * signing out is refused. Only the `/sample` page calls this, in a document
 * of its own (the admin's iframe).
 */
export function installSampleSdk(getForm: () => unknown | null) {
  if (installed) return
  installed = true
  const client = sdk.client as unknown as Record<string, unknown>
  client.fetch = createSampleFetch(getForm)
  client.getToken = async () => "sample"
  client.setToken = async () => undefined
  client.clearToken = async () => undefined
  ;(sdk.auth as unknown as Record<string, unknown>).logout = async () => {
    throw new FetchError(SAMPLE_REFUSAL, "Forbidden", 403)
  }
}
