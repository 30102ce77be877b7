/**
 * Seeds the browser suites' server (run by setup/server.js with `medusa
 * exec`): the admin, the portal's publishable key (titled as the demo's, so
 * the hosted portal finds it without a `publishableApiKey` option, as in
 * the demo), USD and EUR, the customers and invoices of fixtures.ts, and the
 * portal settings. Writes the ids the journeys need to $BROWSER_SEED_OUTPUT.
 */
import fs from "fs"
import type { ExecArgs } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import {
  createApiKeysWorkflow,
  createCustomerAccountWorkflow,
  createSalesChannelsWorkflow,
  createUserAccountWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  updateStoresWorkflow,
} from "@medusajs/medusa/core-flows"
import { toMinor } from "../../src/domain/money"
import { INVOICING_MODULE } from "../../src/modules/invoicing"
import type InvoicingModuleService from "../../src/modules/invoicing/service"
import { PORTAL_MODULE } from "../../src/modules/portal"
import type PortalModuleService from "../../src/modules/portal/service"
import { DEMO_PORTAL_API_KEY_TITLE } from "../../src/utils/options"
import { ADA, ADMIN, BUSINESS, CARL, CARL_INVOICES, CARL_REQUEST, CUSTOMERS, CustomerKey, FIXTURES_NOW, INVOICES, LENA_INVOICES, QUINN, QUINN_INVOICES, SAM, SAM_INVOICE } from "./fixtures"

const DAY = 24 * 60 * 60 * 1000

export default async function seedBrowserSuites({ container }: ExecArgs) {
  const now = FIXTURES_NOW
  const daysFromNow = (days: number) => new Date(now.getTime() + days * DAY)

  const { result: channels } = await createSalesChannelsWorkflow(container).run({
    input: { salesChannelsData: [{ name: "Billing portal" }] },
  })
  const [store] = await container.resolve(Modules.STORE).listStores({})
  await updateStoresWorkflow(container).run({
    input: {
      selector: { id: store.id },
      update: {
        supported_currencies: [
          { currency_code: "usd", is_default: true },
          { currency_code: "eur" },
        ],
        default_sales_channel_id: channels[0].id,
      },
    },
  })
  const { result: keys } = await createApiKeysWorkflow(container).run({
    input: { api_keys: [{ title: DEMO_PORTAL_API_KEY_TITLE, type: "publishable", created_by: "" }] },
  })
  await linkSalesChannelsToApiKeyWorkflow(container).run({ input: { id: keys[0].id, add: [channels[0].id] } })

  const auth = container.resolve(Modules.AUTH)
  const register = async (email: string, password: string) => {
    const { authIdentity, error } = await auth.register("emailpass", { body: { email, password } } as any)
    if (!authIdentity) throw new Error(`could not register ${email}: ${error}`)
    return authIdentity.id
  }
  await createUserAccountWorkflow(container).run({
    input: { authIdentityId: await register(ADMIN.email, ADMIN.password), userData: { email: ADMIN.email } },
  })

  const customerIds = {} as Record<CustomerKey, string>
  for (const [key, customer] of Object.entries(CUSTOMERS) as [CustomerKey, (typeof CUSTOMERS)[CustomerKey]][]) {
    const { result } = await createCustomerAccountWorkflow(container).run({
      input: {
        authIdentityId: await register(customer.email, customer.password),
        customerData: { email: customer.email, first_name: customer.first_name, last_name: customer.last_name },
      },
    })
    customerIds[key] = result.id
  }

  const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
  for (const seed of INVOICES) {
    const draft = await invoicing.createDraftInvoice({
      customer_id: customerIds[seed.customer],
      currency_code: seed.currency_code,
      due_at: daysFromNow(seed.dueInDays),
      lines: seed.lines,
    })
    const invoice = await invoicing.issueInvoice(draft.id, { now, issued_at: daysFromNow(-seed.issuedDaysAgo) })
    if (seed.paid) {
      await invoicing.recordSucceededPayment({
        customer_id: customerIds[seed.customer],
        currency_code: seed.currency_code,
        amount: toMinor(seed.paid, seed.currency_code),
        allocations: [{ invoice_id: invoice.id, amount: toMinor(seed.paid, seed.currency_code) }],
        method: "manual",
        source: "admin",
        mode: "selected_invoices",
        transaction_id: "CHECK-2001",
        note: "Check #2001",
        occurred_at: daysFromNow(-seed.issuedDaysAgo + 10),
      })
    }
  }

  await container.resolve<PortalModuleService>(PORTAL_MODULE).updateSettings({
    business_name: BUSINESS.name,
    support_email: BUSINESS.support_email,
    autopay: { allowed: true },
  })

  // -- account area: Ada paid part of her first invoice by check today (the activity calendar shows it on today) --
  {
    const [first] = await invoicing.listInvoices(
      { customer_id: customerIds.ada },
      { order: { due_at: "ASC" }, take: 1 }
    )
    await invoicing.recordSucceededPayment({
      customer_id: customerIds.ada,
      currency_code: "usd",
      amount: toMinor(ADA.check, "usd"),
      allocations: [{ invoice_id: first.id, amount: toMinor(ADA.check, "usd") }],
      method: "manual",
      source: "admin",
      mode: "selected_invoices",
      transaction_id: "CHECK-3101",
      note: "Check #3101",
      occurred_at: now,
    })
  }
  // -- end of account area --
  await seedPublicPages(container, now) // public pages (activate): Sam, without a login
  // ---- lists (Invoices, History, Documents): Lena's invoice notes (search matches notes) ----
  const lenaInvoices = await invoicing.listInvoices({ customer_id: customerIds.lena }, { order: { display_id: "ASC" } })
  for (const [i, seed] of LENA_INVOICES.entries()) {
    if (seed.notes) await invoicing.updateInvoices({ id: lenaInvoices[i].id, notes: seed.notes })
  }
  // ---- end lists ----

  const output = process.env.BROWSER_SEED_OUTPUT
  if (output) {
    fs.writeFileSync(output, JSON.stringify({ publishable_key: keys[0].token, customers: customerIds }, null, 2))
  }

  // ---- pay links (PAYLINK: pay-link.spec.ts) ----------------------------------------------
  // Quinn: a customer without a login, with two issued USD invoices (no email sent
  // yet: the journey sends them as the admin, which makes the pay links).
  const [quinn] = await container.resolve(Modules.CUSTOMER).createCustomers([QUINN])
  for (const seed of QUINN_INVOICES) {
    const draft = await invoicing.createDraftInvoice({
      customer_id: quinn.id,
      currency_code: seed.currency_code,
      due_at: daysFromNow(seed.dueInDays),
      lines: seed.lines,
    })
    await invoicing.issueInvoice(draft.id, { now, issued_at: daysFromNow(-seed.issuedDaysAgo) })
  }

  // ---- admin customer page (admin-customer.spec.ts): Carl, no login, two USD invoices (one past due), an open request ----
  const [carl] = await container.resolve(Modules.CUSTOMER).createCustomers([CARL])
  for (const seed of CARL_INVOICES) {
    const draft = await invoicing.createDraftInvoice({
      customer_id: carl.id,
      currency_code: seed.currency_code,
      due_at: daysFromNow(seed.dueInDays),
      lines: seed.lines,
    })
    await invoicing.issueInvoice(draft.id, { now, issued_at: daysFromNow(-seed.issuedDaysAgo) })
  }
  await container.resolve<PortalModuleService>(PORTAL_MODULE).createServiceRequests({ customer_id: carl.id, ...CARL_REQUEST })
  // ---- end admin customer page ----
}

// --- public pages (activate, reset password, sample portal) ---
/** Sam: a customer with an invoice and no login, whom activate.spec.ts invites. */
async function seedPublicPages(container: ExecArgs["container"], now: Date) {
  const [sam] = await container
    .resolve(Modules.CUSTOMER)
    .createCustomers([{ email: SAM.email, first_name: SAM.first_name, last_name: SAM.last_name }])
  const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
  const draft = await invoicing.createDraftInvoice({
    customer_id: sam.id,
    currency_code: SAM_INVOICE.currency_code,
    due_at: new Date(now.getTime() + SAM_INVOICE.dueInDays * DAY),
    lines: [{ title: SAM_INVOICE.title, quantity: "1", unit_price: SAM_INVOICE.unit_price }],
  })
  await invoicing.issueInvoice(draft.id, { now, issued_at: new Date(now.getTime() - SAM_INVOICE.issuedDaysAgo * DAY) })
}
// --- end public pages ---
