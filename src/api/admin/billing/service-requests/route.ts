import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { Modules } from "@medusajs/framework/utils"
import { PORTAL_MODULE } from "../../../../modules/portal"
import type PortalModuleService from "../../../../modules/portal/service"
import { likePattern, serializeForAdmin } from "./helpers"
import { AdminGetServiceRequestsType } from "./validators"

/** How many matching customers a search considers (by email or name). */
const MAX_CUSTOMER_MATCHES = 500

export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminGetServiceRequestsType>, res: MedusaResponse) => {
  const query = req.validatedQuery as AdminGetServiceRequestsType
  const portal = req.scope.resolve<PortalModuleService>(PORTAL_MODULE)
  const filters: Record<string, unknown> = {}
  if (query.customer_id) filters.customer_id = query.customer_id
  if (query.kind) filters.kind = query.kind
  if (query.status) filters.status = query.status
  if (query.q) {
    const pattern = likePattern(query.q)
    const customers = await req.scope
      .resolve(Modules.CUSTOMER)
      .listCustomers({ q: query.q }, { select: ["id"], take: MAX_CUSTOMER_MATCHES })
    filters.$or = [
      { subject: { $ilike: pattern } },
      { message: { $ilike: pattern } },
      ...(customers.length ? [{ customer_id: customers.map((c) => c.id) }] : []),
    ]
  }
  const [requests, count] = await portal.listAndCountServiceRequests(filters, {
    order: { created_at: "DESC", id: "DESC" },
    skip: query.offset,
    take: query.limit,
  })
  res.json({
    service_requests: await serializeForAdmin(req.scope, requests),
    count,
    offset: query.offset,
    limit: query.limit,
  })
}
