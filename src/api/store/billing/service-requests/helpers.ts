import type { MedusaResponse } from "@medusajs/framework/http"
import type { MedusaContainer } from "@medusajs/framework/types"
import { formatDisplayId } from "../../../../domain/invoice-status"
import type { PortalSettings } from "../../../../domain/portal-settings"
import { INVOICING_MODULE } from "../../../../modules/invoicing"
import type InvoicingModuleService from "../../../../modules/invoicing/service"
import type { ServiceRequestKind } from "../../../../modules/portal/models/service-request"
import { formatCalendarDate } from "../../../../workflows/service-requests/service-request-rules"
import { portalTabDisabledMessage } from "../../../utils/portal-gates"

/** The portal tab that shows each kind. */
export const TAB_OF_KIND = { note: "service_notes", request: "service_requests" } as const

/** The kinds whose tabs are switched on. */
export function enabledKinds(settings: PortalSettings): ServiceRequestKind[] {
  return (["note", "request"] as const).filter((kind) => settings.tabs[TAB_OF_KIND[kind]])
}

/** 403 for a kind whose tab is switched off, in the portal gates' shape and wording. */
export function refuseDisabledKind(res: MedusaResponse, kind: ServiceRequestKind) {
  res.status(403).json({ type: "not_allowed", message: portalTabDisabledMessage(TAB_OF_KIND[kind]) })
}

/** `invoice_id` → `INV-000123` for a page of requests, in one query. */
export async function invoiceNumbers(container: MedusaContainer, requests: Array<{ invoice_id?: string | null }>) {
  const ids = [...new Set(requests.map((r) => r.invoice_id).filter((id): id is string => !!id))]
  if (!ids.length) return new Map<string, string>()
  const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
  const invoices = await invoicing.listInvoices({ id: ids }, { select: ["id", "display_id"], withDeleted: true })
  return new Map(invoices.map((i) => [i.id, formatDisplayId(i.display_id)]))
}

/** What the customer sees of a service note or request. */
export function serializeServiceRequest(request: Record<string, any>, numbers: Map<string, string>) {
  return {
    id: request.id,
    kind: request.kind,
    subject: request.subject,
    message: request.message,
    preferred_date: formatCalendarDate(request.preferred_date),
    invoice_id: request.invoice_id ?? null,
    invoice_number: request.invoice_id ? numbers.get(request.invoice_id) ?? null : null,
    status: request.status,
    admin_reply: request.admin_reply ?? null,
    replied_at: request.replied_at ?? null,
    closed_at: request.closed_at ?? null,
    created_at: request.created_at,
    updated_at: request.updated_at,
  }
}
