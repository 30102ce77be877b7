import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { loadPortalSettings } from "../../../../utils/portal-settings"
import { updatePortalSettingsWorkflow } from "../../../../workflows/portal-settings"
import { AdminUpdatePortalSettingsType } from "./validators"

/** The complete portal settings: what was saved, over the defaults. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json({ settings: await loadPortalSettings(req.scope) })
}

/** A partial update: objects merge key by key, lists and values replace; answers the complete result. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminUpdatePortalSettingsType>, res: MedusaResponse) => {
  const { result } = await updatePortalSettingsWorkflow(req.scope).run({
    input: { patch: req.validatedBody as Record<string, unknown> },
  })
  res.json({ settings: result })
}
