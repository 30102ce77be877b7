import { randomUUID } from "crypto"
import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { MoneyError, toMinor } from "../../../../../../domain/money"
import { INVOICING_MODULE } from "../../../../../../modules/invoicing"
import type InvoicingModuleService from "../../../../../../modules/invoicing/service"
import { majorString } from "../../../../../../utils/money"
import { serializePayment } from "../../../../../utils/serializers"
import { AdminRefundPaymentType } from "../../../validators"

/**
 * Refunds all or part of a succeeded payment: through its provider when it
 * was charged through one (Medusa's Payment Module records the refund), then
 * in the billing ledger — credit first, then the most recently due invoices
 * are owed again.
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminRefundPaymentType>, res: MedusaResponse) => {
  const invoicing = req.scope.resolve<InvoicingModuleService>(INVOICING_MODULE)
  const payment = await invoicing.retrieveCustomerPayment(req.params.id)
  const currency = payment.currency_code
  const refundable = await invoicing.getRefundable(payment.id)
  let amount = refundable
  if (req.validatedBody.amount !== undefined) {
    try {
      amount = toMinor(req.validatedBody.amount, currency, "amount")
    } catch (e) {
      if (e instanceof MoneyError) throw new MedusaError(MedusaError.Types.INVALID_DATA, e.message)
      throw e
    }
  }
  if (amount <= 0n || amount > refundable) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `amount must be greater than 0 and at most ${majorString(refundable, currency)} ${currency.toUpperCase()}`
    )
  }

  let reference = `manual_refund_${randomUUID()}`
  if (payment.payment_collection_id) {
    const paymentModule = req.scope.resolve(Modules.PAYMENT)
    const [collection] = await paymentModule.listPaymentCollections(
      { id: payment.payment_collection_id },
      { relations: ["payments"] }
    )
    const providerPayment = collection?.payments?.[0]
    if (!providerPayment) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Payment ${payment.id} has no captured provider payment to refund`)
    }
    const refunded = await paymentModule.refundPayment({
      payment_id: providerPayment.id,
      amount: majorString(amount, currency),
      created_by: req.auth_context.actor_id,
      note: req.validatedBody.reason,
    } as any)
    const refunds = ((refunded as any).refunds ?? []) as { id: string; created_at: string }[]
    reference = refunds.sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)))[0]?.id ?? reference
  }
  const updated = await invoicing.recordRefund(payment.id, {
    amount,
    reference,
    reason: req.validatedBody.reason ?? null,
    occurred_at: new Date(),
  })
  await req.scope.resolve(Modules.EVENT_BUS).emit({ name: "billing.payment.refunded", data: { id: payment.id } })
  res.json({ payment: { ...serializePayment(updated), customer_id: updated.customer_id } })
}
