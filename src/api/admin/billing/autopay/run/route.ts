import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { Modules } from "@medusajs/framework/utils"
import { runAutopayWorkflow } from "../../../../../workflows/autopay/workflows/run-autopay"
import { serializeRun } from "../route"
import type { AdminRunAutopayType } from "../validators"

/** Runs autopay now, for every enrollment or one customer's. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminRunAutopayType>, res: MedusaResponse) => {
  const customerId = req.validatedBody.customer_id ?? null
  // a customer that does not exist is a 404 (Medusa's words), not a run recorded for nobody
  if (customerId) await req.scope.resolve(Modules.CUSTOMER).retrieveCustomer(customerId, { select: ["id"] })
  const { result } = await runAutopayWorkflow(req.scope).run({
    input: { trigger: "admin", customer_id: customerId },
  })
  res.json({
    run: { ...serializeRun(result.run), results: result.results, payment_ids: result.payment_ids, truncated: result.truncated },
  })
}
