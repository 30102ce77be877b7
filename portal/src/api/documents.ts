import { useMutation, useQuery } from "@tanstack/react-query"
import { billing } from "../lib/billing"
import { downloadBlob } from "../lib/download"
import { billingKeys } from "./query-keys"
import type { Payment, PaymentListQuery } from "./types"

/** GET /store/billing/payments: receipts, newest first (needs the Payments or History tab). */
export function useReceipts(query: PaymentListQuery, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: billingKeys.receiptList(query),
    queryFn: ({ signal }) => billing.listPayments(query, { signal }),
    enabled: options.enabled ?? true,
    placeholderData: (previous) => previous,
  })
}

/** A payment's receipt PDF, saved as `receipt-<transaction id>.pdf` (the server's name for it). */
export function useDownloadReceipt() {
  return useMutation({
    mutationFn: async (payment: Pick<Payment, "id" | "transaction_id">) => {
      const blob = await billing.downloadReceipt(payment.id)
      downloadBlob(blob, `receipt-${payment.transaction_id || payment.id}.pdf`)
    },
  })
}
