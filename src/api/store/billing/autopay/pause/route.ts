import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { CUSTOMER_PAUSED_TEXT } from "../../../../../domain/credit"
import { loadPortalSettings } from "../../../../../utils/portal-settings"
import { pauseAutopayEnrollmentWorkflow } from "../../../../../workflows/autopay/workflows/pause-autopay-enrollment"
import { answeredCustomerBusy, serializeAutopay } from "../../../../utils/autopay"

/**
 * The customer pauses autopay: nothing is charged until they turn it on
 * again (PUT, which records a new consent). A charge already under way
 * finishes. Pausing a paused enrollment answers it as it is; without one, 404.
 */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  let result: { enrollment: Record<string, any> | null }
  try {
    ;({ result } = await pauseAutopayEnrollmentWorkflow(req.scope).run({
      input: { customer_id: req.auth_context.actor_id, reason: CUSTOMER_PAUSED_TEXT },
    }))
  } catch (e) {
    if (answeredCustomerBusy(res, e)) return
    throw e
  }
  if (!result.enrollment) throw new MedusaError(MedusaError.Types.NOT_FOUND, "Autopay is not on, so there is nothing to pause")
  res.json({ autopay: serializeAutopay(result.enrollment, await loadPortalSettings(req.scope)) })
}
