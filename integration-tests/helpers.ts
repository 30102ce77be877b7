import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import {
  createApiKeysWorkflow,
  createSalesChannelsWorkflow,
  createUserAccountWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
} from "@medusajs/medusa/core-flows"
import { INVOICING_MODULE } from "../src/modules/invoicing"
import { INVARIANT_QUERIES } from "../src/modules/invoicing/invariants"
import { PORTAL_MODULE } from "../src/modules/portal"

type Api = {
  post: (url: string, body?: unknown, config?: unknown) => Promise<any>
  get: (url: string, config?: unknown) => Promise<any>
}

/**
 * Medusa's /hooks/payment route hands an event to the subscribers `webhook_delay`
 * after the 2xx (5 s by default, so a webhook does not race the request that
 * caused it). A suite that sends its webhooks after that request has finished
 * sets 1 ms: the same path, without the wait.
 */
export function deliverPaymentWebhooksPromptly(container: MedusaContainer) {
  const paymentModule = container.resolve(Modules.PAYMENT) as any
  paymentModule.options = { ...(paymentModule.options ?? {}), webhook_delay: 1 }
}

/** Resolves with the response whatever its status, so tests can assert 4xx. */
export const settle = (p: Promise<any>) => p.catch((e) => (e.response ? e.response : Promise.reject(e)))

/** An admin with a real emailpass login; returns request headers with its token. */
export async function createAdmin(container: MedusaContainer, api: Api, email = "admin@test.dev") {
  const auth = container.resolve(Modules.AUTH)
  const password = "admin-password-1"
  const { authIdentity, error } = await auth.register("emailpass", { body: { email, password } } as any)
  if (!authIdentity) throw new Error(`admin register failed: ${error}`)
  await createUserAccountWorkflow(container).run({
    input: { authIdentityId: authIdentity.id, userData: { email } },
  })
  const { data } = await api.post("/auth/user/emailpass", { email, password })
  return { headers: { authorization: `Bearer ${data.token}` } }
}

/** A publishable key linked to a sales channel, as every /store route requires. */
export async function createPublishableKey(container: MedusaContainer) {
  const { result: channels } = await createSalesChannelsWorkflow(container).run({
    input: { salesChannelsData: [{ name: "Test channel" }] },
  })
  const { result: keys } = await createApiKeysWorkflow(container).run({
    input: { api_keys: [{ title: "Test key", type: "publishable", created_by: "" }] },
  })
  await linkSalesChannelsToApiKeyWorkflow(container).run({
    input: { id: keys[0].id, add: [channels[0].id] },
  })
  return keys[0].token
}

/**
 * A customer created through Medusa's own register flow, logged in with a
 * bearer token: register → create customer → log in.
 */
export async function createLoggedInCustomer(api: Api, publishableKey: string, email: string, firstName = "Test") {
  const password = "customer-password-1"
  const registered = await api.post("/auth/customer/emailpass/register", { email, password })
  const keyHeader = { "x-publishable-api-key": publishableKey }
  const { data } = await api.post(
    "/store/customers",
    { email, first_name: firstName, last_name: "Customer" },
    { headers: { ...keyHeader, authorization: `Bearer ${registered.data.token}` } }
  )
  const login = await api.post("/auth/customer/emailpass", { email, password })
  return {
    id: data.customer.id as string,
    headers: { ...keyHeader, authorization: `Bearer ${login.data.token}` },
  }
}

/** Makes sure the default store accepts the given currencies. */
export async function setStoreCurrencies(container: MedusaContainer, codes: string[]) {
  const stores = container.resolve(Modules.STORE)
  const [store] = await stores.listStores({})
  await stores.updateStores(store.id, {
    supported_currencies: codes.map((c, i) => ({ currency_code: c, is_default: i === 0 })),
  })
}

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * A one-line invoice (USD unless told) issued 20 days ago, due `dueInDays`
 * from now (negative: past due), through the invoicing module.
 */
export async function issueServiceInvoice(
  container: MedusaContainer,
  customerId: string,
  price: string,
  dueInDays: number,
  currency = "usd"
) {
  const invoicing = container.resolve(INVOICING_MODULE) as any
  const draft = await invoicing.createDraftInvoice({
    customer_id: customerId,
    currency_code: currency,
    due_at: new Date(Date.now() + dueInDays * DAY_MS),
    lines: [{ title: "Service", quantity: "1", unit_price: price }],
  })
  return invoicing.issueInvoice(draft.id, { now: new Date(), issued_at: new Date(Date.now() - 20 * DAY_MS) })
}

/** An autopay suite's store: USD, autopay offered; answers a publishable key. */
export async function setUpAutopayStore(container: MedusaContainer): Promise<string> {
  await setStoreCurrencies(container, ["usd"])
  await (container.resolve(PORTAL_MODULE) as any).updateSettings({ autopay: { allowed: true } })
  return createPublishableKey(container)
}

/** Polls until `check` passes or the bound runs out (events and webhooks are asynchronous). */
export async function eventually<T>(read: () => Promise<T>, check: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs
  let value = await read()
  while (!check(value) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 200))
    value = await read()
  }
  return value
}

/** Asserts that every invariant query of DESIGN sec. 4 (all six) returns no rows. */
export async function expectInvariants(container: MedusaContainer) {
  const pg = container.resolve("__pg_connection__") as any
  for (const [name, query] of Object.entries(INVARIANT_QUERIES)) {
    const { rows } = await pg.raw(query)
    expect({ name, rows }).toEqual({ name, rows: [] })
  }
}
