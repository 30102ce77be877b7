import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { invoiceNumbers, serializeServiceRequest } from "../../../store/billing/service-requests/helpers"

type CustomerSummary = { id: string; email: string | null; first_name: string | null; last_name: string | null; name: string }

/**
 * What the admin sees: the customer's view plus who sent it. One customers
 * query and one invoices query for the whole page, whatever its size.
 */
export async function serializeForAdmin(container: MedusaContainer, requests: Array<Record<string, any>>) {
  const customerIds = [...new Set(requests.map((r) => r.customer_id as string))]
  const customers = customerIds.length
    ? await container
        .resolve(Modules.CUSTOMER)
        .listCustomers({ id: customerIds }, { select: ["id", "email", "first_name", "last_name"], take: customerIds.length })
    : []
  const byId = new Map<string, CustomerSummary>(
    customers.map((c) => [
      c.id,
      {
        id: c.id,
        email: c.email ?? null,
        first_name: c.first_name ?? null,
        last_name: c.last_name ?? null,
        name: [c.first_name, c.last_name].filter(Boolean).join(" ") || c.email || c.id,
      },
    ])
  )
  const numbers = await invoiceNumbers(container, requests)
  return requests.map((r) => ({
    ...serializeServiceRequest(r, numbers),
    customer_id: r.customer_id,
    customer: byId.get(r.customer_id) ?? null,
  }))
}

/** `%`-safe ILIKE pattern. */
export const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
