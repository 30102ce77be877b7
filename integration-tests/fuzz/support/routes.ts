import fs from "fs"
import path from "path"

/**
 * Every billing route the fuzz layer sends to, read from the file tree
 * (src/api/store/billing, src/api/admin/billing, src/api/hooks): a new
 * route.ts, or a new method in one, without an entry in FUZZ_ROUTES fails
 * coverage.spec.ts.
 */
export type Method = "GET" | "POST" | "PUT" | "DELETE" | "PATCH"
export type Actor = "customer" | "admin" | "pay-link" | "invitation" | "webhook"

export type FuzzRoute = {
  method: Method
  /** Express form: `/store/billing/invoices/:id` */
  path: string
  actor: Actor
  /** a body the route accepts or nearly accepts: the generators mutate it */
  body?: Record<string, unknown>
  /** the query keys the route knows, with a value it accepts */
  query?: Record<string, string>
  /** sends an Idempotency-Key header (payment routes require one) */
  idempotent?: boolean
}

const API_ROOT = path.resolve(__dirname, "../../../src/api")
const ROUTE_ROOTS = ["store/billing", "admin/billing", "hooks"]
const METHOD_EXPORT = /export\s+(?:const|async\s+function|function)\s+(GET|POST|PUT|DELETE|PATCH)\b/g

/** `{ method, path }` for every exported handler of every billing route file. */
export function routesInFileTree(): { method: Method; path: string; file: string }[] {
  const found: { method: Method; path: string; file: string }[] = []
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) {
        if (entry.name !== "__tests__") walk(full)
      } else if (entry.name === "route.ts" || entry.name === "route.js") {
        const rel = path.relative(API_ROOT, path.dirname(full)).split(path.sep)
        const routePath = "/" + rel.map((s) => s.replace(/^\[(.+)\]$/, ":$1")).join("/")
        const source = fs.readFileSync(full, "utf8")
        for (const m of source.matchAll(METHOD_EXPORT)) {
          found.push({ method: m[1] as Method, path: routePath, file: path.relative(API_ROOT, full) })
        }
      }
    }
  }
  for (const root of ROUTE_ROOTS) {
    const dir = path.join(API_ROOT, root)
    if (fs.existsSync(dir)) walk(dir)
  }
  return found.sort((a, b) => (a.path + a.method).localeCompare(b.path + b.method))
}

const CARD = { type: "card", data: { number: "4242424242424242" } }
const PAYMENT_BODY = { mode: "fixed_amount", currency_code: "usd", amount: "1.00", payment_method: CARD }
const BULK = { customer_ids: ["cus_fuzz"] }
const LIST = { limit: "10", offset: "0" }

export const FUZZ_ROUTES: FuzzRoute[] = [
  // --- store, the logged-in customer
  { method: "GET", path: "/store/billing/account", actor: "customer" },
  { method: "GET", path: "/store/billing/autopay", actor: "customer" },
  {
    method: "PUT",
    path: "/store/billing/autopay",
    actor: "customer",
    body: { payment_method_id: "pm", consent: true, terms_version: "1", max_amount: "100.00", max_amount_currency_code: "usd" },
  },
  { method: "POST", path: "/store/billing/autopay/pause", actor: "customer", body: {} },
  { method: "DELETE", path: "/store/billing/autopay", actor: "customer" },
  {
    method: "GET",
    path: "/store/billing/history",
    actor: "customer",
    query: { currency_code: "usd", type: "invoice", "occurred_at[gte]": "2026-01-01", ...LIST },
  },
  {
    method: "GET",
    path: "/store/billing/invoices",
    actor: "customer",
    query: { status: "open", currency_code: "usd", q: "INV", "due_at[gte]": "2026-01-01", order: "due_at", ...LIST },
  },
  { method: "GET", path: "/store/billing/invoices/:id", actor: "customer" },
  { method: "GET", path: "/store/billing/invoices/:id/pdf", actor: "customer" },
  { method: "GET", path: "/store/billing/payment-methods", actor: "customer" },
  { method: "POST", path: "/store/billing/payment-methods", actor: "customer", body: CARD },
  { method: "DELETE", path: "/store/billing/payment-methods/:id", actor: "customer" },
  { method: "GET", path: "/store/billing/payments", actor: "customer", query: { status: "captured", "created_at[gte]": "2026-01-01", ...LIST } },
  { method: "POST", path: "/store/billing/payments", actor: "customer", body: PAYMENT_BODY, idempotent: true },
  { method: "POST", path: "/store/billing/payments/preview", actor: "customer", body: PAYMENT_BODY },
  { method: "GET", path: "/store/billing/payments/:id", actor: "customer" },
  { method: "POST", path: "/store/billing/payments/:id/complete", actor: "customer", body: { provider_data: { confirmed: true } } },
  { method: "GET", path: "/store/billing/payments/:id/receipt", actor: "customer" },
  {
    method: "GET",
    path: "/store/billing/service-requests",
    actor: "customer",
    query: { kind: "request", status: "open", ...LIST },
  },
  {
    method: "POST",
    path: "/store/billing/service-requests",
    actor: "customer",
    body: { kind: "request", subject: "Visit", message: "Please", preferred_date: "2030-01-31" },
  },
  { method: "GET", path: "/store/billing/service-requests/:id", actor: "customer" },
  { method: "GET", path: "/store/billing/statement", actor: "customer", query: { currency_code: "usd", from: "2026-01-01", to: "2026-12-31" } },
  // --- store, no login: the invitation's and the pay link's token in a header
  { method: "GET", path: "/store/billing/invitation", actor: "invitation" },
  { method: "POST", path: "/store/billing/invitation/accept", actor: "invitation", body: { password: "a-long-password-1" } },
  { method: "GET", path: "/store/billing/pay-link", actor: "pay-link" },
  { method: "GET", path: "/store/billing/pay-link/invoices/:id/pdf", actor: "pay-link" },
  { method: "POST", path: "/store/billing/pay-link/pay", actor: "pay-link", body: PAYMENT_BODY, idempotent: true },
  { method: "POST", path: "/store/billing/pay-link/preview", actor: "pay-link", body: PAYMENT_BODY },
  { method: "POST", path: "/store/billing/pay-link/payments/:id/complete", actor: "pay-link", body: { provider_data: { confirmed: true } } },
  { method: "POST", path: "/store/billing/pay-link/resend", actor: "pay-link", body: {} },
  // --- admin
  { method: "GET", path: "/admin/billing/autopay", actor: "admin", query: { customer_id: "cus_x", status: "active", ...LIST } },
  { method: "POST", path: "/admin/billing/autopay/:id/cancel", actor: "admin", body: {} },
  { method: "POST", path: "/admin/billing/autopay/run", actor: "admin", body: { customer_id: "cus_fuzz" } },
  { method: "GET", path: "/admin/billing/customers/:id/account", actor: "admin" },
  {
    method: "GET",
    path: "/admin/billing/customers/:id/statement",
    actor: "admin",
    query: { currency_code: "usd", from: "2026-01-01", to: "2026-12-31" },
  },
  { method: "GET", path: "/admin/billing/health", actor: "admin" },
  {
    method: "GET",
    path: "/admin/billing/invoices",
    actor: "admin",
    query: { customer_id: "cus_x", status: "open", currency_code: "usd", overdue: "true", aging: "current", "created_at[gte]": "2026-01-01", ...LIST },
  },
  {
    method: "POST",
    path: "/admin/billing/invoices",
    actor: "admin",
    body: {
      customer_id: "cus_fuzz",
      currency_code: "usd",
      due_at: "2030-01-31",
      notes: "n",
      metadata: { a: 1 },
      lines: [{ title: "Service", quantity: "1", unit_price: "10.00", service_date: "2030-01-01" }],
    },
  },
  { method: "GET", path: "/admin/billing/invoices/:id", actor: "admin" },
  {
    method: "POST",
    path: "/admin/billing/invoices/:id",
    actor: "admin",
    body: { due_at: "2030-02-28", notes: "n", lines: [{ title: "Service", quantity: "2", unit_price: "5.00" }] },
  },
  { method: "POST", path: "/admin/billing/invoices/:id/issue", actor: "admin", body: { issued_at: "2026-06-01" } },
  {
    method: "POST",
    path: "/admin/billing/invoices/:id/payments",
    actor: "admin",
    body: { amount: "1.00", method: "manual", offline_method: "check", reference: "r", note: "n", received_at: "2026-06-01" },
  },
  { method: "GET", path: "/admin/billing/invoices/:id/pdf", actor: "admin" },
  { method: "POST", path: "/admin/billing/invoices/:id/send", actor: "admin", body: { to: "jane@test.dev" } },
  { method: "POST", path: "/admin/billing/invoices/:id/void", actor: "admin", body: {} },
  {
    method: "GET",
    path: "/admin/billing/payments",
    actor: "admin",
    query: { customer_id: "cus_x", status: "captured", method: "card", "created_at[gte]": "2026-01-01", ...LIST },
  },
  { method: "GET", path: "/admin/billing/payments/:id", actor: "admin" },
  { method: "GET", path: "/admin/billing/payments/:id/receipt", actor: "admin" },
  { method: "POST", path: "/admin/billing/payments/:id/refund", actor: "admin", body: { amount: "0.50", reason: "r" }, idempotent: true },
  { method: "GET", path: "/admin/billing/payments/:id/refund-preview", actor: "admin", query: { amount: "0.50" } },
  { method: "POST", path: "/admin/billing/payments/:id/reconcile", actor: "admin", body: {} },
  { method: "POST", path: "/admin/billing/payments/:id/attention/resolve", actor: "admin", body: {} },
  { method: "POST", path: "/admin/billing/payments/:id/refunds/:refund_id/finish", actor: "admin", body: {} },
  { method: "GET", path: "/admin/billing/portal-users", actor: "admin", query: { q: "jane", status: "active", without_account: "true", ...LIST } },
  { method: "POST", path: "/admin/billing/portal-users/invite", actor: "admin", body: BULK },
  { method: "POST", path: "/admin/billing/portal-users/resend", actor: "admin", body: BULK },
  { method: "POST", path: "/admin/billing/portal-users/reset-password", actor: "admin", body: BULK },
  { method: "POST", path: "/admin/billing/portal-users/revoke", actor: "admin", body: BULK },
  { method: "POST", path: "/admin/billing/portal-users/disable", actor: "admin", body: BULK },
  { method: "POST", path: "/admin/billing/portal-users/enable", actor: "admin", body: BULK },
  { method: "GET", path: "/admin/billing/reports/aging", actor: "admin", query: { as_of: "2026-06-01", currency_code: "usd" } },
  { method: "GET", path: "/admin/billing/service-requests", actor: "admin", query: { customer_id: "cus_x", kind: "request", status: "open", q: "x", ...LIST } },
  { method: "GET", path: "/admin/billing/service-requests/:id", actor: "admin" },
  { method: "POST", path: "/admin/billing/service-requests/:id/close", actor: "admin", body: {} },
  { method: "POST", path: "/admin/billing/service-requests/:id/reply", actor: "admin", body: { message: "Done", status: "closed" } },
  { method: "GET", path: "/admin/billing/settings", actor: "admin" },
  {
    method: "POST",
    path: "/admin/billing/settings",
    actor: "admin",
    body: {
      business_name: "Acme",
      support_email: "billing@acme.test",
      logins_enabled: true,
      tabs: { invoices: true, payments: true },
      payment_methods: ["card", "us_bank_account"],
      allow_partial_payments: true,
      autopay: { allowed: true, charge_on: "due_date", pre_debit_notice_days: 3, terms_version: "2" },
      history: { show_charges: true },
      theme: { primary_color: "#112233", header_image_url: "https://acme.test/logo.png" },
      home_content: "<p>Welcome</p>",
      recipients: { service_requests: ["ops@acme.test"] },
      email_on_issue: false,
    },
  },
  {
    method: "POST",
    path: "/admin/billing/settings/test-email",
    actor: "admin",
    body: { template: "billing.invoice_issued", to: "admin@test.dev" },
  },
  // --- webhooks: the signature covers the raw body; anything fuzzed is unsigned
  { method: "POST", path: "/hooks/billing/stripe", actor: "webhook", body: { id: "evt_1", type: "payment_intent.succeeded", data: { object: {} } } },
]

export const routeKey = (r: { method: string; path: string }) => `${r.method} ${r.path}`
