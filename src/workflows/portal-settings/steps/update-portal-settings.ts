import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { resolvePortalSettings, withTermsVersionBump } from "../../../domain/portal-settings"
import { PORTAL_MODULE } from "../../../modules/portal"
import type PortalModuleService from "../../../modules/portal/service"

export type UpdatePortalSettingsStepInput = {
  /** a validated partial settings document (AdminUpdatePortalSettings) */
  patch: Record<string, unknown>
}

export const updatePortalSettingsStepId = "update-portal-settings"

type Undo = { previous: unknown }

/**
 * Saves a partial settings document over the stored one. Changing the autopay
 * terms text without a new version bumps the version, so consents keep
 * pointing at the words the customer agreed to.
 */
export const updatePortalSettingsStep = createStep(
  updatePortalSettingsStepId,
  async (input: UpdatePortalSettingsStepInput, { container }) => {
    const portal = container.resolve<PortalModuleService>(PORTAL_MODULE)
    const [row] = await portal.listPortalSettings({ key: "default" }, { take: 1 })
    const patch = withTermsVersionBump(resolvePortalSettings(row?.settings), input.patch as any)
    const settings = await portal.updateSettings(patch)
    return new StepResponse(settings, { previous: row?.settings ?? null } as Undo)
  },
  // Restores the stored document exactly as it was (a merge could not take back added template overrides).
  async (undo, { container }) => {
    if (!undo) return
    const portal = container.resolve<PortalModuleService>(PORTAL_MODULE)
    await portal.restoreSettingsDocument(undo.previous as Record<string, unknown> | null)
  }
)
