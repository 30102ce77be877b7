import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { INVOICING_MODULE } from "../../../../modules/invoicing"
import type InvoicingModuleService from "../../../../modules/invoicing/service"
import { loadPortalSettings, publicPortalSettings } from "../../../../utils/portal-settings"
import { serializeBalance } from "../../../utils/serializers"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const invoicing = req.scope.resolve<InvoicingModuleService>(INVOICING_MODULE)
  const [balances, settings] = await Promise.all([
    invoicing.getAccountBalances(req.auth_context.actor_id, { now: new Date() }),
    loadPortalSettings(req.scope),
  ])
  res.json({
    account: {
      customer_id: req.auth_context.actor_id,
      balances: balances.map(serializeBalance),
      autopay: null,
      settings: publicPortalSettings(settings),
    },
  })
}
