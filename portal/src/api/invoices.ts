import { useQuery } from "@tanstack/react-query"
import { sdk } from "../lib/sdk"
import { billingKeys } from "./query-keys"
import type { InvoiceList, InvoiceListQuery } from "./types"

/** GET /store/billing/invoices (needs the Invoices tab). */
export function useInvoices(query: InvoiceListQuery, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: billingKeys.invoiceList(query),
    queryFn: () => sdk.client.fetch<InvoiceList>("/store/billing/invoices", { query }),
    enabled: options.enabled ?? true,
  })
}
