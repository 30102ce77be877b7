import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { replyToServiceRequestWorkflow } from "../../../../../../workflows/service-requests/workflows/reply-to-service-request"
import { serializeForAdmin } from "../../helpers"
import { AdminReplyServiceRequestType } from "../../validators"

/** Sets the reply and the status (default in_progress; see README for closed requests), then emails the customer. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminReplyServiceRequestType>, res: MedusaResponse) => {
  const { result } = await replyToServiceRequestWorkflow(req.scope).run({
    input: { id: req.params.id, message: req.validatedBody.message, status: req.validatedBody.status, now: new Date() },
  })
  const [service_request] = await serializeForAdmin(req.scope, [result])
  res.json({ service_request })
}
