import { queryOptions, useQuery } from "@tanstack/react-query"
import { sdk } from "../lib/sdk"
import { billingKeys } from "./query-keys"
import type { BillingAccount } from "./types"

/** GET /store/billing/account: balances per currency, autopay, and the public portal settings. */
export const accountQuery = queryOptions({
  queryKey: billingKeys.account(),
  queryFn: async () => (await sdk.client.fetch<{ account: BillingAccount }>("/store/billing/account")).account,
})

export function useAccount() {
  return useQuery(accountQuery)
}
