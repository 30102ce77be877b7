import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query"
import { billing } from "../lib/billing"
import { billingKeys } from "./query-keys"
import { toMajor, toMinor } from "../../../src/domain/money"
import { errorStatus } from "../lib/errors"
import type { Autopay, AutopayEnrollment, CreatePaymentBody, PaymentMethodType, PreviewPaymentBody } from "./types"

/**
 * POST /store/billing/payments/preview: what a payment would do, invoice by
 * invoice. `body` null means "nothing to ask yet" (the form is incomplete).
 * The previous answer stays on screen while the next one loads
 * (`isPlaceholderData`), so the preview does not flicker while typing.
 */
export function usePaymentPreview(body: PreviewPaymentBody | null) {
  return useQuery({
    queryKey: billingKeys.paymentPreview(body ?? ({} as PreviewPaymentBody)),
    queryFn: ({ signal }) => billing.previewPayment(body as PreviewPaymentBody, { signal }),
    enabled: body !== null,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
    // a preview is for the form on screen: none is kept for a later visit (after a payment,
    // a kept one would show the old amount while it is asked again)
    gcTime: 0,
  })
}

/** GET /store/billing/payments/:id: a receipt. */
export function usePayment(id: string) {
  return useQuery({
    queryKey: billingKeys.payment(id),
    queryFn: ({ signal }) => billing.getPayment(id, { signal }),
    // an ACH debit or a card still settling: look again until it is final
    refetchInterval: (query) =>
      query.state.data?.status === "pending" || query.state.data?.status === "processing" ? 15_000 : false,
  })
}

/** GET /store/billing/payment-methods */
export function usePaymentMethods(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: billingKeys.paymentMethods(),
    queryFn: ({ signal }) => billing.listPaymentMethods({ signal }),
    enabled: options.enabled ?? true,
  })
}

/**
 * After a payment was made (created, completed, or its method put on
 * autopay): balances, invoices, history and saved methods may all have
 * changed, and every billing query is fetched again — except the payment
 * previews. The page's preview describes the payment just made: its invoices
 * are now paid or held for it, so asking again would answer 400 while the
 * page moves on to the receipt (and the move waits for these fetches).
 * Marked stale, a preview is asked again when Make a payment next shows it.
 * A refused request (the mutation's error) refreshes everything, the preview
 * included: a 409 means the balance moved, and the form shows the new one.
 */
function refreshAfterPayment(queryClient: QueryClient, error: unknown) {
  if (error) return queryClient.invalidateQueries({ queryKey: billingKeys.all })
  const previews = billingKeys.paymentPreviews()
  const isPreview = (key: readonly unknown[]) => previews.every((part, i) => key[i] === part)
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: previews, refetchType: "none" }),
    queryClient.invalidateQueries({ queryKey: billingKeys.all, predicate: (query) => !isPreview(query.queryKey) }),
  ])
}

/**
 * POST /store/billing/payments under the attempt's `Idempotency-Key` (the
 * caller keeps one key per attempt and passes it again on a retry).
 */
export function useCreatePayment() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreatePaymentBody; idempotencyKey: string }) =>
      billing.createPayment(body, { idempotencyKey }),
    onSettled: (_data, error) => refreshAfterPayment(queryClient, error),
  })
}

/**
 * POST /store/billing/payments/:id/complete after the customer answered the
 * provider's challenge: the payment, and the method it kept for autopay when
 * the provider keeps methods itself (Stripe's save for autopay).
 */
export function useCompletePayment() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, providerData }: { id: string; providerData?: Record<string, unknown> }) =>
      billing.completePaymentWithSavedMethod(id, providerData ? { provider_data: providerData } : {}),
    onSettled: (_data, error) => refreshAfterPayment(queryClient, error),
  })
}

/** POST /store/billing/payment-methods under an `Idempotency-Key` kept per attempt by the caller. */
export function useCreatePaymentMethod() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({
      type,
      data,
      idempotencyKey,
    }: {
      type: PaymentMethodType
      data?: Record<string, unknown>
      idempotencyKey: string
    }) => billing.createPaymentMethod({ type, data }, { idempotencyKey }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: billingKeys.paymentMethods() }),
  })
}

/** DELETE /store/billing/payment-methods/:id */
export function useDeletePaymentMethod() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => billing.deletePaymentMethod(id),
    onSettled: () => queryClient.invalidateQueries({ queryKey: billingKeys.paymentMethods() }),
  })
}

/** Downloads a payment's receipt PDF (a Blob: the route needs the customer's token, so no plain link). */
export function useDownloadReceipt() {
  return useMutation({
    mutationFn: (paymentId: string) => billing.downloadReceipt(paymentId),
  })
}

export const invoiceNumberKey = (id: string) => [...billingKeys.invoices(), "number", id] as const

/**
 * An invoice's number (`INV-000123`) for a receipt line: a payment's
 * allocations name invoices by id. Off when the Invoices tab is off (the
 * route answers 403 then).
 */
export function useInvoiceNumber(id: string, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: invoiceNumberKey(id),
    queryFn: async ({ signal }) => (await billing.getInvoice(id, { signal })).number,
    enabled: options.enabled ?? true,
    staleTime: Infinity,
  })
}

/** What became of "use it for autopay" once the payment saved its method. */
export type AutopayAfterPayment =
  | { enrolled: AutopayEnrollment }
  /** the customer set up, changed, paused or canceled autopay after this payment was made: left as they set it */
  | { changedSince: Autopay }

/**
 * PUT /store/billing/autopay with the method a payment just saved, after the
 * customer ticked "use it for autopay" and so agreed to `terms_version`. The
 * limit the customer set earlier stays (a PUT without one would clear it).
 * `unless_changed_since` the payment's creation: the server leaves autopay
 * alone (409) when the customer changed it since (on the Autopay page, or
 * this very step done before), so an old receipt opened again never undoes
 * their choice.
 */
export function useEnrollAutopayAfterPayment() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async ({
      paymentMethodId,
      termsVersion,
      paymentCreatedAt,
    }: {
      paymentMethodId: string
      termsVersion: string
      paymentCreatedAt: string
    }): Promise<AutopayAfterPayment> => {
      const current = await billing.getAutopay()
      const live = current.status === "active" || current.status === "paused" ? current : null
      const limit =
        live && live.max_amount !== null && live.max_amount_currency_code
          ? { max_amount: exactLimit(live.max_amount, live.max_amount_currency_code), max_amount_currency_code: live.max_amount_currency_code }
          : {}
      try {
        const enrolled = await billing.updateAutopay({
          payment_method_id: paymentMethodId,
          consent: true,
          terms_version: termsVersion,
          unless_changed_since: paymentCreatedAt,
          ...limit,
        })
        if (enrolled.status === "none") throw new Error("autopay could not be turned on")
        return { enrolled }
      } catch (error) {
        if (errorStatus(error) !== 409) throw error
        return { changedSince: await billing.getAutopay() }
      }
    },
    // it follows a payment just made: that payment's preview is not asked again either
    onSettled: () => refreshAfterPayment(queryClient, null),
  })
}

/** A limit as the API answered it (a JSON number in major units), sent back exactly in its currency. */
function exactLimit(amount: number, currency: string): string {
  return toMajor(toMinor(String(amount), currency), currency)
}
