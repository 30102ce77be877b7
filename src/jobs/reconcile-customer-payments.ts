import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { getBillingOptions } from "../utils/options"
import { reconcileCustomerPaymentsWorkflow } from "../workflows/payments/workflows/reconcile-customer-payments"

/**
 * Every five minutes: settle payments a crashed request or a lost response left
 * pending, and bank debits whose settlement webhook never arrived.
 */
export default async function reconcileCustomerPayments(container: MedusaContainer) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const options = getBillingOptions(container)
  const { result } = await reconcileCustomerPaymentsWorkflow(container).run({
    input: {
      now: new Date(),
      stale_after_minutes: 5,
      abandon_after_minutes: options.abandonedPaymentMinutes,
      // ACH takes days; an hour without the settlement webhook is worth asking the provider
      processing_stale_after_minutes: 60,
    },
  })
  if (result.succeeded + result.processing + result.failed + result.expired + result.reversed + result.late_captures > 0) {
    logger.info(`billing: reconciled customer payments ${JSON.stringify(result)}`)
  }
}

export const config = {
  name: "billing-reconcile-customer-payments",
  schedule: "*/5 * * * *",
}
