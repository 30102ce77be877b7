import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { PORTAL_MODULE } from "../../../../modules/portal"
import type PortalModuleService from "../../../../modules/portal/service"
import { createServiceRequestWorkflow } from "../../../../workflows/service-requests/workflows/create-service-request"
import { portalSettingsFor } from "../../../utils/portal-gates"
import { enabledKinds, invoiceNumbers, refuseDisabledKind, serializeServiceRequest } from "./helpers"
import { StoreCreateServiceRequestType, StoreGetServiceRequestsType } from "./validators"

/**
 * The customer's own notes and requests, newest first, of the kinds whose
 * tabs are on (the middleware answers 403 when both are off).
 */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, StoreGetServiceRequestsType>, res: MedusaResponse) => {
  const query = req.validatedQuery as StoreGetServiceRequestsType
  const enabled = enabledKinds(await portalSettingsFor(req))
  if (query.kind && !enabled.includes(query.kind)) return refuseDisabledKind(res, query.kind)

  const portal = req.scope.resolve<PortalModuleService>(PORTAL_MODULE)
  const filters: Record<string, unknown> = {
    customer_id: req.auth_context.actor_id,
    kind: query.kind ? [query.kind] : enabled,
  }
  if (query.status) filters.status = query.status
  const [requests, count] = await portal.listAndCountServiceRequests(filters, {
    order: { created_at: "DESC", id: "DESC" },
    skip: query.offset,
    take: query.limit,
  })
  const numbers = await invoiceNumbers(req.scope, requests)
  res.json({
    service_requests: requests.map((r) => serializeServiceRequest(r, numbers)),
    count,
    offset: query.offset,
    limit: query.limit,
  })
}

export const POST = async (req: AuthenticatedMedusaRequest<StoreCreateServiceRequestType>, res: MedusaResponse) => {
  const body = req.validatedBody
  // The tab depends on the body's kind, so the gate is here rather than in a middleware.
  if (!enabledKinds(await portalSettingsFor(req)).includes(body.kind)) return refuseDisabledKind(res, body.kind)

  const { result } = await createServiceRequestWorkflow(req.scope).run({
    input: {
      customer_id: req.auth_context.actor_id,
      kind: body.kind,
      subject: body.subject,
      message: body.message,
      preferred_date: body.preferred_date ?? null,
      invoice_id: body.invoice_id ?? null,
      now: new Date(),
    },
  })
  const numbers = await invoiceNumbers(req.scope, [result])
  res.status(201).json({ service_request: serializeServiceRequest(result, numbers) })
}
