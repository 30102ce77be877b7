import { useQuery } from "@tanstack/react-query"
import { customerKeys } from "../query-keys"
import { sdk } from "../sdk"
import type { Balance } from "../types"

export type CustomerAccount = { customer_id: string; balances: Balance[] }

/** `GET /admin/billing/customers/:id/account`: the customer's balances, one per currency. */
export function useCustomerAccount(customerId: string) {
  return useQuery({
    queryKey: customerKeys.detail(customerId),
    queryFn: () =>
      sdk.client.fetch<{ account: CustomerAccount }>(`/admin/billing/customers/${customerId}/account`),
    select: (res) => res.account,
  })
}

/** The customer's statement PDF (`GET /admin/billing/customers/:id/statement`). */
export const statementPath = (customerId: string) => `/admin/billing/customers/${customerId}/statement`
