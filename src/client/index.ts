/**
 * `medusa-billing-portal/client`: the typed client of the store billing API
 * (`/store/billing/*`) for storefronts and the hosted portal. Browser-safe:
 * nothing here imports the plugin's server code.
 */
export { createBillingClient } from "./client"
export type {
  BillingClient,
  BillingClientOptions,
  BillingSdk,
  CancelAutopayResult,
  CompletePaymentResult,
  CreatePaymentMethodResult,
  CreatePaymentResult,
  KeyedRequestOptions,
  PayPayLinkResult,
  RequestOptions,
} from "./client"
export { BillingApiError, DELETED_CUSTOMER_MESSAGE, errorTypeForStatus, PORTAL_ACCESS_OFF_MESSAGE } from "./errors"
export { newIdempotencyKey } from "./idempotency"
export { formatMoney } from "./money"
export { microdepositsAction } from "./next-action"
export * from "./types"
