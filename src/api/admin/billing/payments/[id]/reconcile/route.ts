import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { checkableFrom } from "../../../../../../domain/payment-state"
import { INVOICING_MODULE } from "../../../../../../modules/invoicing"
import type InvoicingModuleService from "../../../../../../modules/invoicing/service"
import { getBillingOptions } from "../../../../../../utils/options"
import { isLockBusy, withSharedLock } from "../../../../../../workflows/payments/customer-lock"
import {
  RECONCILE_LOCK_KEY,
  RECONCILE_PROCESSING_STALE_MINUTES,
  RECONCILE_STALE_MINUTES,
  reconcileCustomerPaymentsWorkflow,
} from "../../../../../../workflows/payments/workflows/reconcile-customer-payments"
import { adminAttention, serializePayment } from "../../../../../utils/serializers"

/** How long the admin's check waits for a reconciler run in progress before answering 409 (tests shorten it). */
const checkWaitSeconds = () => Number(process.env.BILLING_RECONCILE_CHECK_WAIT_SECONDS) || 20

/**
 * Checks one pending or processing payment with its provider now, as the
 * reconciler's next run would (the same rules: an abandoned attempt is
 * canceled at the provider and expires, an authorized card is captured once,
 * a bank debit is re-read), under the lock the reconciler's runs hold. For an
 * admin who has just settled something at the provider (a dispute closed, a
 * key restored) and does not want to wait for the next run.
 *
 * 200 `{ payment, changed }`: the payment as it is now (with `attention`),
 * and whether the check moved its status. 404 for an unknown id; 400 for a
 * payment in another status, or younger than the reconciler leaves it alone
 * (`checkableFrom`); 409 while a reconciler run holds the lock, or while
 * the payment's own completion holds it (the customer's `…/complete`).
 */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const invoicing = req.scope.resolve<InvoicingModuleService>(INVOICING_MODULE)
  const before: any = await invoicing.retrieveCustomerPayment(req.params.id)
  const from = checkableFrom(before.status, before.created_at)
  if (!from) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Only a pending or processing payment can be checked with the provider; this one is ${before.status}`
    )
  }
  const now = new Date()
  if (from > now) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      before.status === "pending"
        ? `This payment started less than ${RECONCILE_STALE_MINUTES} minutes ago and may still be in progress; it can be checked with the provider from ${from.toISOString()}`
        : `This bank payment has been processing for less than ${RECONCILE_PROCESSING_STALE_MINUTES} minutes and its settlement is normally on its way; it can be checked with the provider from ${from.toISOString()}`
    )
  }
  let summary: { busy?: number } | undefined
  try {
    ;({ result: summary } = await withSharedLock(
      req.scope,
      RECONCILE_LOCK_KEY,
      () =>
        reconcileCustomerPaymentsWorkflow(req.scope).run({
          input: {
            now,
            payment_id: before.id,
            stale_after_minutes: RECONCILE_STALE_MINUTES,
            abandon_after_minutes: getBillingOptions(req.scope).abandonedPaymentMinutes,
            processing_stale_after_minutes: RECONCILE_PROCESSING_STALE_MINUTES,
          },
        }),
      checkWaitSeconds()
    ))
  } catch (e) {
    if (!isLockBusy(e, RECONCILE_LOCK_KEY)) throw e
    // answered here: Medusa's error handler words every conflict as an Idempotency-Key retry
    res.status(409).json({
      type: "conflict",
      message: "Billing is checking payments with their providers right now; try again in a minute",
    })
    return
  }
  if (summary?.busy) {
    // the customer's completion holds the payment: nothing was looked at
    res.status(409).json({ type: "conflict", message: "This payment is being completed right now; check it again in a moment" })
    return
  }
  const payment: any = await invoicing.retrieveCustomerPayment(before.id, { relations: ["allocations"] })
  res.json({
    payment: { ...serializePayment(payment), customer_id: payment.customer_id, ...adminAttention(payment) },
    changed: payment.status !== before.status,
  })
}
