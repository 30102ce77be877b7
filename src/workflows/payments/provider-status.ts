/**
 * Re-exported for the reconciler: the Payment Module internal it goes
 * through is wrapped in `src/providers/internals`.
 */
export { readProviderPaymentStatus, type ProviderPaymentStatus } from "../../providers/internals/payment-provider-service"
