import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { INVOICING_MODULE } from "../../../../../../modules/invoicing"
import type InvoicingModuleService from "../../../../../../modules/invoicing/service"
import { getBillingOptions } from "../../../../../../utils/options"
import { isLockTimeout, withSharedLock } from "../../../../../../workflows/payments/customer-lock"
import {
  RECONCILE_LOCK_KEY,
  RECONCILE_STALE_MINUTES,
  reconcileCustomerPaymentsWorkflow,
} from "../../../../../../workflows/payments/workflows/reconcile-customer-payments"
import { adminAttention, serializePayment } from "../../../../../utils/serializers"

/** How long the admin's check waits for a reconciler run in progress before answering 409. */
const CHECK_WAITS_SECONDS = 20

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
 * payment in another status, or pending for less than the reconciler leaves
 * a payment alone (its request or the customer's browser may still be
 * finishing it); 409 while a reconciler run holds the lock.
 */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const invoicing = req.scope.resolve<InvoicingModuleService>(INVOICING_MODULE)
  const before: any = await invoicing.retrieveCustomerPayment(req.params.id)
  if (before.status !== "pending" && before.status !== "processing") {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Only a pending or processing payment can be checked with the provider; this one is ${before.status}`
    )
  }
  const now = new Date()
  const checkableFrom = new Date(new Date(before.created_at).getTime() + RECONCILE_STALE_MINUTES * 60_000)
  if (before.status === "pending" && checkableFrom > now) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `This payment started less than ${RECONCILE_STALE_MINUTES} minutes ago and may still be in progress; it can be checked with the provider from ${checkableFrom.toISOString()}`
    )
  }
  try {
    await withSharedLock(
      req.scope,
      RECONCILE_LOCK_KEY,
      () =>
        reconcileCustomerPaymentsWorkflow(req.scope).run({
          input: {
            now,
            payment_id: before.id,
            stale_after_minutes: RECONCILE_STALE_MINUTES,
            abandon_after_minutes: getBillingOptions(req.scope).abandonedPaymentMinutes,
            // a bank debit is re-read whatever its age: reading it changes nothing at the provider
            processing_stale_after_minutes: 0,
          },
        }),
      CHECK_WAITS_SECONDS
    )
  } catch (e) {
    if (!isLockTimeout(e)) throw e
    throw new MedusaError(
      MedusaError.Types.CONFLICT,
      "Billing is checking payments with their providers right now; try again in a minute"
    )
  }
  const payment: any = await invoicing.retrieveCustomerPayment(before.id, { relations: ["allocations"] })
  res.json({
    payment: { ...serializePayment(payment), customer_id: payment.customer_id, ...adminAttention(payment) },
    changed: payment.status !== before.status,
  })
}
