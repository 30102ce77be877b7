import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { closeServiceRequestWorkflow } from "../../../../../../workflows/service-requests/workflows/close-service-request"
import { serializeForAdmin } from "../../helpers"

/** Closes the request (idempotent: a closed request keeps its closed_at). */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { result } = await closeServiceRequestWorkflow(req.scope).run({
    input: { id: req.params.id, now: new Date() },
  })
  const [service_request] = await serializeForAdmin(req.scope, [result])
  res.json({ service_request })
}
