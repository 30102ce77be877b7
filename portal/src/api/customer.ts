import { queryOptions, useQuery } from "@tanstack/react-query"
import { sdk } from "../lib/sdk"
import { customerKeys } from "./query-keys"

export type Customer = { id: string; email: string; first_name: string | null; last_name: string | null }

/** GET /store/customers/me (Medusa's own route): who is signed in. */
export const customerQuery = queryOptions({
  queryKey: customerKeys.me(),
  queryFn: async () =>
    (
      await sdk.client.fetch<{ customer: Customer }>("/store/customers/me", {
        query: { fields: "id,email,first_name,last_name" },
      })
    ).customer,
  staleTime: 5 * 60_000,
})

export function useCustomer() {
  return useQuery(customerQuery)
}

export function customerName(customer: Customer | undefined): string {
  if (!customer) return ""
  return [customer.first_name, customer.last_name].filter(Boolean).join(" ") || customer.email
}
