import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { getBillingOptions } from "../../../../utils/options"
import { hostedPortalPath } from "../../../../utils/pay-links"
import { loadPortalSettings } from "../../../../utils/portal-settings"
import { updatePortalSettingsWorkflow } from "../../../../workflows/portal-settings"
import { AdminUpdatePortalSettingsType } from "./validators"

/**
 * The complete portal settings: what was saved, over the defaults; and where
 * the plugin serves its own portal (`hosted_portal.path`, null when it
 * serves none), for the settings page's "View sample portal".
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const path = hostedPortalPath(getBillingOptions(req.scope))
  res.json({
    settings: await loadPortalSettings(req.scope),
    hosted_portal: path === null ? null : { path: `/${path.replace(/^\/+|\/+$/g, "")}` },
  })
}

/** A partial update: objects merge key by key, lists and values replace; answers the complete result. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminUpdatePortalSettingsType>, res: MedusaResponse) => {
  const { result } = await updatePortalSettingsWorkflow(req.scope).run({
    input: { patch: req.validatedBody as Record<string, unknown> },
  })
  res.json({ settings: result })
}
