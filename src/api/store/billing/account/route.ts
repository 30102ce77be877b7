import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { AUTOPAY_MODULE } from "../../../../modules/autopay"
import type AutopayModuleService from "../../../../modules/autopay/service"
import { INVOICING_MODULE } from "../../../../modules/invoicing"
import type InvoicingModuleService from "../../../../modules/invoicing/service"
import { publicPortalSettings } from "../../../../utils/portal-settings"
import { portalSettingsFor } from "../../../utils/portal-gates"
import { serializeAutopay } from "../../../utils/autopay"
import { serializeBalance } from "../../../utils/serializers"
import { businessTimeZone } from "../../../../utils/options"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const invoicing = req.scope.resolve<InvoicingModuleService>(INVOICING_MODULE)
  const autopay = req.scope.resolve<AutopayModuleService>(AUTOPAY_MODULE)
  const [balances, settings, enrollment] = await Promise.all([
    invoicing.getAccountBalances(req.auth_context.actor_id, { now: new Date(), time_zone: businessTimeZone(req.scope) }),
    portalSettingsFor(req),
    autopay.findLiveEnrollment(req.auth_context.actor_id),
  ])
  res.json({
    account: {
      customer_id: req.auth_context.actor_id,
      balances: balances.map(serializeBalance),
      autopay: serializeAutopay(enrollment, settings),
      settings: publicPortalSettings(settings),
    },
  })
}
