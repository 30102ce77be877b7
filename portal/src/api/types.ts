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
  HistoryEntry,
  HistoryList,
  HistoryQuery,
  Invoice,
  InvoiceAllocation,
  InvoiceDetail,
  InvoiceLine,
  InvoiceList,
  InvoiceListQuery,
  InvoiceStatus,
  Payment,
  PaymentList,
  PaymentListQuery,
  StatementPeriod,
  StatementQuery,
  PublicPortalSettings,
  // account area
  Autopay,
  AutopayEnrollment,
  SavedPaymentMethod,
  ServiceRequest,
  ServiceRequestKind,
  ServiceRequestList,
  ServiceRequestStatus,
  UpdateAutopayBody,
  CreateServiceRequestBody,
  // payments
  CreatePaymentBody,
  PaymentMethodInput,
  PaymentMethodType,
  PaymentMode,
  PaymentPreview,
  PreviewPaymentBody,
} from "../../../src/client/types"
