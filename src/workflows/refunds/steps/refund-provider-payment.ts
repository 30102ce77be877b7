import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { INVOICING_MODULE } from "../../../modules/invoicing"
import type InvoicingModuleService from "../../../modules/invoicing/service"
import { toMajor } from "../../../domain/money"
import { minorFromField } from "../../../utils/money"
import { withCustomerLock } from "../../payments/customer-lock"
import { findProviderRefund, REFUND_METADATA_KEY } from "../provider-refund"

export type RefundProviderPaymentStepInput = {
  refund_id: string
  created_by?: string | null
}

export type RefundProviderPaymentStepOutput = {
  refund_id: string
  /** the Payment Module's refund; null for a payment no provider charged (manual, credit) */
  provider_refund_id: string | null
}

export const refundProviderPaymentStepId = "refund-provider-payment"

/**
 * Gives the money back through the Payment Module (`refundPayment`, which
 * calls the provider), for a payment charged through one. No database
 * transaction is open here: the pending refund row is already committed.
 *
 * Retry-safe: the module's refund carries our refund row's id in its
 * metadata, and before asking the module we look for one. A retry of the
 * same key — after a crash, a timeout, or a failed ledger write — finds the
 * refund made the first time and does not refund again. The customer's lock
 * serializes two runs of one key that overlap.
 */
export const refundProviderPaymentStep = createStep(
  refundProviderPaymentStepId,
  async (input: RefundProviderPaymentStepInput, { container }) => {
    const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
    const row = await invoicing.retrieveCustomerPaymentRefund(input.refund_id)
    const done = (provider_refund_id: string | null) =>
      new StepResponse<RefundProviderPaymentStepOutput>({ refund_id: row.id, provider_refund_id })
    if (row.provider_refund_id) return done(row.provider_refund_id)
    const payment = await invoicing.retrieveCustomerPayment(row.customer_payment_id, {
      select: ["id", "payment_collection_id"],
    })
    if (!payment.payment_collection_id) return done(null)
    if (row.status === "succeeded") return done(null)
    const collectionId = payment.payment_collection_id

    // The lock is held until the provider refund is written on the row: a reversal (which takes it too,
    // `recordReversal`) then finds the refund and records it first, and never lands between the check
    // below and the provider call.
    const providerRefundId = await withCustomerLock(container, row.customer_id, async () => {
      const made = await findOrMakeProviderRefund()
      if (made) await invoicing.updateCustomerPaymentRefunds({ id: row.id, provider_refund_id: made })
      return made
    })
    return done(providerRefundId)

    async function findOrMakeProviderRefund(): Promise<string | null> {
      const found = await findProviderRefund(container, collectionId, row.id)
      if (found.refund_id) return found.refund_id
      // Nothing was refunded yet. A payment reversed since this refund began
      // (a dispute or return) has gone back through the bank: refunding it too
      // would give the money back twice. The row goes, so its key is free.
      const { status } = await invoicing.retrieveCustomerPayment(payment.id, { select: ["id", "status"] })
      if (status !== "succeeded") {
        await invoicing.softDeleteCustomerPaymentRefunds([row.id])
        throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Payment ${payment.id} was ${status}; nothing was refunded`)
      }
      if (!found.provider_payment_id) {
        throw new MedusaError(
          MedusaError.Types.NOT_ALLOWED,
          `Payment ${payment.id} has no captured provider payment to refund`
        )
      }
      const refunded = await container.resolve(Modules.PAYMENT).refundPayment({
        payment_id: found.provider_payment_id,
        amount: toMajor(minorFromField(row as any, "amount", row.currency_code), row.currency_code),
        created_by: input.created_by ?? undefined,
        note: row.reason ?? undefined,
        metadata: { [REFUND_METADATA_KEY]: row.id, idempotency_key: row.idempotency_key },
      } as any)
      const made = ((refunded as any).refunds ?? []).find((r: any) => r?.metadata?.[REFUND_METADATA_KEY] === row.id)
      return made?.id ?? (await findProviderRefund(container, collectionId, row.id)).refund_id
    }
  },
  // Nothing to undo, on purpose: a provider refund cannot be taken back. That
  // is why it is the only irreversible thing in the workflow, between a
  // pending row committed before it and a ledger write that a retry with the
  // same key completes after it (see begin-payment-refund's compensation).
  async () => {}
)
