import { randomUUID } from "crypto"
import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { sampleEmailVars } from "../../../../../domain/email-templates"
import { sendBillingEmail } from "../../../../../utils/notify"
import { loadPortalSettings } from "../../../../../utils/portal-settings"
import { AdminSendTestEmailType } from "../validators"

/**
 * Sends one template — as saved, or the default — with sample data to any
 * address, exactly as a customer would get it. The business name, support
 * email and portal address are the real ones, so the admin sees what is
 * still unset.
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminSendTestEmailType>, res: MedusaResponse) => {
  const { template, to } = req.validatedBody
  const settings = await loadPortalSettings(req.scope)
  const { business_name: _b, support_email: _s, portal_url: _p, ...vars } = sampleEmailVars(template)
  await sendBillingEmail(req.scope, {
    template,
    to,
    vars,
    settings,
    // every click sends one email
    idempotency_key: `billing.test_email:${template}:${randomUUID()}`,
    trigger_type: "billing.test_email",
    resource_type: "portal_settings",
    resource_id: "default",
  })
  res.json({ sent: true, template, to })
}
