import { model } from "@medusajs/framework/utils"

/**
 * The admin-editable portal settings (DESIGN sec. 9): one row, keyed
 * `default`. The document is stored as JSON and always read through
 * `resolvePortalSettings` (src/domain/portal-settings.ts), which fills in the
 * defaults, so a setting added later needs no data migration.
 */
const PortalSettings = model
  .define("portal_settings", {
    id: model.id({ prefix: "psett" }).primaryKey(),
    key: model.text().default("default"),
    settings: model.json(),
  })
  .indexes([{ on: ["key"], unique: true, where: "deleted_at IS NULL" }])

export default PortalSettings
