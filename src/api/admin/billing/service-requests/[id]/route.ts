import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { PORTAL_MODULE } from "../../../../../modules/portal"
import type PortalModuleService from "../../../../../modules/portal/service"
import { serializeForAdmin } from "../helpers"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const portal = req.scope.resolve<PortalModuleService>(PORTAL_MODULE)
  const request = await portal.retrieveServiceRequest(req.params.id)
  const [service_request] = await serializeForAdmin(req.scope, [request])
  res.json({ service_request })
}
