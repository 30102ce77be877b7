import { Context } from "@medusajs/framework/types"
import { InjectManager, InjectTransactionManager, MedusaContext, MedusaService } from "@medusajs/framework/utils"
import { mergeSettings, PortalSettings as PortalSettingsShape, resolvePortalSettings } from "../../domain/portal-settings"
import { PortalInvitation, PortalSettings, ServiceRequest } from "./models"

const SETTINGS_KEY = "default"

class PortalModuleService extends MedusaService({
  PortalSettings,
  PortalInvitation,
  ServiceRequest,
}) {
  /** The complete portal settings: the stored document over the defaults. */
  @InjectManager()
  async getSettings(@MedusaContext() sharedContext: Context = {}): Promise<PortalSettingsShape> {
    const [row] = await this.listPortalSettings({ key: SETTINGS_KEY }, { take: 1 }, sharedContext)
    return resolvePortalSettings(row?.settings)
  }

  /**
   * Applies a (validated) partial settings document and returns the complete
   * result. Objects merge key by key; arrays and scalars replace.
   */
  @InjectManager()
  async updateSettings(
    patch: Record<string, unknown>,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<PortalSettingsShape> {
    return await this.updateSettings_(patch, sharedContext)
  }

  @InjectTransactionManager()
  protected async updateSettings_(
    patch: Record<string, unknown>,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<PortalSettingsShape> {
    const manager = sharedContext.transactionManager as any
    // Serialises concurrent saves (and the first insert) of the single row.
    await manager.execute("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", ["billing-portal-settings"])
    const [row] = await this.listPortalSettings({ key: SETTINGS_KEY }, { take: 1 }, sharedContext)
    const next = mergeSettings(resolvePortalSettings(row?.settings), patch)
    if (row) {
      await this.updatePortalSettings({ id: row.id, settings: next as any }, sharedContext)
    } else {
      await this.createPortalSettings({ key: SETTINGS_KEY, settings: next as any }, sharedContext)
    }
    return next
  }
}

export default PortalModuleService
