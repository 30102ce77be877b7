/**
 * Bench seed, part 1 (run by scripts/bench.js with `medusa exec`): the demo
 * store (store currency, region, sales channel, publishable key, admin) and
 * the two measured customers, created through Medusa so that they have real
 * emailpass logins. Idempotent. The bulk data is loaded with SQL afterwards.
 * Prints one line `BENCH_SEED_RESULT <json>` for the caller.
 */
import type { ExecArgs } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createCustomerAccountWorkflow } from "@medusajs/medusa/core-flows"
import seedDemo, { DEMO } from "../seed"

export const BENCH_CUSTOMERS = {
  big: { email: "bench-big@example.com", password: "bench-portal-1", first_name: "Bench", last_name: "Big" },
  small: { email: "bench-small@example.com", password: "bench-portal-1", first_name: "Bench", last_name: "Small" },
}

export default async function seedBench({ container }: ExecArgs) {
  await seedDemo({ container } as ExecArgs)

  const auth = container.resolve(Modules.AUTH)
  const customers = container.resolve(Modules.CUSTOMER)
  const ids: Record<string, string> = {}
  for (const [key, data] of Object.entries(BENCH_CUSTOMERS)) {
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
    ids[key] = customer.id
  }

  const apiKeys = container.resolve(Modules.API_KEY)
  const [apiKey] = await apiKeys.listApiKeys({ title: DEMO.apiKeyTitle, type: "publishable" })
  const result = {
    publishable_key: apiKey?.token,
    customers: Object.fromEntries(
      Object.entries(BENCH_CUSTOMERS).map(([key, data]) => [key, { id: ids[key], email: data.email, password: data.password }])
    ),
  }
  console.log(`BENCH_SEED_RESULT ${JSON.stringify(result)}`)
}
