import { createHash } from "crypto"
import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { refundCustomerPaymentWorkflow } from "../../../../../../workflows/refunds/workflows/refund-customer-payment"
import { requireIdempotencyKey, runKeyed } from "../../../../../utils/idempotency"
import { answerRefund } from "../../refund-answer"
import { AdminRefundPaymentType } from "../../../validators"

/**
 * Refunds all or part of a succeeded payment: through its provider when it
 * was charged through one, then in the billing ledger — credit first, then
 * the most recently due invoices are owed again. Requires an
 * `Idempotency-Key`: the same key and body refund once and answer the same
 * refund (a retry after a failure finishes that refund); the same key with
 * another body is a 409.
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminRefundPaymentType>, res: MedusaResponse) => {
  const key = requireIdempotencyKey(req)
  const ran = await runKeyed(
    res,
    refundCustomerPaymentWorkflow(req.scope).run({
      input: {
        payment_id: req.params.id,
        amount: req.validatedBody.amount ?? null,
        reason: req.validatedBody.reason ?? null,
        idempotency_key: key,
        created_by: req.auth_context.actor_id,
      },
      // Derived from the key (the engine splits its own ids on ":"); traceability
      // only — the refund row under the key is what makes a retry safe.
      context: { transactionId: `refund-${createHash("sha256").update(key).digest("hex").slice(0, 32)}` },
    })
  )
  if (!ran) return
  await answerRefund(req, res, ran.result)
}
