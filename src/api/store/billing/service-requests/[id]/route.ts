import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { PORTAL_MODULE } from "../../../../../modules/portal"
import type PortalModuleService from "../../../../../modules/portal/service"
import { loadPortalSettings } from "../../../../../utils/portal-settings"
import { enabledKinds, invoiceNumbers, refuseDisabled, serializeServiceRequest } from "../helpers"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const portal = req.scope.resolve<PortalModuleService>(PORTAL_MODULE)
  // Scoped in the query: another customer's request is indistinguishable from a missing one.
  const [request] = await portal.listServiceRequests(
    { id: req.params.id, customer_id: req.auth_context.actor_id },
    { take: 1 }
  )
  if (!request) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Service request with id: ${req.params.id} was not found`)
  }
  if (!enabledKinds(await loadPortalSettings(req.scope)).includes(request.kind)) {
    return refuseDisabled(res, [request.kind])
  }
  const numbers = await invoiceNumbers(req.scope, [request])
  res.json({ service_request: serializeServiceRequest(request, numbers) })
}
