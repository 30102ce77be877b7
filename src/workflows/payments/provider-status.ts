import { MedusaError } from "@medusajs/framework/utils"

export type ProviderPaymentStatus = { status: string; data?: Record<string, unknown> }

/**
 * Asks a payment provider where a payment is now (`getPaymentStatus`, e.g.
 * Stripe retrieves the PaymentIntent; the sandbox computes it from its
 * settlement dates). The Payment Module has no public method for this — core
 * only calls it inside `authorizePaymentSession` — so this goes through the
 * module's own provider service (`getStatus(providerId, { data })`), the same
 * call core makes, rather than constructing a provider of our own.
 */
export async function readProviderPaymentStatus(
  paymentModule: unknown,
  providerId: string,
  data: Record<string, unknown>
): Promise<ProviderPaymentStatus> {
  const providers = (paymentModule as any)?.paymentProviderService_
  if (typeof providers?.getStatus !== "function") {
    throw new MedusaError(
      MedusaError.Types.UNEXPECTED_STATE,
      "The Payment Module does not expose its provider service: cannot re-read a payment's status"
    )
  }
  return await providers.getStatus(providerId, { data })
}

/** A provider's own failure detail (sandbox `failure_reason`, Stripe `last_payment_error`). */
export function providerFailureReason(data: Record<string, any> | undefined, fallback: string): string {
  return String(
    data?.failure_reason ?? data?.last_payment_error?.decline_code ?? data?.last_payment_error?.code ?? fallback
  )
}
