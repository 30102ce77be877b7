import type { ICustomerModuleService } from "@medusajs/framework/types"
import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { Modules } from "@medusajs/framework/utils"
import { AUTOPAY_MODULE } from "../../../../modules/autopay"
import type AutopayModuleService from "../../../../modules/autopay/service"
import { PORTAL_MODULE } from "../../../../modules/portal"
import type PortalModuleService from "../../../../modules/portal/service"
import type { InvitationState } from "../../../../modules/portal/service"
import { portalStatus, sameEmail } from "../../../../workflows/portal/portal-status"
import { AdminGetPortalUsersType } from "./validators"

/**
 * GET /admin/billing/portal-users?q=&status=&without_account=true&customer_id=&offset=&limit=
 *
 * Customers with their portal and autopay status. At most five queries whatever the
 * page size: the pending invitations and their customers' current emails
 * (only when filtering by an invitation status: an invitation counts only
 * for the customer's current email, see portalStatus), one page of customers
 * (search and account filter in the customer module), and the latest
 * invitation of each customer on that page. "active" is `customer.has_account`; "disabled" (portal access
 * turned off by an admin) comes before every other status: one more query.
 *
 * `last_login_at` is always null: Medusa records no login times.
 * `autopay_status` is the live enrollment's status (active, paused), or
 * "none" — one more query for the page.
 */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminGetPortalUsersType>, res: MedusaResponse) => {
  const query = req.validatedQuery as AdminGetPortalUsersType
  const now = new Date()
  const portal = req.scope.resolve<PortalModuleService>(PORTAL_MODULE)
  const customerModule = req.scope.resolve<ICustomerModuleService>(Modules.CUSTOMER)
  const empty = () => res.json({ portal_users: [], count: 0, offset: query.offset, limit: query.limit })
  /** Customers whose latest invitation is pending and counts: sent to the customer's current email (portalStatus). */
  const customerIdsWithPendingInvitation = async (state?: InvitationState) => {
    const pending = await portal.listPendingInvitations(now, state)
    if (!pending.length) return []
    const ids = pending.map((p) => p.customer_id)
    const customers = await customerModule.listCustomers({ id: ids }, { select: ["id", "email"], take: ids.length })
    const email = new Map(customers.map((c) => [c.id, c.email] as const))
    return pending.filter((p) => sameEmail(p.email, email.get(p.customer_id))).map((p) => p.customer_id)
  }

  const filters: Record<string, unknown> = {}
  if (query.q) filters.q = query.q
  if (query.without_account) filters.has_account = false
  // access off is a status of its own: the other statuses leave those customers out
  const accessOff = query.status ? await portal.listCustomerIdsWithAccessOff() : []
  if (query.status === "disabled") {
    if (!accessOff.length) return empty()
    filters.id = accessOff
  } else if (query.status === "active") {
    if (query.without_account) return empty()
    filters.has_account = true
  } else if (query.status) {
    filters.has_account = false
    if (query.status === "none") {
      const pending = await customerIdsWithPendingInvitation()
      if (pending.length) filters.id = { $nin: pending }
    } else {
      const ids = await customerIdsWithPendingInvitation(query.status === "invited" ? "open" : "expired")
      if (!ids.length) return empty()
      filters.id = ids
    }
  }

  if (query.status && query.status !== "disabled" && accessOff.length) {
    const id = filters.id as string[] | { $nin: string[] } | undefined
    const off = new Set(accessOff)
    if (Array.isArray(id)) {
      filters.id = id.filter((i) => !off.has(i))
      if (!(filters.id as string[]).length) return empty()
    } else filters.id = { $nin: [...(id?.$nin ?? []), ...accessOff] }
  }

  if (query.customer_id) {
    // one customer: still only if the status filter's ids (or exclusions) let them through
    const id = filters.id as string[] | { $nin: string[] } | undefined
    if (Array.isArray(id) ? !id.includes(query.customer_id) : id?.$nin.includes(query.customer_id)) return empty()
    filters.id = query.customer_id
  }

  const [customers, count] = await customerModule.listAndCountCustomers(filters as any, {
      select: ["id", "email", "first_name", "last_name", "company_name", "has_account", "created_at"],
      order: { created_at: "DESC", id: "DESC" },
      skip: query.offset,
      take: query.limit,
    })
  const ids = customers.map((c) => c.id)
  const [invitations, enrollments, offOnPage] = await Promise.all([
    portal.listLatestInvitations(ids),
    ids.length
      ? req.scope
          .resolve<AutopayModuleService>(AUTOPAY_MODULE)
          .listAutopayEnrollments({ customer_id: ids, status: ["active", "paused"] }, { select: ["customer_id", "status"] })
      : [],
    query.status ? accessOff.filter((id) => ids.includes(id)) : portal.listCustomerIdsWithAccessOff(ids),
  ])
  const off = new Set(offOnPage)
  const latest = new Map(invitations.map((i) => [i.customer_id, i] as const))
  const autopay = new Map(enrollments.map((e: { customer_id: string; status: string }) => [e.customer_id, e.status] as const))

  res.json({
    portal_users: customers.map((c) => {
      const invitation = latest.get(c.id)
      const status = portalStatus({ has_account: !!c.has_account, email: c.email ?? null }, invitation, now, off.has(c.id))
      const pending = status === "invited" || status === "invitation_expired"
      return {
        customer_id: c.id,
        email: c.email ?? null,
        first_name: c.first_name ?? null,
        last_name: c.last_name ?? null,
        company_name: c.company_name ?? null,
        portal_status: status,
        invited_at: invitation?.created_at ?? null,
        invitation_expires_at: pending ? invitation!.expires_at : null,
        last_login_at: null,
        autopay_status: autopay.get(c.id) ?? "none",
      }
    }),
    count,
    offset: query.offset,
    limit: query.limit,
  })
}
