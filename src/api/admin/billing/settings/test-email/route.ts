import { randomUUID } from "crypto"
import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { sampleEmailVars } from "../../../../../domain/email-templates"
import { sampleDocumentAttachments } from "../../../../../utils/document-attachments"
import { sendBillingEmail } from "../../../../../utils/notify"
import { getBillingOptions } from "../../../../../utils/options"
import { loadPortalSettings } from "../../../../../utils/portal-settings"
import { AdminSendTestEmailType } from "../validators"
import { documentBusiness } from "../../../../../workflows/documents/document-data"

/**
 * Sends one template — as saved, or the default — with sample data to any
 * address, exactly as a customer would get it: with the sample invoice or
 * receipt PDF when that template's emails carry one. The business name,
 * support email and portal address are the real ones, so the admin sees what
 * is still unset.
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminSendTestEmailType>, res: MedusaResponse) => {
  const { template, to } = req.validatedBody
  const settings = await loadPortalSettings(req.scope)
  const { business_name: _b, support_email: _s, portal_url: _p, ...vars } = sampleEmailVars(template)
  const attachments = await sampleDocumentAttachments(
    req.scope,
    template,
    documentBusiness(settings, getBillingOptions(req.scope)),
    new Date()
  )
  await sendBillingEmail(req.scope, {
    template,
    to,
    vars,
    attachments,
    settings,
    // every click sends one email
    idempotency_key: `billing.test_email:${template}:${randomUUID()}`,
    trigger_type: "billing.test_email",
    resource_type: "portal_settings",
    resource_id: "default",
  })
  res.json({ sent: true, template, to })
}
