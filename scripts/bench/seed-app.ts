/**
 * Bench seed, part 1 (run by scripts/bench.js with `medusa exec`): the demo
 * store (store currency, region, sales channel, publishable key, admin),
 * the two measured customers and the paying customers of the payment
 * benchmark, created through Medusa so that they have real emailpass logins.
 * Idempotent. The bulk data (and the payers' open invoices) is loaded with
 * SQL afterwards. Prints one line `BENCH_SEED_RESULT <json>` for the caller.
 *
 * Environment: BENCH_PAYERS (number of paying customers, default 0);
 * BENCH_PAYERS_ONLY=true skips the demo seed (adding payers to a database
 * an earlier run seeded); BENCH_CHECKOUT=true also prepares Medusa's own
 * checkout (region with the sandbox provider, product, flat shipping option).
 */
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import {
  createCustomerAccountWorkflow,
  createProductsWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
  createStockLocationsWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
  updateRegionsWorkflow,
} from "@medusajs/medusa/core-flows"
import seedDemo, { DEMO } from "../seed"

/** The sandbox provider's id in the Payment Module (medusa-config registers it with id "sandbox"). */
export const SANDBOX_PROVIDER_ID = "pp_billing-sandbox_sandbox"
const CHECKOUT = { location: "Bench warehouse", product: "Bench checkout product", sku: "BENCH-CHECKOUT-1", option: "Bench flat shipping" }

/**
 * What Medusa's own checkout needs (the baseline of the payment benchmark):
 * the demo region with the sandbox provider enabled, a stock location linked
 * to the manual fulfillment provider and the demo sales channel, a shipping
 * fulfillment set for the US, a flat-rate shipping option, and one published
 * product whose variant has `manage_inventory: false`. Idempotent.
 */
async function ensureCheckout(container: ExecArgs["container"]) {
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  const regions = container.resolve(Modules.REGION)
  const [region] = await regions.listRegions({ name: DEMO.region })
  if (!region) throw new Error(`the demo region ${DEMO.region} is missing`)
  await updateRegionsWorkflow(container).run({
    input: { selector: { id: region.id }, update: { payment_providers: [SANDBOX_PROVIDER_ID] } },
  })
  const salesChannels = container.resolve(Modules.SALES_CHANNEL)
  const [channel] = await salesChannels.listSalesChannels({ name: DEMO.salesChannel })

  const stockLocations = container.resolve(Modules.STOCK_LOCATION)
  const fulfillment = container.resolve(Modules.FULFILLMENT)
  let [location] = await stockLocations.listStockLocations({ name: CHECKOUT.location })
  if (!location) {
    const { result } = await createStockLocationsWorkflow(container).run({
      input: { locations: [{ name: CHECKOUT.location, address: { address_1: "1 Bench St", city: "Austin", country_code: "us" } }] },
    })
    location = result[0]
    await link.create({
      [Modules.STOCK_LOCATION]: { stock_location_id: location.id },
      [Modules.FULFILLMENT]: { fulfillment_provider_id: "manual_manual" },
    })
    await linkSalesChannelsToStockLocationWorkflow(container).run({ input: { id: location.id, add: [channel.id] } })
  }
  let [profile] = await fulfillment.listShippingProfiles({ type: "default" })
  if (!profile) {
    const { result } = await createShippingProfilesWorkflow(container).run({
      input: { data: [{ name: "Default Shipping Profile", type: "default" }] },
    })
    profile = result[0]
  }
  let [set] = await fulfillment.listFulfillmentSets({ name: CHECKOUT.location }, { relations: ["service_zones"] })
  if (!set) {
    set = await fulfillment.createFulfillmentSets({
      name: CHECKOUT.location,
      type: "shipping",
      service_zones: [{ name: "US", geo_zones: [{ country_code: "us", type: "country" }] }],
    })
    await link.create({
      [Modules.STOCK_LOCATION]: { stock_location_id: location.id },
      [Modules.FULFILLMENT]: { fulfillment_set_id: set.id },
    })
  }
  let [option] = await fulfillment.listShippingOptions({ name: CHECKOUT.option })
  if (!option) {
    const { result } = await createShippingOptionsWorkflow(container).run({
      input: [
        {
          name: CHECKOUT.option,
          price_type: "flat",
          provider_id: "manual_manual",
          service_zone_id: set.service_zones[0].id,
          shipping_profile_id: profile.id,
          type: { label: "Standard", description: "Flat rate", code: "bench-flat" },
          prices: [
            { currency_code: "usd", amount: 5 },
            { region_id: region.id, amount: 5 },
          ],
          rules: [
            { attribute: "enabled_in_store", value: "true", operator: "eq" },
            { attribute: "is_return", value: "false", operator: "eq" },
          ],
        },
      ],
    })
    option = result[0]
  }
  const products = container.resolve(Modules.PRODUCT)
  let [variant] = await products.listProductVariants({ sku: CHECKOUT.sku })
  if (!variant) {
    const { result } = await createProductsWorkflow(container).run({
      input: {
        products: [
          {
            title: CHECKOUT.product,
            status: "published",
            shipping_profile_id: profile.id,
            options: [{ title: "Size", values: ["One"] }],
            variants: [
              { title: "One", sku: CHECKOUT.sku, options: { Size: "One" }, manage_inventory: false, prices: [{ amount: 20, currency_code: "usd" }] },
            ],
            sales_channels: [{ id: channel.id }],
          },
        ],
      },
    })
    ;[variant] = await products.listProductVariants({ sku: CHECKOUT.sku })
    void result
  }
  return { region_id: region.id, variant_id: variant.id, shipping_option_id: option.id, provider_id: SANDBOX_PROVIDER_ID }
}

export const BENCH_CUSTOMERS = {
  big: { email: "bench-big@example.com", password: "bench-portal-1", first_name: "Bench", last_name: "Big" },
  small: { email: "bench-small@example.com", password: "bench-portal-1", first_name: "Bench", last_name: "Small" },
}

/** The i-th paying customer (1-based) of the payment benchmark. */
export const benchPayer = (i: number) => ({
  email: `bench-payer-${String(i).padStart(3, "0")}@example.com`,
  password: "bench-portal-1",
  first_name: "Bench",
  last_name: `Payer ${i}`,
})

type Login = { email: string; password: string; first_name: string; last_name: string }

async function ensureCustomerWithLogin(container: ExecArgs["container"], data: Login): Promise<string> {
  const auth = container.resolve(Modules.AUTH)
  const customers = container.resolve(Modules.CUSTOMER)
  let [customer] = await customers.listCustomers({ email: data.email, has_account: true })
  if (!customer) {
    const { success, authIdentity, error } = await auth.register("emailpass", {
      body: { email: data.email, password: data.password },
    } as any)
    if (!success || !authIdentity) throw new Error(`Could not create the login for ${data.email}: ${error}`)
    const { result } = await createCustomerAccountWorkflow(container).run({
      input: {
        authIdentityId: authIdentity.id,
        customerData: { email: data.email, first_name: data.first_name, last_name: data.last_name },
      },
    })
    customer = result
  }
  return customer.id
}

export default async function seedBench({ container }: ExecArgs) {
  if (process.env.BENCH_PAYERS_ONLY !== "true") await seedDemo({ container } as ExecArgs)

  const ids: Record<string, string> = {}
  for (const [key, data] of Object.entries(BENCH_CUSTOMERS)) ids[key] = await ensureCustomerWithLogin(container, data)

  const payerCount = Math.max(0, Math.floor(Number(process.env.BENCH_PAYERS ?? 0) || 0))
  const payers: { id: string; email: string; password: string }[] = []
  for (let i = 1; i <= payerCount; i++) {
    const data = benchPayer(i)
    payers.push({ id: await ensureCustomerWithLogin(container, data), email: data.email, password: data.password })
  }

  const checkout = process.env.BENCH_CHECKOUT === "true" ? await ensureCheckout(container) : null

  const apiKeys = container.resolve(Modules.API_KEY)
  const [apiKey] = await apiKeys.listApiKeys({ title: DEMO.apiKeyTitle, type: "publishable" })
  const result = {
    publishable_key: apiKey?.token,
    customers: Object.fromEntries(
      Object.entries(BENCH_CUSTOMERS).map(([key, data]) => [key, { id: ids[key], email: data.email, password: data.password }])
    ),
    payers,
    checkout,
  }
  console.log(`BENCH_SEED_RESULT ${JSON.stringify(result)}`)
}
