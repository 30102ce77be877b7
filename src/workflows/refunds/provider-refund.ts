import { Modules } from "@medusajs/framework/utils"

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
