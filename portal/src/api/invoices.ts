import { useMutation, useQueries, useQuery } from "@tanstack/react-query"
import { billing } from "../lib/billing"
import { downloadBlob } from "../lib/download"
import { errorStatus } from "../lib/errors"
import { billingKeys } from "./query-keys"
import type { Invoice, InvoiceListQuery } from "./types"

/** GET /store/billing/invoices (needs the Invoices tab). */
export function useInvoices(query: InvoiceListQuery, options: { enabled?: boolean; keepPrevious?: boolean } = {}) {
  return useQuery({
    queryKey: billingKeys.invoiceList(query),
    queryFn: ({ signal }) => billing.listInvoices(query, { signal }),
    enabled: options.enabled ?? true,
    // a new filter or page keeps the rows on screen until the answer comes
    placeholderData: options.keepPrevious ? (previous) => previous : undefined,
  })
}

/** GET /store/billing/invoices/:id with lines and allocations; another customer's id is a 404. */
export function useInvoice(id: string) {
  return useQuery({
    queryKey: billingKeys.invoice(id),
    queryFn: ({ signal }) => billing.getInvoice(id, { signal }),
  })
}

/**
 * The payments applied to an invoice, as receipts (their transaction ids).
 * Receipts are readable while the Payments or History tab is on; when
 * neither is, these fail with 403 and the invoice shows its allocations alone.
 */
export function useInvoicePayments(paymentIds: string[], enabled: boolean) {
  return useQueries({
    queries: paymentIds.map((id) => ({
      queryKey: billingKeys.payment(id),
      queryFn: ({ signal }: { signal: AbortSignal }) => billing.getPayment(id, { signal }),
      enabled,
      retry: (failures: number, error: unknown) => !errorStatus(error) && failures < 1,
    })),
  })
}

/** The invoice's PDF, saved as `INV-000123.pdf` (the name the server gives it). */
export function useDownloadInvoicePdf() {
  return useMutation({
    mutationFn: async (invoice: Pick<Invoice, "id" | "number">) => {
      const blob = await billing.downloadInvoicePdf(invoice.id)
      downloadBlob(blob, `${invoice.number || "invoice"}.pdf`)
    },
  })
}
