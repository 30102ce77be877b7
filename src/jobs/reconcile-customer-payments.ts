import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { getBillingOptions } from "../utils/options"
import { isLockBusy, withSharedLock } from "../workflows/payments/customer-lock"
import {
  RECONCILE_LOCK_KEY,
  RECONCILE_PROCESSING_STALE_MINUTES,
  RECONCILE_STALE_MINUTES,
  reconcileCustomerPaymentsWorkflow,
} from "../workflows/payments/workflows/reconcile-customer-payments"

/** How long the scheduled run waits for an admin's check to finish before it leaves this tick to the next. */
const RUN_WAITS_SECONDS = 60

/**
 * Every five minutes: settle payments a crashed request or a lost response left
 * pending, and bank debits whose settlement webhook never arrived.
 */
export default async function reconcileCustomerPayments(container: MedusaContainer) {
  // the in-process http and fuzz test layers run the reconciler themselves, at the times their
  // tests choose: a scheduled run on the wall clock would settle their payments under them
  if (process.env.BILLING_RECONCILER_SCHEDULER === "off") return
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const options = getBillingOptions(container)
  let result
  try {
    result = await withSharedLock(
      container,
      RECONCILE_LOCK_KEY,
      async () =>
        (
          await reconcileCustomerPaymentsWorkflow(container).run({
            input: {
              now: new Date(),
              stale_after_minutes: RECONCILE_STALE_MINUTES,
              abandon_after_minutes: options.abandonedPaymentMinutes,
              // ACH takes days; an hour without the settlement webhook is worth asking the provider
              processing_stale_after_minutes: RECONCILE_PROCESSING_STALE_MINUTES,
            },
          })
        ).result,
      RUN_WAITS_SECONDS
    )
  } catch (e) {
    if (!isLockBusy(e, RECONCILE_LOCK_KEY)) throw e
    logger.warn("billing: reconciling customer payments skipped this time: another run or an admin's check still holds the lock")
    return
  }
  if (result.succeeded + result.processing + result.failed + result.expired + result.reversed + result.late_captures > 0) {
    logger.info(`billing: reconciled customer payments ${JSON.stringify(result)}`)
  }
}

export const config = {
  name: "billing-reconcile-customer-payments",
  schedule: "*/5 * * * *",
}
