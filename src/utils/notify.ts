import type { Attachment, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, NotificationStatus } from "@medusajs/framework/utils"
import type { EmailTemplateId, PortalSettings } from "../domain/portal-settings"
import { effectiveEmailTemplate, renderEmail } from "./email-templates"
import { getBillingOptions } from "./options"
import { loadPortalSettings } from "./portal-settings"

export type BillingEmail = {
  template: EmailTemplateId
  to: string
  /** placeholder values; `portal_url`, `business_name` and `support_email` are added */
  vars: Record<string, unknown>
  /** one email per key, however often the trigger fires */
  idempotency_key: string
  trigger_type?: string
  resource_type?: string
  resource_id?: string
  receiver_id?: string
  /** settings already loaded by the caller */
  settings?: PortalSettings
  /**
   * Files sent with the email (base64 `content`), for providers that send
   * attachments (SendGrid, Resend, Medusa Cloud). Also kept in the stored
   * notification's `data.attachments`: Medusa's notification row has no
   * attachments column, and the stored row is what the admin and tests read.
   */
  attachments?: Attachment[]
}

/** The stored notification of an email that went out. */
export type SentBillingEmail = { id: string; to: string; template: EmailTemplateId }

type Resolver = { resolve: MedusaContainer["resolve"] }

/**
 * The template the admin saved over the default, part by part (an HTML
 * rewritten without its text gets a text version derived from it).
 */
export function effectiveTemplate(settings: PortalSettings, template: EmailTemplateId) {
  return effectiveEmailTemplate(template, settings.email_templates[template])
}

/** `customer.name` is documented for every template: derive it when the sender gave first/last only. */
function withCustomerName(vars: Record<string, unknown>): Record<string, unknown> {
  const customer = vars.customer
  if (!customer || typeof customer !== "object" || (customer as any).name) return vars
  const { first_name, last_name } = customer as Record<string, unknown>
  const name = [first_name, last_name].filter((p) => typeof p === "string" && p.trim()).join(" ")
  return { ...vars, customer: { ...customer, name } }
}

/**
 * The email already sent under an idempotency key, if any: lets a sender skip
 * preparing it again (its PDF) when a trigger fires twice. A failed one does
 * not count: the Notification Module tries it again under the same key.
 */
export async function findSentBillingEmail(container: Resolver, idempotencyKey: string) {
  const notifications = container.resolve(Modules.NOTIFICATION)
  const [sent] = await notifications.listNotifications({ idempotency_key: idempotencyKey } as any, { take: 1 })
  return sent && sent.status !== NotificationStatus.FAILURE ? { id: sent.id, to: sent.to } : null
}

/**
 * Renders a billing email from the portal settings' template and sends it
 * through the Notification Module (`email` channel). DESIGN sec. 10: rendered
 * `content` for providers that send mail as given, and `data` with the same
 * rendered parts plus the variables for template-based providers. Answers the
 * stored notification, or null when the idempotency key was already used
 * (the email went out before).
 */
export async function sendBillingEmail(container: Resolver, email: BillingEmail): Promise<SentBillingEmail | null> {
  const settings = email.settings ?? (await loadPortalSettings(container))
  const vars = withCustomerName({
    portal_url: getBillingOptions(container as MedusaContainer).portalUrl,
    business_name: settings.business_name ?? "",
    support_email: settings.support_email ?? "",
    ...email.vars,
  })
  const rendered = renderEmail(effectiveTemplate(settings, email.template), vars)
  const notifications = container.resolve(Modules.NOTIFICATION)
  const attachments = email.attachments?.length ? email.attachments : undefined
  try {
    const created = (await notifications.createNotifications({
      to: email.to,
      channel: "email",
      template: email.template,
      content: rendered,
      data: { ...rendered, ...vars, ...(attachments ? { attachments } : {}) },
      ...(attachments ? { attachments } : {}),
      idempotency_key: email.idempotency_key,
      trigger_type: email.trigger_type,
      resource_id: email.resource_id,
      resource_type: email.resource_type,
      receiver_id: email.receiver_id,
    } as any)) as unknown as { id: string; to: string } | undefined
    // nothing is created for a key that was used before
    return created ? { id: created.id, to: created.to, template: email.template } : null
  } catch (e: any) {
    if (/idempotency|already|unique|duplicate/i.test(String(e?.message))) return null
    container.resolve(ContainerRegistrationKeys.LOGGER).warn(`billing: could not send ${email.template}: ${e?.message}`)
    throw e
  }
}
