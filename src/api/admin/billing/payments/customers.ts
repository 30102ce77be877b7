import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

/** A customer as the admin's billing lists show one: name, company and email. */
export type BillingCustomerSummary = {
  id: string
  email: string | null
  first_name: string | null
  last_name: string | null
  company_name: string | null
}

/**
 * The customers of a page of rows, in ONE query (not one per row), by id.
 * A customer that no longer exists is absent from the map.
 */
export async function loadCustomerSummaries(
  container: { resolve: (key: string) => any },
  ids: readonly (string | null | undefined)[]
): Promise<Map<string, BillingCustomerSummary>> {
  const unique = [...new Set(ids.filter((id): id is string => !!id))]
  const byId = new Map<string, BillingCustomerSummary>()
  if (!unique.length) return byId
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "customer",
    fields: ["id", "email", "first_name", "last_name", "company_name"],
    filters: { id: unique },
  })
  for (const c of data as any[]) {
    byId.set(c.id, {
      id: c.id,
      email: c.email ?? null,
      first_name: c.first_name ?? null,
      last_name: c.last_name ?? null,
      company_name: c.company_name ?? null,
    })
  }
  return byId
}
