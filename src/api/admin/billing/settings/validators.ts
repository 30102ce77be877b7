import { z } from "@medusajs/framework/zod"
import sanitizeHtml from "sanitize-html"
import { findUnknownPlaceholders, isEmailTemplateId } from "../../../../domain/email-templates"
import { EMAIL_TEMPLATE_IDS, hasOwnKey, PORTAL_PAYMENT_METHODS, PORTAL_TABS } from "../../../../domain/portal-settings"
import { oneOf } from "../../../utils/validators"

/**
 * An object that refuses keys it does not know, naming each with its full
 * path (Medusa's formatter would only say "Unrecognized fields: 'x'").
 */
const strictShape = <S extends z.ZodRawShape>(path: string, shape: S) =>
  z
    .unknown()
    // the keys as sent: a parsed object could no longer show an own `__proto__`
    .superRefine((value, ctx) => {
      if (!value || typeof value !== "object" || Array.isArray(value)) return
      for (const key of Object.keys(value)) {
        // own keys only: `in` would also accept toString, constructor, hasOwnProperty…
        if (!hasOwnKey(shape, key)) {
          ctx.addIssue({ code: "custom", path: [key], message: `${path}.${key} is not a setting` })
        }
      }
    })
    .pipe(z.looseObject(shape)) as unknown as z.ZodObject<S>

const bool = (field: string) => z.boolean({ error: `${field} must be true or false` })

const HEX_COLOUR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i
const hexColour = (field: string) =>
  z
    .string({ error: `${field} must be a hex colour (#rgb or #rrggbb)` })
    .trim()
    .refine((v) => HEX_COLOUR.test(v), { message: `${field} must be a hex colour (#rgb or #rrggbb)` })
    .transform((v) => v.toLowerCase())

const isHttpUrl = (value: string) => {
  try {
    const url = new URL(value)
    return (url.protocol === "https:" || url.protocol === "http:") && !!url.hostname
  } catch {
    return false
  }
}
const httpUrl = (field: string) =>
  z
    .string({ error: `${field} must be an http or https URL` })
    .trim()
    .refine((v) => v.length <= 2048 && isHttpUrl(v), { message: `${field} must be an http or https URL` })

// Deliberately plain: one @, no spaces or brackets, a dot in the domain.
const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:".]+$/
export const emailAddress = (field: string) =>
  z
    .string({ error: `${field} must be a valid email address` })
    .trim()
    .refine((v) => v.length <= 320 && EMAIL.test(v), { message: `${field} must be a valid email address` })

const emailList = (field: string) =>
  z
    .array(emailAddress(`${field}[]`), { error: `${field} must be a list of email addresses` })
    .refine((list) => list.length <= 20, { message: `${field} takes at most 20 addresses` })
    .transform((list) => {
      const seen = new Set<string>()
      return list.filter((e) => !seen.has(e.toLowerCase()) && !!seen.add(e.toLowerCase()))
    })

const text = (field: string, max: number) =>
  z
    .string({ error: `${field} must be text` })
    .refine((v) => v.length <= max, { message: `${field} must be at most ${max} characters` })

/** `null` or "" clears the value. */
const optionalText = (field: string, max: number) =>
  z.union([z.null(), text(field, max)]).transform((v) => (v === null || v.trim() === "" ? null : v.trim()))

const MINIMUM_PAYMENT = /^(\d{1,12})(?:\.(\d{1,2}))?$/
const minimumPayment = z
  .union([z.string(), z.number()], { error: "minimum_payment must be a non-negative amount, e.g. 25 or 25.50" })
  .transform((value, ctx) => {
    const raw = typeof value === "number" ? (Number.isFinite(value) ? String(value) : "") : value.trim()
    const match = MINIMUM_PAYMENT.exec(raw)
    if (!match) {
      ctx.addIssue({
        code: "custom",
        message: "minimum_payment must be a non-negative amount with at most 2 decimals, e.g. 25 or 25.50",
      })
      return z.NEVER
    }
    const whole = match[1].replace(/^0+(?=\d)/, "")
    return match[2] ? `${whole}.${match[2]}` : whole
  })

/**
 * The home page content is admin HTML shown to customers: kept to text
 * formatting, links, images and video embeds from known hosts. Scripts, event
 * handlers, `javascript:` URLs, forms and styles beyond simple formatting do
 * not survive.
 */
export function sanitizeHomeContent(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: [...sanitizeHtml.defaults.allowedTags, "img", "iframe"],
    allowedAttributes: {
      a: ["href", "name", "target", "title", "rel"],
      img: ["src", "alt", "title", "width", "height"],
      iframe: ["src", "width", "height", "title", "allow", "allowfullscreen", "frameborder"],
      "*": ["style"],
    },
    allowedStyles: {
      "*": {
        color: [/^#[0-9a-f]{3,8}$/i, /^rgba?\([\d\s.,%]+\)$/i, /^[a-z]+$/i],
        "background-color": [/^#[0-9a-f]{3,8}$/i, /^rgba?\([\d\s.,%]+\)$/i, /^[a-z]+$/i],
        "text-align": [/^(left|right|center|justify)$/],
        "font-size": [/^\d+(?:\.\d+)?(px|em|rem|%)$/],
        "font-weight": [/^(normal|bold|[1-9]00)$/],
        "font-style": [/^(normal|italic)$/],
        "text-decoration": [/^(none|underline|line-through)$/],
      },
    },
    allowedSchemes: ["http", "https", "mailto", "tel"],
    allowedSchemesByTag: { img: ["http", "https"], iframe: ["https"] },
    allowProtocolRelative: false,
    allowedIframeHostnames: ["www.youtube.com", "www.youtube-nocookie.com", "player.vimeo.com"],
    // an embed whose source was refused goes entirely, not as an empty frame
    exclusiveFilter: (frame) => frame.tag === "iframe" && !frame.attribs.src,
    transformTags: {
      a: (tagName, attribs) =>
        attribs.target === "_blank" ? { tagName, attribs: { ...attribs, rel: "noopener noreferrer" } } : { tagName, attribs },
    },
  })
}

const templatePart = (field: string, max: number, singleLine = false) =>
  z.unknown().transform((v, ctx): string | null => {
    // null or "" restores the default
    if (v === null || v === "") return null
    if (typeof v !== "string") {
      ctx.addIssue({ code: "custom", message: `${field} must be text, or null for the default` })
      return z.NEVER
    }
    if (v.length > max) ctx.addIssue({ code: "custom", message: `${field} must be at most ${max} characters` })
    if (singleLine && /[\r\n]/.test(v)) ctx.addIssue({ code: "custom", message: `${field} must be one line` })
    return v.trim() === "" ? null : v
  })

const emailTemplateOverride = (id: string) =>
  z.nullable(
    strictShape(`email_templates.${id}`, {
      subject: templatePart(`email_templates.${id}.subject`, 500, true).optional(),
      html: templatePart(`email_templates.${id}.html`, 100_000).optional(),
      text: templatePart(`email_templates.${id}.text`, 50_000).optional(),
    })
  )

/**
 * `{ [template id]: { subject?, html?, text? } | null }`: `null` (for a
 * template or a part) restores the default. Unknown template ids and
 * placeholders a template does not document are refused here, on save.
 */
const emailTemplates = z
  .unknown()
  .transform((record, ctx) => {
    if (!record || typeof record !== "object" || Array.isArray(record)) {
      ctx.addIssue({ code: "custom", message: "email_templates must be an object keyed by template id" })
      return z.NEVER
    }
    const out: Record<string, unknown> = {}
    for (const [id, value] of Object.entries(record)) {
      if (!isEmailTemplateId(id)) {
        ctx.addIssue({
          code: "custom",
          path: [id],
          message: `email_templates.${id} is not a template; templates are: ${EMAIL_TEMPLATE_IDS.join(", ")}`,
        })
        continue
      }
      if (value !== null && (typeof value !== "object" || Array.isArray(value))) {
        ctx.addIssue({
          code: "custom",
          path: [id],
          message: `email_templates.${id} must be { subject?, html?, text? }, or null for the default`,
        })
        continue
      }
      const parsed = emailTemplateOverride(id).safeParse(value)
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          ctx.addIssue({ code: "custom", path: [id, ...issue.path], message: issue.message })
        }
        continue
      }
      const override = parsed.data as Record<string, string | null> | null
      if (override) {
        for (const unknown of findUnknownPlaceholders(id, override)) {
          ctx.addIssue({
            code: "custom",
            path: [id, unknown.part],
            message: `email_templates.${id}.${unknown.part}: unknown placeholder ${
              unknown.placeholder.startsWith("{{") ? unknown.placeholder : `{{${unknown.placeholder}}}`
            }`,
          })
        }
      }
      out[id] = override
    }
    return out
  })

const tabs = strictShape(
  "tabs",
  Object.fromEntries(PORTAL_TABS.map((tab) => [tab, bool(`tabs.${tab}`).optional()])) as Record<
    (typeof PORTAL_TABS)[number],
    z.ZodOptional<z.ZodBoolean>
  >
)

export const AdminUpdatePortalSettings = z
  .object({
    business_name: optionalText("business_name", 200).optional(),
    support_email: z
      .union([z.null(), z.literal(""), emailAddress("support_email")], { error: "support_email must be a valid email address" })
      .transform((v) => (v ? v : null))
      .optional(),
    logins_enabled: bool("logins_enabled").optional(),
    tabs: tabs.optional(),
    payment_methods: z
      .array(oneOf("payment_methods[]", PORTAL_PAYMENT_METHODS), {
        error: `payment_methods must be a list of ${PORTAL_PAYMENT_METHODS.join(", ")}`,
      })
      .refine((list) => list.length > 0, {
        message: `payment_methods must offer at least one of: ${PORTAL_PAYMENT_METHODS.join(", ")}`,
      })
      .transform((list) => PORTAL_PAYMENT_METHODS.filter((m) => list.includes(m)))
      .optional(),
    allow_partial_payments: bool("allow_partial_payments").optional(),
    allow_prepayment: bool("allow_prepayment").optional(),
    minimum_payment: minimumPayment.optional(),
    autopay: strictShape("autopay", {
      allowed: bool("autopay.allowed").optional(),
      charge_on: oneOf("autopay.charge_on", ["due_date", "issue_date"] as const).optional(),
      pre_debit_notice_days: z
        .number({ error: "autopay.pre_debit_notice_days must be a whole number from 0 to 30" })
        .refine((n) => Number.isInteger(n) && n >= 0 && n <= 30, {
          message: "autopay.pre_debit_notice_days must be a whole number from 0 to 30",
        })
        .optional(),
      terms_text: text("autopay.terms_text", 10_000)
        .refine((v) => v.trim().length > 0, { message: "autopay.terms_text must not be empty" })
        .transform((v) => v.trim())
        .optional(),
      terms_version: z
        .string({ error: "autopay.terms_version must be text" })
        .trim()
        .refine((v) => /^[\w.-]{1,50}$/.test(v), {
          message: "autopay.terms_version must be 1 to 50 letters, digits, dots, dashes or underscores",
        })
        .optional(),
    }).optional(),
    history: strictShape("history", {
      show_charges: bool("history.show_charges").optional(),
      show_payments: bool("history.show_payments").optional(),
    }).optional(),
    theme: strictShape("theme", {
      primary_color: hexColour("theme.primary_color").optional(),
      background_color: hexColour("theme.background_color").optional(),
      header_image_url: z
        .union([z.null(), z.literal(""), httpUrl("theme.header_image_url")], {
          error: "theme.header_image_url must be an http or https URL",
        })
        .transform((v) => (v ? v : null))
        .optional(),
    }).optional(),
    home_content: text("home_content", 100_000).transform(sanitizeHomeContent).optional(),
    payment_terms_text: text("payment_terms_text", 5_000).transform((v) => v.trim()).optional(),
    recipients: strictShape("recipients", {
      service_notes: emailList("recipients.service_notes").optional(),
      service_requests: emailList("recipients.service_requests").optional(),
    }).optional(),
    email_on_issue: bool("email_on_issue").optional(),
    pay_links_allowed: bool("pay_links_allowed").optional(),
    email_templates: emailTemplates.optional(),
  })
  .strict()
export type AdminUpdatePortalSettingsType = z.infer<typeof AdminUpdatePortalSettings>

export const AdminSendTestEmail = z
  .object({
    template: oneOf("template", EMAIL_TEMPLATE_IDS),
    to: emailAddress("to"),
  })
  .strict()
export type AdminSendTestEmailType = z.infer<typeof AdminSendTestEmail>

export const AdminGetPortalSettings = z.object({}).strict()
export type AdminGetPortalSettingsType = z.infer<typeof AdminGetPortalSettings>
