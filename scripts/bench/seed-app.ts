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
 * an earlier run seeded).
 */
import type { ExecArgs } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createCustomerAccountWorkflow } from "@medusajs/medusa/core-flows"
import seedDemo, { DEMO } from "../seed"

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

  const apiKeys = container.resolve(Modules.API_KEY)
  const [apiKey] = await apiKeys.listApiKeys({ title: DEMO.apiKeyTitle, type: "publishable" })
  const result = {
    publishable_key: apiKey?.token,
    customers: Object.fromEntries(
      Object.entries(BENCH_CUSTOMERS).map(([key, data]) => [key, { id: ids[key], email: data.email, password: data.password }])
    ),
    payers,
  }
  console.log(`BENCH_SEED_RESULT ${JSON.stringify(result)}`)
}
