import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { loadPortalSettings } from "../../../../../../utils/portal-settings"
import { cancelAutopayEnrollmentWorkflow } from "../../../../../../workflows/autopay/workflows/cancel-autopay-enrollment"
import { answeredCustomerBusy, serializeAutopay } from "../../../../../utils/autopay"

/** Cancels a customer's autopay enrollment (the customer is told by email). */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  let result: Record<string, any> | null
  try {
    ;({ result } = await cancelAutopayEnrollmentWorkflow(req.scope).run({ input: { enrollment_id: req.params.id } }))
  } catch (e) {
    if (answeredCustomerBusy(res, e)) return
    throw e
  }
  res.json({ autopay: serializeAutopay(result, await loadPortalSettings(req.scope), { admin: true }) })
}
