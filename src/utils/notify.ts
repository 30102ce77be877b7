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

/** How many times one email is tried after its provider failed, each under a key of its own (`emailKeys`). */
const EMAIL_TRIES = 10

/**
 * The keys one email may be stored under: `key`, then `key~2`, `key~3`…
 * Medusa's Notification Module keeps a notification its provider failed
 * under its idempotency key, and a second send under that key reaches the
 * provider but is never stored (the module updates a row it did not create:
 * a 404 after the email went out). So each try after a failure gets the next
 * key of the chain.
 */
const emailKeys = (key: string) => Array.from({ length: EMAIL_TRIES }, (_, i) => (i === 0 ? key : `${key}~${i + 1}`))

/**
 * Where an email stands under its key (`emailKeys`): the notification that
 * went out (or is going out) under one of its keys, else the key to send it
 * under now (null when every try failed).
 */
async function emailUnderKey(container: Resolver, key: string): Promise<{ sent: { id: string; to: string } | null; next: string | null }> {
  const keys = emailKeys(key)
  const stored = (await container
    .resolve(Modules.NOTIFICATION)
    .listNotifications({ idempotency_key: keys } as any, { select: ["id", "to", "status", "idempotency_key"] })) as unknown as {
    id: string
    to: string
    status: string
    idempotency_key: string
  }[]
  const sent = stored.find((n) => n.status !== NotificationStatus.FAILURE)
  if (sent) return { sent: { id: sent.id, to: sent.to }, next: null }
  const used = new Set(stored.map((n) => n.idempotency_key))
  return { sent: null, next: keys.find((k) => !used.has(k)) ?? null }
}

/**
 * The email already sent under an idempotency key, if any: lets a sender skip
 * preparing it again (its PDF) when a trigger fires twice. A failed one does
 * not count: the next send tries again (under the next key of its chain).
 */
export async function findSentBillingEmail(container: Resolver, idempotencyKey: string) {
  return (await emailUnderKey(container, idempotencyKey)).sent
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
  const { sent, next } = await emailUnderKey(container, email.idempotency_key)
  // sent before under its key: nothing goes out again
  if (sent) return null
  if (!next) {
    throw new Error(`the email provider failed ${EMAIL_TRIES} times to send ${email.template} under this key; send it again as a new request`)
  }
  try {
    const created = (await notifications.createNotifications({
      to: email.to,
      channel: "email",
      template: email.template,
      content: rendered,
      data: { ...rendered, ...vars, ...(attachments ? { attachments } : {}) },
      ...(attachments ? { attachments } : {}),
      idempotency_key: next,
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
