import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { PORTAL_MODULE } from "../../../../../modules/portal"
import type PortalModuleService from "../../../../../modules/portal/service"
import { portalSettingsFor } from "../../../../utils/portal-gates"
import { enabledKinds, invoiceNumbers, refuseDisabledKind, serializeServiceRequest } from "../helpers"

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
  // Checked after the ownership lookup: another customer's id stays a 404.
  if (!enabledKinds(await portalSettingsFor(req)).includes(request.kind)) return refuseDisabledKind(res, request.kind)
  const numbers = await invoiceNumbers(req.scope, [request])
  res.json({ service_request: serializeServiceRequest(request, numbers) })
}
