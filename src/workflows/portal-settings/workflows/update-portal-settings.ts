import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { updatePortalSettingsStep, UpdatePortalSettingsStepInput } from "../steps/update-portal-settings"

export const updatePortalSettingsWorkflowId = "update-portal-settings"

export type UpdatePortalSettingsWorkflowInput = UpdatePortalSettingsStepInput

/** Saves the admin's portal settings and announces the change (`billing.portal_settings.updated`). */
export const updatePortalSettingsWorkflow = createWorkflow(
  updatePortalSettingsWorkflowId,
  (input: UpdatePortalSettingsWorkflowInput) => {
    const settings = updatePortalSettingsStep(input)
    emitEventStep({ eventName: "billing.portal_settings.updated", data: { id: "default" } })
    return new WorkflowResponse(settings)
  }
)
