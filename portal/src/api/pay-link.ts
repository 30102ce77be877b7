import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import type { BillingApiError } from "../../../src/client/errors"
import type { CompletePaymentBody, PayLink, PayLinkInvoice, PayPayLinkBody, PreviewPayLinkBody } from "../../../src/client/types"
import { billing } from "../lib/billing"
import { downloadBlob } from "../lib/download"
import { billingKeys, payLinkKeys } from "./query-keys"

/** The HTTP status of a client error (0: no answer), if it is one. */
export const apiStatus = (error: unknown): number | undefined =>
  typeof (error as BillingApiError | null)?.status === "number" ? (error as BillingApiError).status : undefined

/**
 * What the pay page can show for its token: the link, or `unavailable`
 * (the one 404 for a link that is unknown, revoked, expired or paid — the
 * server tells them apart to no one), with `paidHere` when this browser paid
 * through it (so the page can say "nothing left to pay" rather than "expired").
 */
export type PayLinkState = { state: "usable"; link: PayLink } | { state: "unavailable"; paidHere: boolean }

// ---- "paid through this link in this browser" -----------------------------
// Only a SHA-256 of the token, salted with a label, is kept (never the token);
// a spent link's hash is of no use to anyone who reads it.
const PAID_LINKS_KEY = "medusa_billing_portal_paid_links"
const PAID_LINKS_KEPT = 20

async function paidMarker(token: string): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle
  if (!subtle) return null
  const digest = await subtle.digest("SHA-256", new TextEncoder().encode(`paid-pay-link:${token}`))
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("")
}

function readPaidMarkers(): string[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(PAID_LINKS_KEY) ?? "[]")
    return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === "string") : []
  } catch {
    return []
  }
}

async function rememberPaid(token: string): Promise<void> {
  try {
    const marker = await paidMarker(token)
    if (!marker) return
    const kept = readPaidMarkers().filter((m) => m !== marker)
    localStorage.setItem(PAID_LINKS_KEY, JSON.stringify([marker, ...kept].slice(0, PAID_LINKS_KEPT)))
  } catch {
    // storage full or refused (private mode): the page then says "expired" on a later visit, nothing worse
  }
}

async function wasPaidHere(token: string): Promise<boolean> {
  try {
    const marker = await paidMarker(token)
    return !!marker && readPaidMarkers().includes(marker)
  } catch {
    return false
  }
}

/**
 * GET /store/billing/pay-link for the page's token. Read once per page:
 * no refetch on focus (a link paid meanwhile would turn into the 404), and
 * `enabled: false` once the page has paid.
 */
export function usePayLink(token: string | null, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: payLinkKeys.link(),
    queryFn: async ({ signal }): Promise<PayLinkState> => {
      try {
        return { state: "usable", link: await billing.getPayLink(token!, { signal }) }
      } catch (e) {
        if (apiStatus(e) === 404) return { state: "unavailable", paidHere: await wasPaidHere(token!) }
        throw e
      }
    },
    enabled: enabled && !!token,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  })
}

/** POST …/pay-link/preview for a body (null: nothing to preview yet). */
export function usePayLinkPreview(token: string | null, body: PreviewPayLinkBody | null) {
  return useQuery({
    queryKey: payLinkKeys.preview(body),
    queryFn: ({ signal }) => billing.previewPayLink(token!, body!, { signal }),
    enabled: !!token && !!body,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    refetchOnWindowFocus: false,
  })
}

/**
 * POST …/pay-link/pay under the attempt's Idempotency-Key (the page keeps
 * one key per attempt and sends it again on a retry). A settled payment is
 * remembered (see `paidHere`) and the customer's account data, if any is
 * cached, is refreshed.
 */
export function usePayPayLink(token: string | null) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: PayPayLinkBody; idempotencyKey: string }) =>
      billing.payPayLink(token!, body, { idempotencyKey }),
    onSuccess: async ({ payment }) => {
      if (payment.status === "succeeded" || payment.status === "processing") await rememberPaid(token!)
      void queryClient.invalidateQueries({ queryKey: billingKeys.all })
    },
    // 409: what the link leaves to pay is not what the page showed (an invoice
    // paid elsewhere meanwhile): read the link and its preview again before
    // the page says so, so the Pay button shows the amount of now
    onError: async (error) => {
      if (apiStatus(error) === 409) await queryClient.invalidateQueries({ queryKey: payLinkKeys.all })
    },
  })
}

/** POST …/pay-link/payments/:id/complete after the customer confirmed with their bank. */
export function useCompletePayLinkPayment(token: string | null) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ paymentId, body }: { paymentId: string; body: CompletePaymentBody }) =>
      billing.completePayLinkPayment(token!, paymentId, body),
    onSuccess: async (payment) => {
      if (payment.status === "succeeded" || payment.status === "processing") await rememberPaid(token!)
      void queryClient.invalidateQueries({ queryKey: billingKeys.all })
    },
  })
}

/** POST …/pay-link/resend: 202 whatever happened, so the page says the same words every time. */
export function useResendPayLink(token: string | null) {
  return useMutation({ mutationFn: () => billing.resendPayLink(token!) })
}

/** One of the link's invoices as a PDF, saved as `INV-000123.pdf` (no sign-in: the link's token). */
export function useDownloadPayLinkInvoicePdf(token: string) {
  return useMutation({
    mutationFn: async (invoice: Pick<PayLinkInvoice, "id" | "number">) => {
      const blob = await billing.downloadPayLinkInvoicePdf(token, invoice.id)
      downloadBlob(blob, `${invoice.number || "invoice"}.pdf`)
    },
  })
}
