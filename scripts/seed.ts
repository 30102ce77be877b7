/**
 * Demo data for `npm run demo` (run with `medusa exec`). Idempotent: every
 * record is looked up before it is created, so a second run changes nothing.
 * Writes what the demo prints (publishable key, credentials) to .demo/seed.json.
 */
import fs from "fs"
import path from "path"
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import {
  createApiKeysWorkflow,
  createCustomerAccountWorkflow,
  createCustomersWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createUserAccountWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  updateStoresWorkflow,
} from "@medusajs/medusa/core-flows"
import { toMinor } from "../src/domain/money"
import { INVOICING_MODULE } from "../src/modules/invoicing"
import type InvoicingModuleService from "../src/modules/invoicing/service"
import { PORTAL_MODULE } from "../src/modules/portal"
import type PortalModuleService from "../src/modules/portal/service"

export const DEMO = {
  admin: { email: "admin@example.com", password: "supersecret" },
  jane: { email: "jane@example.com", password: "portal-demo-1", first_name: "Jane", last_name: "Cooper" },
  sam: { email: "sam@example.com", first_name: "Sam", last_name: "Lee" },
  salesChannel: "Billing portal",
  apiKeyTitle: "Billing portal demo",
  region: "United States",
}

const DAY = 24 * 60 * 60 * 1000

export default async function seedDemo({ container }: ExecArgs) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const now = new Date()
  const daysFromNow = (d: number) => new Date(now.getTime() + d * DAY)

  // Store currency and sales channel.
  const salesChannels = container.resolve(Modules.SALES_CHANNEL)
  let [channel] = await salesChannels.listSalesChannels({ name: DEMO.salesChannel })
  if (!channel) {
    const { result } = await createSalesChannelsWorkflow(container).run({
      input: { salesChannelsData: [{ name: DEMO.salesChannel }] },
    })
    channel = result[0]
  }
  const stores = container.resolve(Modules.STORE)
  const [store] = await stores.listStores({}, { relations: ["supported_currencies"] })
  if (!store.supported_currencies?.some((c) => c.currency_code === "usd")) {
    await updateStoresWorkflow(container).run({
      input: {
        selector: { id: store.id },
        update: {
          supported_currencies: [{ currency_code: "usd", is_default: true }],
          default_sales_channel_id: channel.id,
        },
      },
    })
  }

  const regions = container.resolve(Modules.REGION)
  const [region] = await regions.listRegions({ name: DEMO.region })
  if (!region) {
    await createRegionsWorkflow(container).run({
      input: { regions: [{ name: DEMO.region, currency_code: "usd", countries: ["us"] }] },
    })
  }

  const apiKeys = container.resolve(Modules.API_KEY)
  let [apiKey] = await apiKeys.listApiKeys({ title: DEMO.apiKeyTitle, type: "publishable" })
  if (!apiKey) {
    const { result } = await createApiKeysWorkflow(container).run({
      input: { api_keys: [{ title: DEMO.apiKeyTitle, type: "publishable", created_by: "" }] },
    })
    apiKey = result[0]
    await linkSalesChannelsToApiKeyWorkflow(container).run({
      input: { id: apiKey.id, add: [channel.id] },
    })
  }

  // Admin user with an emailpass login.
  const auth = container.resolve(Modules.AUTH)
  const users = container.resolve(Modules.USER)
  const [admin] = await users.listUsers({ email: DEMO.admin.email })
  if (!admin) {
    const identityId = await registerEmailpass(auth, DEMO.admin.email, DEMO.admin.password)
    await createUserAccountWorkflow(container).run({
      input: { authIdentityId: identityId, userData: { email: DEMO.admin.email } },
    })
  }

  // Jane has a portal login; Sam does not.
  const customers = container.resolve(Modules.CUSTOMER)
  let [jane] = await customers.listCustomers({ email: DEMO.jane.email, has_account: true })
  if (!jane) {
    const identityId = await registerEmailpass(auth, DEMO.jane.email, DEMO.jane.password)
    const { result } = await createCustomerAccountWorkflow(container).run({
      input: {
        authIdentityId: identityId,
        customerData: { email: DEMO.jane.email, first_name: DEMO.jane.first_name, last_name: DEMO.jane.last_name },
      },
    })
    jane = result
  }
  let [sam] = await customers.listCustomers({ email: DEMO.sam.email })
  if (!sam) {
    const { result } = await createCustomersWorkflow(container).run({
      input: { customersData: [{ email: DEMO.sam.email, first_name: DEMO.sam.first_name, last_name: DEMO.sam.last_name }] },
    })
    sam = result[0]
  }

  const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
  const [, janeInvoiceCount] = await invoicing.listAndCountInvoices({ customer_id: jane.id }, { take: 1 })
  if (!janeInvoiceCount) {
    const make = async (
      customerId: string,
      issuedDaysAgo: number | null,
      dueInDays: number,
      lines: { title: string; quantity: string; unit_price: string }[],
      notes: string
    ) => {
      const draft = await invoicing.createDraftInvoice({
        customer_id: customerId,
        currency_code: "usd",
        due_at: daysFromNow(dueInDays),
        notes,
        lines,
      })
      if (issuedDaysAgo === null) return draft
      return await invoicing.issueInvoice(draft.id, { now, issued_at: daysFromNow(-issuedDaysAgo) })
    }
    const paid1 = await make(jane.id, 95, -65, [{ title: "Quarterly HVAC maintenance", quantity: "1", unit_price: "180.00" }], "Spring service visit")
    const paid2 = await make(jane.id, 65, -35, [{ title: "Filter replacement", quantity: "3", unit_price: "24.50" }], "Filters")
    const partial = await make(jane.id, 40, -10, [
      { title: "Emergency call-out", quantity: "1", unit_price: "150.00" },
      { title: "Labour (hours)", quantity: "2.5", unit_price: "90.00" },
    ], "Boiler repair")
    const overdue = await make(jane.id, 35, -5, [{ title: "Thermostat install", quantity: "1", unit_price: "120.00" }], "Smart thermostat")
    await make(jane.id, 5, 25, [{ title: "Monthly service plan", quantity: "1", unit_price: "49.99" }], "Service plan — this month")
    const toVoid = await make(jane.id, 30, 0, [{ title: "Duplicate visit charge", quantity: "1", unit_price: "75.00" }], "Billed twice by mistake")
    await invoicing.voidInvoice(toVoid.id, { now })
    await make(jane.id, null, 30, [{ title: "Duct cleaning (quote)", quantity: "1", unit_price: "320.00" }], "Draft — not sent yet")

    const usd = (v: string) => toMinor(v, "usd")
    await invoicing.recordSucceededPayment({
      customer_id: jane.id,
      currency_code: "usd",
      amount: usd("253.50"),
      allocations: [
        { invoice_id: paid1.id, amount: usd("180.00") },
        { invoice_id: paid2.id, amount: usd("73.50") },
      ],
      method: "manual",
      source: "admin",
      mode: "selected_invoices",
      transaction_id: "1042",
      method_details: { offline_method: "check" },
      note: "Check #1042",
      occurred_at: daysFromNow(-30),
    })
    await invoicing.recordSucceededPayment({
      customer_id: jane.id,
      currency_code: "usd",
      amount: usd("200.00"),
      allocations: [{ invoice_id: partial.id, amount: usd("200.00") }],
      method: "manual",
      source: "admin",
      mode: "fixed_amount",
      transaction_id: "1077",
      method_details: { offline_method: "check" },
      note: "Check #1077",
      occurred_at: daysFromNow(-3),
    })
    void overdue
    logger.info("Seeded Jane Cooper's invoices")
  }
  const [, samInvoiceCount] = await invoicing.listAndCountInvoices({ customer_id: sam.id }, { take: 1 })
  if (!samInvoiceCount) {
    for (const [issued, due, title, price] of [
      [20, 10, "Gutter cleaning", "140.00"],
      [3, 27, "Window cleaning", "85.00"],
    ] as const) {
      const draft = await invoicing.createDraftInvoice({
        customer_id: sam.id,
        currency_code: "usd",
        due_at: daysFromNow(due),
        lines: [{ title, quantity: "1", unit_price: price }],
      })
      await invoicing.issueInvoice(draft.id, { now, issued_at: daysFromNow(-issued) })
    }
    logger.info("Seeded Sam Lee's invoices")
  }

  // Portal settings for the demo business, once (later changes made in the admin are kept).
  const portal = container.resolve<PortalModuleService>(PORTAL_MODULE)
  const [settingsRow] = await portal.listPortalSettings({}, { take: 1 })
  if (!settingsRow) {
    await portal.updateSettings({
      business_name: "Acme Home Services",
      support_email: "billing@example.com",
      autopay: { allowed: true },
      recipients: { service_notes: ["office@example.com"], service_requests: ["dispatch@example.com"] },
    })
    logger.info("Seeded the portal settings")
  }

  const summary = {
    publishable_key: apiKey.token,
    admin: DEMO.admin,
    customers: { jane: { email: DEMO.jane.email, password: DEMO.jane.password, id: jane.id }, sam: { email: DEMO.sam.email, id: sam.id } },
  }
  const out = path.resolve(process.cwd(), ".demo")
  fs.mkdirSync(out, { recursive: true })
  fs.writeFileSync(path.join(out, "seed.json"), JSON.stringify(summary, null, 2))
  logger.info("Demo data ready")
}

async function registerEmailpass(auth: any, email: string, password: string): Promise<string> {
  const { success, authIdentity, error } = await auth.register("emailpass", { body: { email, password } })
  if (!success || !authIdentity) {
    throw new Error(`Could not create the login for ${email}: ${error}`)
  }
  return authIdentity.id
}
