import type { MedusaContainer } from "@medusajs/framework/types"
import { PORTAL_MODULE } from "../../../src/modules/portal"
import type PortalModuleService from "../../../src/modules/portal/service"
import { createAdmin, createLoggedInCustomer, createPublishableKey, setStoreCurrencies } from "../../helpers"
import type { Context } from "./harness"
import type { FuzzRoute } from "./routes"
import { BillingSnapshot } from "./snapshot"

/**
 * Rate limits high enough for a fuzz run (every request comes from
 * 127.0.0.1): set before the runner boots, restored after the suite.
 */
export function raiseRateLimits() {
  const saved = process.env.BILLING_PORTAL_OPTIONS
  const big = { windowMs: 60_000, max: 1_000_000 }
  process.env.BILLING_PORTAL_OPTIONS = JSON.stringify({
    rateLimits: {
      payments: { perCustomer: big, perIp: big },
      invitations: { perToken: big, perIp: big },
      payLinks: { perToken: big, perIp: big },
    },
  })
  return () => {
    if (saved === undefined) delete process.env.BILLING_PORTAL_OPTIONS
    else process.env.BILLING_PORTAL_OPTIONS = saved
  }
}

type Api = { post: (...a: any[]) => Promise<any>; put: (...a: any[]) => Promise<any>; get: (...a: any[]) => Promise<any>; defaults: any }

const CARD = { type: "card", data: { number: "4242424242424242" } }

export type World = Context & { janeId: string; otherId: string; savedMethodId: string }

/**
 * Jane (logged in, the fuzzed customer) and Other (whose ids appear in
 * generated paths): invoices (issued and draft), payments, a saved card,
 * an autopay enrollment and service requests, made through the routes.
 */
export async function buildWorld(api: Api, container: MedusaContainer): Promise<World> {
  await setStoreCurrencies(container, ["usd", "eur"])
  const admin = await createAdmin(container, api as any)
  const publishableKey = await createPublishableKey(container)
  const jane = await createLoggedInCustomer(api as any, publishableKey, "jane@test.dev", "Jane")
  const other = await createLoggedInCustomer(api as any, publishableKey, "other@test.dev", "Other")
  await container.resolve<PortalModuleService>(PORTAL_MODULE).updateSettings({
    support_email: "billing@business.test",
    autopay: { allowed: true, pre_debit_notice_days: 3 },
  } as any)

  const ids: string[] = [jane.id, other.id]
  const invoice = async (customerId: string, issue: boolean) => {
    const { data } = await api.post(
      "/admin/billing/invoices",
      { customer_id: customerId, currency_code: "usd", due_at: "2030-01-31", lines: [{ title: "Service", quantity: "1", unit_price: "100.00" }] },
      admin
    )
    if (issue) await api.post(`/admin/billing/invoices/${data.invoice.id}/issue`, {}, admin)
    ids.push(data.invoice.id)
    return data.invoice.id as string
  }
  await invoice(jane.id, true)
  await invoice(jane.id, true)
  await invoice(jane.id, false)
  const otherInvoice = await invoice(other.id, true)

  const pay = async (who: { headers: Record<string, string> }, key: string) => {
    const { data } = await api.post(
      "/store/billing/payments",
      { mode: "fixed_amount", currency_code: "usd", amount: "10.00", payment_method: CARD },
      { headers: { ...who.headers, "idempotency-key": key } }
    )
    ids.push(data.payment.id)
  }
  await pay(jane, "world-jane-1")
  await pay(other, "world-other-1")
  const recorded = await api.post(`/admin/billing/invoices/${otherInvoice}/payments`, { amount: "5.00" }, admin)
  ids.push(recorded.data.payment.id)

  const method = await api.post("/store/billing/payment-methods", CARD, { headers: jane.headers })
  const savedMethodId = method.data.payment_method.id as string
  ids.push(savedMethodId)
  await api.put("/store/billing/autopay", { payment_method_id: savedMethodId, consent: true }, { headers: jane.headers })
  const enrollments = await api.get("/admin/billing/autopay", admin)
  for (const e of enrollments.data.enrollments ?? enrollments.data.autopay ?? []) ids.push(e.id)

  for (const who of [jane, other]) {
    const { data } = await api.post(
      "/store/billing/service-requests",
      { kind: "request", subject: "Visit", message: "Please come by" },
      { headers: who.headers }
    )
    ids.push(data.service_request.id)
  }

  const pg = container.resolve("__pg_connection__") as any
  const snapshot = await new BillingSnapshot(pg).init()
  return {
    baseUrl: api.defaults.baseURL,
    publishableKey,
    customerHeaders: jane.headers,
    adminHeaders: admin.headers,
    idPool: ids,
    tokenPool: ["a".repeat(43), "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE"],
    snapshot,
    janeId: jane.id,
    otherId: other.id,
    savedMethodId,
  }
}

/** A route's seed body with the world's ids in it. */
export function seedFor(route: FuzzRoute, world: World): Record<string, unknown> | undefined {
  if (!route.body) return undefined
  return JSON.parse(
    JSON.stringify(route.body).replace(/"cus_fuzz"/g, JSON.stringify(world.janeId)).replace(/"pm"/g, JSON.stringify(world.savedMethodId))
  )
}
