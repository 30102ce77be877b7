import { Modules } from "@medusajs/framework/utils"
import { INVOICING_MODULE } from "../../modules/invoicing"
import type InvoicingModuleService from "../../modules/invoicing/service"

/** Where our refund row's id is kept on the Payment Module's `refund` row. */
export const REFUND_METADATA_KEY = "billing_refund_id"

/**
 * The Payment Module's refund made for one of our refund rows, if any: found
 * by the row id we put in its metadata. This is what makes the provider call
 * retry-safe — the module commits its `refund` row before it calls the
 * provider (and deletes it if the provider refuses), so a refund row tagged
 * with ours means the provider was asked for that money already.
 */
export async function findProviderRefund(
  container: any,
  paymentCollectionId: string,
  refundId: string
): Promise<{ provider_payment_id: string | null; refund_id: string | null }> {
  const paymentModule = container.resolve(Modules.PAYMENT)
  const [collection] = await paymentModule.listPaymentCollections(
    { id: paymentCollectionId },
    { relations: ["payments", "payments.refunds"] }
  )
  const payments = (collection?.payments ?? []) as any[]
  for (const payment of payments) {
    const refund = (payment.refunds ?? []).find((r: any) => r?.metadata?.[REFUND_METADATA_KEY] === refundId)
    if (refund) return { provider_payment_id: payment.id, refund_id: refund.id }
  }
  const captured = payments.find((p) => !p.canceled_at) ?? payments[0]
  return { provider_payment_id: captured?.id ?? null, refund_id: null }
}

/**
 * After a failed run: a refund row still `pending` that the provider never
 * refunded is removed (its amount is refundable again and its key can start
 * over). If the provider did refund, the row stays `pending` with the
 * provider's refund id — the money is gone, and finishing it records it.
 */
export async function discardUnsentRefund(container: any, refundId: string): Promise<void> {
  const invoicing = container.resolve(INVOICING_MODULE) as InvoicingModuleService
  const [row] = await invoicing.listCustomerPaymentRefunds({ id: refundId }, { take: 1 })
  if (!row || row.status !== "pending" || row.provider_refund_id) return
  const payment = await invoicing.retrieveCustomerPayment(row.customer_payment_id, {
    select: ["id", "payment_collection_id"],
  })
  if (payment.payment_collection_id) {
    const found = await findProviderRefund(container, payment.payment_collection_id, row.id)
    if (found.refund_id) {
      await invoicing.updateCustomerPaymentRefunds({ id: row.id, provider_refund_id: found.refund_id })
      return
    }
  }
  await invoicing.softDeleteCustomerPaymentRefunds([row.id])
}
