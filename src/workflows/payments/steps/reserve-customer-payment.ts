import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { INVOICING_MODULE } from "../../../modules/invoicing"
import type InvoicingModuleService from "../../../modules/invoicing/service"
import type { ReservedPayment } from "../../../modules/invoicing/service"
import type { PortalSettings } from "../../../domain/portal-settings"
import { loadPortalSettings } from "../../../utils/portal-settings"
import { withCustomerLock } from "../customer-lock"
import { allocationDecider, PaymentRequestInput } from "./allocate-payment"

export type ReserveCustomerPaymentStepInput = PaymentRequestInput & {
  method: "card" | "us_bank_account"
  source: "portal" | "autopay" | "pay_link" | "admin"
  provider_id: string
  idempotency_key: string
  request_hash: string
  note?: string | null
  /** kept on the payment (a pay link's payments name their link) */
  metadata?: Record<string, unknown> | null
  /** the portal settings the caller read for this request (the route's gates did); read here when absent */
  portal_settings?: PortalSettings
}

export type ReserveCustomerPaymentStepOutput = ReservedPayment

export const reserveCustomerPaymentStepId = "reserve-customer-payment"

/**
 * The first transaction of a payment: allocate and reserve under the
 * customer's lock (`withCustomerLock`: the Locking Module's, shared by every
 * Medusa instance with the Redis provider; with the Postgres provider the
 * reservation's own advisory lock). Inside, the module takes a PostgreSQL
 * advisory lock on the customer and row locks on the invoices in id order, so
 * the database stays right whatever the locking provider and however many
 * instances run.
 */
export const reserveCustomerPaymentStep = createStep(
  reserveCustomerPaymentStepId,
  async (input: ReserveCustomerPaymentStepInput, { container }) => {
    const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
    const decide = allocationDecider(input, input.portal_settings ?? (await loadPortalSettings(container)))
    const result = await withCustomerLock(container, input.customer_id, () =>
      invoicing.reservePayment(
        {
          customer_id: input.customer_id,
          currency_code: input.currency_code,
          // the invoices to lock and read: the selected ones, else the scope (a pay link's), else all
          invoice_ids: input.mode === "selected_invoices" ? input.invoice_ids ?? [] : input.invoice_scope,
          method: input.method,
          source: input.source,
          provider_id: input.provider_id,
          idempotency_key: input.idempotency_key,
          request_hash: input.request_hash,
          note: input.note ?? null,
          metadata: input.metadata ?? null,
        },
        decide
      )
    )
    // An empty id tells the compensation there is nothing of ours to undo.
    return new StepResponse<ReserveCustomerPaymentStepOutput, string>(result, result.created ? result.payment_id : "")
  },
  // Only a reservation this run created is undone, and only while no provider
  // was involved: once a payment collection exists the customer may have been
  // charged, and the reconciler settles it from what the provider says.
  async (paymentId, { container }) => {
    if (!paymentId) return
    const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
    const payment = await invoicing.retrieveCustomerPayment(paymentId, { select: ["id", "payment_collection_id"] })
    if (payment.payment_collection_id) return
    await invoicing.recordPaymentOutcome(paymentId, { status: "canceled", failure_reason: "rolled_back" })
  }
)
