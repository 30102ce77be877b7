import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { ServiceRequestKind } from "../../../modules/portal/models/service-request"
import { PORTAL_MODULE } from "../../../modules/portal"
import type PortalModuleService from "../../../modules/portal/service"
import { parseCalendarDate } from "../service-request-rules"

export type CreateServiceRequestStepInput = {
  customer_id: string
  kind: ServiceRequestKind
  subject: string
  message: string
  /** `YYYY-MM-DD`, already validated */
  preferred_date?: string | null
  invoice_id?: string | null
}

export const createServiceRequestStepId = "create-service-request"

export const createServiceRequestStep = createStep(
  createServiceRequestStepId,
  async (input: CreateServiceRequestStepInput, { container }) => {
    const portal = container.resolve<PortalModuleService>(PORTAL_MODULE)
    const created = await portal.createServiceRequests({
      customer_id: input.customer_id,
      kind: input.kind,
      subject: input.subject,
      message: input.message,
      preferred_date: input.preferred_date ? parseCalendarDate(input.preferred_date) : null,
      invoice_id: input.invoice_id ?? null,
      status: "open",
    })
    return new StepResponse(created, created.id)
  },
  // Nothing else refers to a request that was just created: removing it undoes the step.
  async (id, { container }) => {
    if (!id) return
    const portal = container.resolve<PortalModuleService>(PORTAL_MODULE)
    await portal.deleteServiceRequests([id])
  }
)
