import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { AUTOPAY_MODULE } from "../modules/autopay"
import type AutopayModuleService from "../modules/autopay/service"
import { scheduledRunDue } from "../utils/autopay-schedule"
import { getBillingOptions } from "../utils/options"
import { runAutopayWorkflow } from "../workflows/autopay/workflows/run-autopay"

/**
 * Every minute: starts the scheduled autopay run when the plugin option
 * `autopay.schedule` (cron, in the business's `timeZone`) says one is due. Checking here rather than
 * scheduling the job itself lets the schedule come from the options; the
 * Locking Module keeps two instances from starting the same run (and if they
 * did, every charge is keyed, so nothing would be charged twice).
 * Test runs (NODE_ENV=test) start runs explicitly instead.
 */
export default async function runScheduledAutopay(container: MedusaContainer) {
  if (process.env.NODE_ENV === "test" && process.env.BILLING_AUTOPAY_SCHEDULER !== "on") return
  const options = getBillingOptions(container)
  const autopay = container.resolve<AutopayModuleService>(AUTOPAY_MODULE)
  const locking = container.resolve(Modules.LOCKING)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  await locking.execute("billing-autopay-scheduled-run", async () => {
    const now = new Date()
    const [last] = await autopay.listAutopayRuns({ trigger: "schedule" }, { take: 1, order: { started_at: "DESC" } })
    if (!scheduledRunDue(options.autopay.schedule, last ? new Date(last.started_at) : null, now, options.timeZone)) return
    const { result } = await runAutopayWorkflow(container).run({ input: { trigger: "schedule", now } })
    const run = result.run
    logger.info(`billing: autopay run ${run.id}: ${run.charged} charged, ${run.skipped} skipped, ${run.failed} failed`)
  })
}

export const config = {
  name: "billing-run-autopay",
  schedule: "* * * * *",
}
