import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { INVOICING_MODULE } from "../../../modules/invoicing"
import type InvoicingModuleService from "../../../modules/invoicing/service"
import { loadPortalSettings } from "../../../utils/portal-settings"
import { allocationDecider, PaymentRequestInput } from "./allocate-payment"

export type ReserveCustomerPaymentStepInput = PaymentRequestInput & {
  method: "card" | "us_bank_account"
  source: "portal" | "autopay" | "pay_link" | "admin"
  provider_id: string
  idempotency_key: string
  request_hash: string
  note?: string | null
}

export type ReserveCustomerPaymentStepOutput = { payment_id: string; created: boolean }

export const reserveCustomerPaymentStepId = "reserve-customer-payment"

/**
 * The first transaction of a payment: allocate and reserve under the
 * customer's lock. The Locking Module's lock (shared by every Medusa instance
 * when a Postgres or Redis locking provider is configured) keeps one
 * customer's payments in single file; inside, the module also takes a
 * PostgreSQL advisory lock and row locks, so the database stays right even
 * with the in-memory locking provider.
 */
export const reserveCustomerPaymentStep = createStep(
  reserveCustomerPaymentStepId,
  async (input: ReserveCustomerPaymentStepInput, { container }) => {
    const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
    const locking = container.resolve(Modules.LOCKING)
    const decide = allocationDecider(input, await loadPortalSettings(container))
    const result = await locking.execute(
      `billing-customer:${input.customer_id}`,
      () =>
        invoicing.reservePayment(
          {
            customer_id: input.customer_id,
            currency_code: input.currency_code,
            invoice_ids: input.mode === "selected_invoices" ? input.invoice_ids ?? [] : undefined,
            method: input.method,
            source: input.source,
            provider_id: input.provider_id,
            idempotency_key: input.idempotency_key,
            request_hash: input.request_hash,
            note: input.note ?? null,
          },
          decide
        ),
      { timeout: 15 }
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
