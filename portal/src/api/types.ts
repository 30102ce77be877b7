/**
 * The portal talks to the same routes as `medusa-billing-portal/client` and
 * uses its types, so the portal and storefronts built on the client read one
 * description of every answer (kept in step with the server by the client's
 * own tests).
 */
export type {
  AccountBalance,
  Autopay as AccountAutopay,
  AutopayStatus,
  BillingAccount,
  Invoice,
  InvoiceList,
  InvoiceListQuery,
  InvoiceStatus,
  PublicPortalSettings,
  // payments
  CreatePaymentBody,
  Payment,
  PaymentMethodInput,
  PaymentMethodType,
  PaymentMode,
  PaymentPreview,
  PreviewPaymentBody,
  SavedPaymentMethod,
} from "../../../src/client/types"
