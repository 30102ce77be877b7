import type { MedusaContainer } from "@medusajs/framework/types"
import type { AllocationResult } from "../../domain/allocation"
import { decideAllocation, type PaymentRequestInput } from "../payments/steps/allocate-payment"
import { assertPayLinkRequest, loadUsablePayLink } from "./load-pay-link"

type Resolver = { resolve: MedusaContainer["resolve"] }

export type PayLinkPaymentRequest = Omit<PaymentRequestInput, "customer_id" | "invoice_scope">

/**
 * Exactly what a payment through the link with this request would do,
 * without doing it: the link must be usable (else the one 404), the request
 * within it (its modes, currency and invoices; else 400), and the allocation
 * is the portal's own, limited to the link's customer and invoices. A read:
 * nothing is written, `last_used_at` included.
 */
export async function previewPayLinkPayment(
  container: Resolver,
  tokenHash: string,
  request: PayLinkPaymentRequest,
  now: Date
): Promise<AllocationResult> {
  const { link } = await loadUsablePayLink(container, tokenHash, now)
  assertPayLinkRequest(link, request)
  return await decideAllocation(container, { ...request, customer_id: link.customer_id, invoice_scope: link.invoice_ids })
}
