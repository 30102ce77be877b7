/**
 * Re-exported for the reconciler: the Payment Module internal it goes
 * through is wrapped in `src/providers/internals`.
 */
export { readProviderPaymentStatus, type ProviderPaymentStatus } from "../../providers/internals/payment-provider-service"

/** A provider's own failure detail (sandbox `failure_reason`, Stripe `last_payment_error`). */
export function providerFailureReason(data: Record<string, any> | undefined, fallback: string): string {
  return String(
    data?.failure_reason ?? data?.last_payment_error?.decline_code ?? data?.last_payment_error?.code ?? fallback
  )
}
