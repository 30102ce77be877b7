/**
 * The client declares its own types (it must not import server code), so
 * they can drift from the server's. These checks keep the enumerations in
 * step with the server's constants; the response shapes are checked against
 * real answers in integration-tests/http/store-client.spec.ts.
 */
import { PAYMENT_MODES } from "../../domain/allocation"
import { AUTOPAY_STATUSES } from "../../domain/autopay"
import { INVOICE_ORDER_FIELDS } from "../../domain/invoice-order"
import { LEDGER_ENTRY_TYPES } from "../../domain/ledger"
import { OFFLINE_METHODS, type MethodDetails as ServerMethodDetails } from "../../domain/payment-method-label"
import { PAYMENT_STATUSES } from "../../domain/payment-state"
import { PORTAL_PAYMENT_METHODS, PORTAL_TABS, type PublicPortalSettings as ServerSettings } from "../../domain/portal-settings"
import { STATEMENT_PERIODS } from "../../domain/statement-period"
import { STORE_INVOICE_STATUSES } from "../../api/store/billing/validators"
import { STORE_PAYMENT_METHOD_TYPES } from "../../api/store/billing/payment-methods/validators"
import { PAYMENT_METHODS, PAYMENT_SOURCES } from "../../modules/invoicing/models/customer-payment"
import { ALLOCATION_STATUSES } from "../../modules/invoicing/models/payment-allocation"
import { SERVICE_REQUEST_KINDS, SERVICE_REQUEST_STATUSES } from "../../modules/portal/models/service-request"
import type {
  CustomerPaymentMethod as ServerSavedMethod,
  PendingPaymentMethodSetup as ServerPendingSetup,
} from "../../workflows/payment-methods/payment-methods"
import type {
  AllocationStatus,
  AutopayStatus,
  InvoiceOrderField,
  InvoiceStatus,
  LedgerEntryType,
  MethodDetails,
  OfflineMethod,
  PaymentMethodType,
  PaymentMode,
  PaymentRecordMethod,
  PaymentSource,
  PaymentStatus,
  PendingPaymentMethodSetup,
  PortalTab,
  PublicPortalSettings,
  SavedPaymentMethod,
  ServiceRequestKind,
  ServiceRequestStatus,
  StatementPeriod,
} from "../types"
import { valuesOf } from "./exhaustive"

const sorted = (values: readonly string[]) => [...values].sort()

describe("client enumerations match the server's", () => {
  it.each([
    ["invoice statuses", valuesOf<InvoiceStatus>()(["open", "partially_paid", "paid", "void"]), STORE_INVOICE_STATUSES],
    [
      "payment statuses",
      valuesOf<PaymentStatus>()(["pending", "processing", "succeeded", "failed", "canceled", "reversed"]),
      PAYMENT_STATUSES,
    ],
    [
      "payment modes",
      valuesOf<PaymentMode>()(["selected_invoices", "total_balance", "current_charges", "fixed_amount"]),
      PAYMENT_MODES,
    ],
    ["portal payment methods", valuesOf<PaymentMethodType>()(["card", "us_bank_account"]), PORTAL_PAYMENT_METHODS],
    ["saved method types", valuesOf<PaymentMethodType>()(["card", "us_bank_account"]), STORE_PAYMENT_METHOD_TYPES],
    ["recorded payment methods", valuesOf<PaymentRecordMethod>()(["card", "us_bank_account", "manual", "credit"]), PAYMENT_METHODS],
    ["payment sources", valuesOf<PaymentSource>()(["portal", "autopay", "pay_link", "admin"]), PAYMENT_SOURCES],
    ["allocation statuses", valuesOf<AllocationStatus>()(["reserved", "applied", "released", "reversed"]), ALLOCATION_STATUSES],
    [
      "ledger entry types",
      valuesOf<LedgerEntryType>()(["invoice", "payment", "payment_reversal", "refund", "void", "credit_applied", "adjustment"]),
      LEDGER_ENTRY_TYPES,
    ],
    ["service request kinds", valuesOf<ServiceRequestKind>()(["note", "request"]), SERVICE_REQUEST_KINDS],
    ["service request statuses", valuesOf<ServiceRequestStatus>()(["open", "in_progress", "closed"]), SERVICE_REQUEST_STATUSES],
    ["autopay statuses", valuesOf<AutopayStatus>()(["active", "paused", "canceled"]), AUTOPAY_STATUSES],
    [
      "portal tabs",
      valuesOf<PortalTab>()(["home", "payments", "invoices", "history", "service_notes", "service_requests", "payment_methods"]),
      PORTAL_TABS,
    ],
    [
      "invoice sort fields",
      valuesOf<InvoiceOrderField>()(["display_id", "issued_at", "due_at", "total", "amount_due", "created_at"]),
      INVOICE_ORDER_FIELDS,
    ],
    ["statement periods", valuesOf<StatementPeriod>()(["range", "all_time", "since_zero"]), STATEMENT_PERIODS],
    ["offline methods", valuesOf<OfflineMethod>()(["check", "cash", "bank_transfer"]), OFFLINE_METHODS],
  ])("%s", (_name, client, server) => {
    expect(sorted(client)).toEqual(sorted(server as readonly string[]))
  })
})

// Shapes the server declares as types: each must be assignable both ways, or
// `npm run typecheck` fails (a compile-time check: nothing to run).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
export const shapesInStep: [
  Same<PublicPortalSettings, ServerSettings>,
  Same<SavedPaymentMethod, ServerSavedMethod>,
  Same<PendingPaymentMethodSetup, ServerPendingSetup>,
  Same<MethodDetails, ServerMethodDetails>,
] = [true, true, true, true]
