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

/** How each tab is named to customers and admins (gate messages, admin UI). */
export const PORTAL_TAB_LABELS: Record<PortalTab, string> = {
  home: "Home",
  payments: "Payments",
  invoices: "Invoices",
  history: "History",
  service_notes: "Service notes",
  service_requests: "Service requests",
  payment_methods: "Payment methods",
}

export const PORTAL_PAYMENT_METHODS = ["card", "us_bank_account"] as const
export type PortalPaymentMethod = (typeof PORTAL_PAYMENT_METHODS)[number]

export const EMAIL_TEMPLATE_IDS = [
  "billing.invitation",
  "billing.password_reset",
  "billing.invoice_issued",
  "billing.pay_link",
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
  /**
   * Email each invoice to its customer when it is issued (template
   * `billing.invoice_issued`, with the invoice PDF). The admin's "send"
   * works either way.
   */
  email_on_issue: boolean
  /**
   * Invoice emails (on issue and on send) carry a pay link: the customer pays
   * those invoices without a login (DESIGN sec. 15). Off: the email links to
   * the invoice's page in the portal instead, and existing links stop working.
   * The plugin option `payLinks.enabled: false` turns them off whatever this says.
   */
  pay_links_allowed: boolean
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
  // on unless turned off: a document stored before this setting existed
  // resolves to true through the merge below
  email_on_issue: true,
  // the same: on for a document stored before the setting existed
  pay_links_allowed: true,
  email_templates: {},
}

/**
 * `key` is the object's own property (`Object.hasOwn`, which the ES2021 lib
 * of this build does not type). `key in object` is not: it is also true for
 * toString, constructor, hasOwnProperty… inherited from Object.prototype.
 */
export const hasOwnKey = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key)

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  !!value && typeof value === "object" && !Array.isArray(value)

/**
 * Deep merge for settings: objects merge key by key, anything else (arrays,
 * strings, null) replaces. Keys unknown to `base` are dropped, so a stored
 * document can never smuggle in settings the code does not know, except
 * under `email_templates`, whose keys are template ids and whose values are
 * open maps of parts. There, `null` removes an override (a whole template or
 * one part, which then falls back to the default), and a template left with
 * no part is removed.
 */
export function mergeSettings<T>(base: T, patch: unknown, openKeys = false): T {
  if (!isPlainObject(base) || !isPlainObject(patch)) {
    return (patch === undefined ? base : (patch as T))
  }
  const out: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue
    // never a key named after a built-in (toString, constructor, __proto__…),
    // even under the open email_templates map
    if (hasOwnKey(Object.prototype, key)) continue
    if (openKeys && value === null) {
      delete out[key]
      continue
    }
    if (!hasOwnKey(base, key) && !openKeys) continue
    const current = hasOwnKey(base, key) ? (base as Record<string, unknown>)[key] : undefined
    const childOpen = openKeys || key === "email_templates"
    if (isPlainObject(value) && (isPlainObject(current) || childOpen)) {
      const merged = mergeSettings(isPlainObject(current) ? current : {}, value, childOpen) as Record<string, unknown>
      if (openKeys && Object.keys(merged).length === 0) delete out[key]
      else out[key] = merged
    } else {
      out[key] = value
    }
  }
  return out as T
}

/** The complete settings from a stored (possibly partial or absent) document. */
export function resolvePortalSettings(stored: unknown): PortalSettings {
  return mergeSettings(DEFAULT_PORTAL_SETTINGS, stored ?? {})
}

/**
 * What the storefront needs to render the portal, picked field by field so a
 * setting added later stays private until it is listed here: never the email
 * templates or the internal recipients.
 */
export function publicPortalSettings(settings: PortalSettings) {
  return {
    business_name: settings.business_name,
    support_email: settings.support_email,
    logins_enabled: settings.logins_enabled,
    tabs: { ...settings.tabs },
    payment_methods: [...settings.payment_methods],
    allow_partial_payments: settings.allow_partial_payments,
    allow_prepayment: settings.allow_prepayment,
    minimum_payment: settings.minimum_payment,
    autopay: {
      allowed: settings.autopay.allowed,
      charge_on: settings.autopay.charge_on,
      pre_debit_notice_days: settings.autopay.pre_debit_notice_days,
      terms_text: settings.autopay.terms_text,
      terms_version: settings.autopay.terms_version,
    },
    history: { show_charges: settings.history.show_charges, show_payments: settings.history.show_payments },
    theme: {
      primary_color: settings.theme.primary_color,
      background_color: settings.theme.background_color,
      header_image_url: settings.theme.header_image_url,
    },
    home_content: settings.home_content,
    payment_terms_text: settings.payment_terms_text,
  }
}
export type PublicPortalSettings = ReturnType<typeof publicPortalSettings>

/**
 * The autopay terms version after the admin changed the terms text without
 * naming a new version: consents record the version their customer agreed
 * to, so new words need a new number. "3" → "4", "2024-1" → "2024-2",
 * anything without a trailing number gets ".1" appended… then increments.
 */
export function nextTermsVersion(version: string): string {
  const match = /^(.*?)(\d+)$/.exec(version)
  if (!match) return `${version}.1`
  return `${match[1]}${BigInt(match[2]) + 1n}`
}

/**
 * A settings patch, with the autopay terms version bumped when the patch
 * changes the terms text without naming a version itself.
 */
export function withTermsVersionBump<P extends { autopay?: { terms_text?: string; terms_version?: string } }>(
  current: PortalSettings,
  patch: P
): P {
  const autopay = patch.autopay
  if (!autopay || autopay.terms_text === undefined || autopay.terms_version !== undefined) return patch
  if (autopay.terms_text === current.autopay.terms_text) return patch
  return { ...patch, autopay: { ...autopay, terms_version: nextTermsVersion(current.autopay.terms_version) } }
}
