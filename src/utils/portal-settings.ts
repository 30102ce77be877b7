import type { MedusaContainer } from "@medusajs/framework/types"
import type { AllocationSettings } from "../domain/allocation"
import { thresholdToMinor } from "../domain/money"
import { PortalSettings, publicPortalSettings } from "../domain/portal-settings"
import { PORTAL_MODULE } from "../modules/portal"
import type PortalModuleService from "../modules/portal/service"

export { publicPortalSettings }

/** The complete portal settings (stored document over the defaults). */
export async function loadPortalSettings(container: MedusaContainer | { resolve: MedusaContainer["resolve"] }) {
  return await container.resolve<PortalModuleService>(PORTAL_MODULE).getSettings()
}

/** The settings the allocation core needs, for one currency. */
export function allocationSettings(settings: PortalSettings, currencyCode: string): AllocationSettings {
  return {
    allow_partial_payments: settings.allow_partial_payments,
    allow_prepayment: settings.allow_prepayment,
    minimum_payment: thresholdToMinor(settings.minimum_payment, currencyCode),
  }
}
