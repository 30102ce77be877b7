/**
 * Portal settings (DESIGN sec. 9): the shape, the defaults, and the pure
 * merge rules. Stored as one JSON document in the portal module; every read
 * goes through `resolvePortalSettings`, so a missing or older document still
 * yields a complete, valid settings object.
 */
export const PORTAL_TABS = [
  "home",
  "payments",
  "invoices",
  "history",
  "service_notes",
  "service_requests",
  "payment_methods",
] as const
export type PortalTab = (typeof PORTAL_TABS)[number]

export const PORTAL_PAYMENT_METHODS = ["card", "us_bank_account"] as const
export type PortalPaymentMethod = (typeof PORTAL_PAYMENT_METHODS)[number]

export const EMAIL_TEMPLATE_IDS = [
  "billing.invitation",
  "billing.password_reset",
  "billing.payment_receipt",
  "billing.ach_pending",
  "billing.ach_settled",
  "billing.ach_failed",
  "billing.payment_reversed",
  "billing.service_request",
  "billing.service_request_reply",
  "billing.autopay_notice",
  "billing.autopay_charged",
  "billing.autopay_failed",
  "billing.autopay_changed",
] as const
export type EmailTemplateId = (typeof EMAIL_TEMPLATE_IDS)[number]

export type EmailTemplate = { subject: string; html: string; text: string }

export type PortalSettings = {
  business_name: string | null
  support_email: string | null
  logins_enabled: boolean
  tabs: Record<PortalTab, boolean>
  payment_methods: PortalPaymentMethod[]
  allow_partial_payments: boolean
  allow_prepayment: boolean
  /** major units, decimal string */
  minimum_payment: string
  autopay: {
    allowed: boolean
    charge_on: "due_date" | "issue_date"
    pre_debit_notice_days: number
    terms_text: string
    terms_version: string
  }
  history: { show_charges: boolean; show_payments: boolean }
  theme: { primary_color: string; background_color: string; header_image_url: string | null }
  /** sanitised HTML */
  home_content: string
  payment_terms_text: string
  recipients: { service_notes: string[]; service_requests: string[] }
  /** overrides of the default templates; a missing part falls back to the default */
  email_templates: Partial<Record<EmailTemplateId, Partial<EmailTemplate>>>
}

export const DEFAULT_PORTAL_SETTINGS: PortalSettings = {
  business_name: null,
  support_email: null,
  logins_enabled: true,
  tabs: {
    home: true,
    payments: true,
    invoices: true,
    history: true,
    service_notes: true,
    service_requests: true,
    payment_methods: true,
  },
  payment_methods: ["card", "us_bank_account"],
  allow_partial_payments: false,
  allow_prepayment: false,
  minimum_payment: "0",
  autopay: {
    allowed: false,
    charge_on: "due_date",
    pre_debit_notice_days: 3,
    terms_text:
      "I authorize the business to charge the selected payment method for invoices as they become due, " +
      "until I cancel autopay in the portal.",
    terms_version: "1",
  },
  history: { show_charges: true, show_payments: true },
  theme: { primary_color: "#2563eb", background_color: "#ffffff", header_image_url: null },
  home_content: "",
  payment_terms_text: "",
  recipients: { service_notes: [], service_requests: [] },
  email_templates: {},
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  !!value && typeof value === "object" && !Array.isArray(value)

/**
 * Deep merge for settings: objects merge key by key, anything else (arrays,
 * strings, null) replaces. Keys unknown to `base` are dropped, so a stored
 * document can never smuggle in settings the code does not know, except
 * under `email_templates`, whose keys are template ids.
 */
export function mergeSettings<T>(base: T, patch: unknown, openKeys = false): T {
  if (!isPlainObject(base) || !isPlainObject(patch)) {
    return (patch === undefined ? base : (patch as T))
  }
  const out: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue
    if (!(key in base) && !openKeys) continue
    const current = (base as Record<string, unknown>)[key]
    out[key] = isPlainObject(current) && isPlainObject(value) ? mergeSettings(current, value, key === "email_templates") : value
  }
  return out as T
}

/** The complete settings from a stored (possibly partial or absent) document. */
export function resolvePortalSettings(stored: unknown): PortalSettings {
  return mergeSettings(DEFAULT_PORTAL_SETTINGS, stored ?? {})
}

/** What the storefront may see: no templates, no internal recipients. */
export function publicPortalSettings(settings: PortalSettings) {
  const { email_templates: _templates, recipients: _recipients, ...rest } = settings
  return rest
}
export type PublicPortalSettings = ReturnType<typeof publicPortalSettings>
