import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { runAutopayWorkflow } from "../../../../../workflows/autopay/workflows/run-autopay"
import { serializeRun } from "../route"
import type { AdminRunAutopayType } from "../validators"

/** Runs autopay now, for every enrollment or one customer's. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminRunAutopayType>, res: MedusaResponse) => {
  const { result } = await runAutopayWorkflow(req.scope).run({
    input: { trigger: "admin", customer_id: req.validatedBody.customer_id ?? null },
  })
  res.json({
    run: { ...serializeRun(result.run), results: result.results, payment_ids: result.payment_ids, truncated: result.truncated },
  })
}
