import { type QueryClient, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { billing } from "../lib/billing"
import { billingKeys } from "./query-keys"
import { isZero } from "../lib/money"
import type { Invoice, InvoiceListQuery, UpdateAutopayBody } from "./types"


/** GET /store/billing/autopay: the enrollment with its consent, or `status: "none"`, and the current terms. */
export function useAutopay() {
  return useQuery({
    queryKey: billingKeys.autopay(),
    queryFn: ({ signal }) => billing.getAutopay({ signal }),
  })
}

/** GET /store/billing/payment-methods (needs the Payment methods tab). */
export function usePaymentMethods(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: billingKeys.paymentMethods(),
    queryFn: ({ signal }) => billing.listPaymentMethods({ signal }),
    enabled: options.enabled ?? true,
  })
}

/** PUT /store/billing/autopay: enroll, change the method or limit, or resume (a new consent each time). */
export function useUpdateAutopay() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: UpdateAutopayBody) => billing.updateAutopay(body),
    onSuccess: (autopay) => {
      queryClient.setQueryData(billingKeys.autopay(), autopay)
      // Home's summary and the calendar read autopay from the account
      return queryClient.invalidateQueries({ queryKey: billingKeys.account() })
    },
  })
}

/** The enrollment changed: it and the account (Home's summary, the calendar) are asked again. */
const refreshAutopay = (queryClient: QueryClient) =>
  Promise.all([
    queryClient.invalidateQueries({ queryKey: billingKeys.autopay() }),
    queryClient.invalidateQueries({ queryKey: billingKeys.account() }),
  ])

/** POST /store/billing/autopay/pause: nothing is charged until the customer turns it on again. */
export function usePauseAutopay() {
  const queryClient = useQueryClient()
  return useMutation({ mutationFn: () => billing.pauseAutopay(), onSuccess: () => refreshAutopay(queryClient) })
}

/** DELETE /store/billing/autopay: cancels at once. */
export function useCancelAutopay() {
  const queryClient = useQueryClient()
  return useMutation({ mutationFn: () => billing.cancelAutopay(), onSuccess: () => refreshAutopay(queryClient) })
}

const UPCOMING: InvoiceListQuery = { status: ["open", "partially_paid"], order: "due_at", limit: 20 }

/** The open invoices autopay will take, oldest due first (the same list Home reads). */
export function useUpcomingInvoices(enabled: boolean) {
  return useQuery({
    queryKey: billingKeys.invoiceList(UPCOMING),
    queryFn: ({ signal }) => billing.listInvoices(UPCOMING, { signal }),
    enabled,
  })
}

/** The next invoice autopay charges (none with a payment already on the way) and the day it does. */
export function nextAutopayCharge(invoices: Invoice[], chargeOn: "due_date" | "issue_date", now = new Date()) {
  const invoice = invoices.find((i) => isZero(i.amount_pending))
  if (!invoice) return null
  const date = chargeOn === "issue_date" ? invoice.issued_at : invoice.due_at ?? invoice.issued_at
  const future = !!date && new Date(date).getTime() > now.getTime()
  return { invoice, date: future ? date : null }
}

