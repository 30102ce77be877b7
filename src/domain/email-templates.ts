/**
 * Billing email templates (DESIGN sec. 9 and 10), pure: the default text of
 * every template, the placeholders each one documents (with a realistic
 * sample value, used by the "send a test email" action), the renderer, and
 * the check that reports placeholders a template does not know — on save,
 * so a typo never reaches a customer as an empty gap.
 *
 * Placeholders are `{{path.to.value}}`. Rendering HTML-escapes every value
 * in the HTML part; a list value renders as a list (<ul> in HTML, one line
 * per item in text).
 */
import type { EmailTemplate, EmailTemplateId } from "./portal-settings"
import { EMAIL_TEMPLATE_IDS } from "./portal-settings"

export type { EmailTemplate, EmailTemplateId }

export const EMAIL_TEMPLATE_PARTS = ["subject", "html", "text"] as const
export type EmailTemplatePart = (typeof EMAIL_TEMPLATE_PARTS)[number]

export type PlaceholderDoc = {
  /** dotted path, as written between the braces */
  name: string
  description: string
  /** what the test email fills in */
  sample: string | string[]
}

/** What the admin sees in the template editor: one line per template. */
export const EMAIL_TEMPLATE_LABELS: Record<EmailTemplateId, { label: string; description: string }> = {
  "billing.invitation": { label: "Portal invitation", description: "Sent when you invite a customer to the portal." },
  "billing.password_reset": { label: "Password reset", description: "Sent when a portal user asks for a new password." },
  "billing.invoice_issued": {
    label: "Invoice issued",
    description:
      "Sent with the invoice PDF when an invoice is issued (if \"Email invoices when they are issued\" is on) and when you send an invoice.",
  },
  "billing.pay_link": {
    label: "New payment link",
    description:
      "Sent when a customer whose payment link expired (or was replaced) asks for a new one on the pay page; it goes to the customer's email on file.",
  },
  "billing.payment_receipt": { label: "Payment receipt", description: "Sent when a card payment succeeds." },
  "billing.ach_pending": { label: "Bank payment pending", description: "Sent when a bank (ACH) debit starts." },
  "billing.ach_settled": { label: "Bank payment settled", description: "Sent when a bank (ACH) debit has settled." },
  "billing.ach_failed": { label: "Bank payment failed", description: "Sent when a bank (ACH) debit fails." },
  "billing.payment_reversed": {
    label: "Payment returned",
    description: "Sent when a settled payment is returned by the bank or disputed.",
  },
  "billing.service_request": {
    label: "Service note / request (to your team)",
    description: "Sent to the recipients set for service notes or requests.",
  },
  "billing.service_request_reply": {
    label: "Service request reply",
    description: "Sent to the customer when you reply to a note or request.",
  },
  "billing.autopay_notice": { label: "Autopay notice", description: "Sent the set number of days before an autopay charge." },
  "billing.autopay_charged": { label: "Autopay charged", description: "Sent after a successful autopay charge." },
  "billing.autopay_failed": { label: "Autopay failed", description: "Sent when an autopay charge fails." },
  "billing.autopay_changed": { label: "Autopay changed", description: "Sent when autopay is turned on, changed or off." },
}

/**
 * The PDF each template's emails carry (DESIGN sec. 14): the invoice on the
 * invoice email, the receipt on the emails that confirm money received or on
 * its way. Failures and returns carry none (nothing to keep as proof).
 */
export const EMAIL_TEMPLATE_ATTACHMENTS: Partial<Record<EmailTemplateId, "invoice" | "receipt">> = {
  "billing.invoice_issued": "invoice",
  "billing.payment_receipt": "receipt",
  "billing.ach_pending": "receipt",
  "billing.ach_settled": "receipt",
  "billing.autopay_charged": "receipt",
}

const COMMON_PLACEHOLDERS: PlaceholderDoc[] = [
  { name: "business_name", description: "Your business name (portal settings)", sample: "Greenleaf Lawn Care" },
  { name: "support_email", description: "Your support email (portal settings)", sample: "billing@greenleaf.example" },
  { name: "portal_url", description: "The billing portal's address", sample: "https://shop.example.com/account/billing" },
  { name: "customer.first_name", description: "The customer's first name", sample: "Jane" },
  { name: "customer.last_name", description: "The customer's last name", sample: "Cooper" },
  { name: "customer.name", description: "The customer's full name", sample: "Jane Cooper" },
  { name: "customer.email", description: "The customer's email", sample: "jane@example.com" },
]

const PAYMENT_PLACEHOLDERS: PlaceholderDoc[] = [
  { name: "payment.amount", description: "The amount paid, e.g. 245.50", sample: "245.50" },
  { name: "payment.currency", description: "Currency code, e.g. USD", sample: "USD" },
  { name: "payment.transaction_id", description: "The provider's transaction reference", sample: "txn_3QK8Z2EXAMPLE" },
  { name: "transaction_id", description: "Same as payment.transaction_id", sample: "txn_3QK8Z2EXAMPLE" },
  { name: "payment.id", description: "The payment's id", sample: "cpay_01JEXAMPLE" },
  {
    name: "payment.failure_reason",
    description: "Why the payment failed or was returned (empty otherwise)",
    sample: "insufficient funds",
  },
  {
    name: "payment.allocations",
    description: "The invoices paid, one per line (a list)",
    sample: ["INV-000123: 120.00 USD", "INV-000131: 125.50 USD"],
  },
  { name: "payment_url", description: "Where the customer pays in the portal", sample: "https://shop.example.com/account/billing" },
]

const INVOICE_PLACEHOLDERS: PlaceholderDoc[] = [
  { name: "invoice.number", description: "The invoice number", sample: "INV-000123" },
  { name: "invoice.total", description: "The invoice total, e.g. 245.50", sample: "245.50" },
  {
    name: "invoice.amount_due",
    description: "What is left to pay (the total less payments and credit already applied)",
    sample: "245.50",
  },
  { name: "invoice.amount_paid", description: "What is already paid (credit applied on issue included)", sample: "0.00" },
  { name: "invoice.currency", description: "Currency code, e.g. USD", sample: "USD" },
  { name: "invoice.issued_date", description: "The day the invoice was issued", sample: "March 3, 2026" },
  { name: "invoice.due_date", description: "The day the invoice is due", sample: "April 2, 2026" },
  {
    name: "invoice.lines",
    description: "The invoice lines, one per line (a list)",
    sample: ["Spring clean-up — 1 × 155.50 = 155.50 USD", "Mowing — 2 × 45.00 = 90.00 USD"],
  },
  { name: "invoice.notes", description: "The invoice's notes (empty when there are none)", sample: "Thank you for your business." },
  {
    name: "invoice_url",
    description: "The invoice's page in the billing portal",
    sample: "https://shop.example.com/account/billing/invoices/inv_01JEXAMPLE",
  },
  {
    name: "payment_url",
    description:
      "Where the customer pays this invoice: its pay link (no login needed) when pay links are on, else the invoice's page in the portal",
    sample: "https://shop.example.com/billing/pay#token=sample-token",
  },
]

const PAY_LINK_PLACEHOLDERS: PlaceholderDoc[] = [
  {
    name: "pay_link.invoices",
    description: "The invoices the link pays, one per line (a list)",
    sample: ["INV-000123: 245.50 USD due April 2, 2026"],
  },
  { name: "pay_link.amount_due", description: "What is left to pay on them, e.g. 245.50", sample: "245.50" },
  { name: "pay_link.currency", description: "Currency code, e.g. USD", sample: "USD" },
  { name: "pay_link.expires_date", description: "The last day the link works", sample: "May 2, 2026" },
  {
    name: "payment_url",
    description: "The new link: pays those invoices without a login",
    sample: "https://shop.example.com/billing/pay#token=sample-token",
  },
]

const REQUEST_PLACEHOLDERS: PlaceholderDoc[] = [
  { name: "request.kind", description: "note or request", sample: "request" },
  { name: "request.subject", description: "The subject the customer wrote", sample: "Spring clean-up" },
  {
    name: "request.message",
    description: "The customer's message",
    sample: "Could you schedule the spring clean-up for the back yard?",
  },
  { name: "request.preferred_date", description: "The preferred date, if any", sample: "2026-04-14" },
  { name: "request.invoice", description: "The invoice it refers to, if any", sample: "INV-000123" },
  { name: "request.status", description: "open, in_progress or closed", sample: "in_progress" },
  { name: "request.reply", description: "Your reply", sample: "We have you down for Tuesday, April 14." },
]

const AUTOPAY_PLACEHOLDERS: PlaceholderDoc[] = [
  { name: "autopay.status", description: "active, paused or canceled", sample: "active" },
  { name: "autopay.payment_method", description: "The saved payment method, e.g. Visa •••• 4242", sample: "Visa •••• 4242" },
]

const only = (docs: PlaceholderDoc[], names: string[]) => docs.filter((d) => names.includes(d.name))

/** The placeholders each template may use; anything else is refused on save. */
export const EMAIL_TEMPLATE_PLACEHOLDERS: Record<EmailTemplateId, PlaceholderDoc[]> = {
  "billing.invitation": [
    ...COMMON_PLACEHOLDERS,
    {
      name: "activation_url",
      description: "The single-use link that activates the account (<portal>/activate#invitation=…)",
      sample: "https://shop.example.com/billing/activate#invitation=sample-token",
    },
    { name: "expires_at", description: "When the link expires", sample: "March 14, 2026, 9:00 AM UTC" },
  ],
  "billing.password_reset": [
    ...COMMON_PLACEHOLDERS,
    {
      name: "reset_url",
      description: "The link that sets a new password (<portal>/reset-password#token=…&email=…)",
      sample: "https://shop.example.com/billing/reset-password#token=sample-token&email=sam%40example.com",
    },
    { name: "expires_at", description: "When the link expires", sample: "March 14, 2026, 9:15 AM UTC" },
  ],
  "billing.invoice_issued": [...COMMON_PLACEHOLDERS, ...INVOICE_PLACEHOLDERS],
  "billing.pay_link": [...COMMON_PLACEHOLDERS, ...PAY_LINK_PLACEHOLDERS],
  "billing.payment_receipt": [...COMMON_PLACEHOLDERS, ...PAYMENT_PLACEHOLDERS],
  "billing.ach_pending": [...COMMON_PLACEHOLDERS, ...PAYMENT_PLACEHOLDERS],
  "billing.ach_settled": [...COMMON_PLACEHOLDERS, ...PAYMENT_PLACEHOLDERS],
  "billing.ach_failed": [...COMMON_PLACEHOLDERS, ...PAYMENT_PLACEHOLDERS],
  "billing.payment_reversed": [...COMMON_PLACEHOLDERS, ...PAYMENT_PLACEHOLDERS],
  "billing.service_request": [
    ...COMMON_PLACEHOLDERS,
    ...only(REQUEST_PLACEHOLDERS, ["request.kind", "request.subject", "request.message", "request.preferred_date", "request.invoice"]),
  ],
  "billing.service_request_reply": [...COMMON_PLACEHOLDERS, ...REQUEST_PLACEHOLDERS],
  "billing.autopay_notice": [
    ...COMMON_PLACEHOLDERS,
    { name: "autopay.amount", description: "The amount that will be charged", sample: "245.50" },
    { name: "autopay.currency", description: "Currency code, e.g. USD", sample: "USD" },
    { name: "autopay.charge_date", description: "The day of the charge", sample: "March 17, 2026" },
    ...only(AUTOPAY_PLACEHOLDERS, ["autopay.payment_method"]),
    {
      name: "autopay.invoices",
      description: "The invoices that will be paid, one per line (a list)",
      sample: ["INV-000123: 120.00 USD", "INV-000131: 125.50 USD"],
    },
  ],
  "billing.autopay_charged": [...COMMON_PLACEHOLDERS, ...PAYMENT_PLACEHOLDERS],
  "billing.autopay_failed": [...COMMON_PLACEHOLDERS, ...PAYMENT_PLACEHOLDERS],
  "billing.autopay_changed": [...COMMON_PLACEHOLDERS, ...AUTOPAY_PLACEHOLDERS],
}

export const isEmailTemplateId = (id: string): id is EmailTemplateId =>
  (EMAIL_TEMPLATE_IDS as readonly string[]).includes(id)

export const DEFAULT_EMAIL_TEMPLATES: Record<EmailTemplateId, EmailTemplate> = {
  "billing.invitation": {
    subject: "Your {{business_name}} billing portal",
    html:
      "<p>Hi {{customer.first_name}},</p><p>{{business_name}} invites you to its billing portal, where you can see your invoices " +
      "and pay them online.</p><p><a href=\"{{activation_url}}\">Activate your account</a></p>" +
      "<p>The link works once and expires on {{expires_at}}.</p>",
    text:
      "Hi {{customer.first_name}},\n\n{{business_name}} invites you to its billing portal, where you can see your invoices " +
      "and pay them online.\n\nActivate your account: {{activation_url}}\n\nThe link works once and expires on {{expires_at}}.\n",
  },
  "billing.password_reset": {
    subject: "Reset your {{business_name}} portal password",
    html:
      "<p>Hi {{customer.first_name}},</p><p>Someone asked to reset the password of your billing portal account.</p>" +
      "<p><a href=\"{{reset_url}}\">Choose a new password</a></p><p>If it was not you, ignore this email.</p>",
    text:
      "Hi {{customer.first_name}},\n\nSomeone asked to reset the password of your billing portal account.\n\n" +
      "Choose a new password: {{reset_url}}\n\nIf it was not you, ignore this email.\n",
  },
  "billing.invoice_issued": {
    subject: "Invoice {{invoice.number}} from {{business_name}} — {{invoice.amount_due}} {{invoice.currency}} due {{invoice.due_date}}",
    html:
      "<p>Hi {{customer.first_name}},</p><p>{{business_name}} sent you invoice <strong>{{invoice.number}}</strong>, " +
      "issued {{invoice.issued_date}}.</p><p>Amount due: <strong>{{invoice.amount_due}} {{invoice.currency}}</strong> by " +
      "{{invoice.due_date}} (invoice total {{invoice.total}} {{invoice.currency}}).</p>{{invoice.lines}}<p>{{invoice.notes}}</p>" +
      '<p><a href="{{payment_url}}" style="display:inline-block;padding:10px 20px;background:#2563eb;color:#ffffff;' +
      'text-decoration:none;border-radius:6px;font-weight:600">View and pay</a></p>' +
      '<p>The invoice is attached as a PDF. You can also <a href="{{invoice_url}}">see it in the billing portal</a>.</p>',
    text:
      "Hi {{customer.first_name}},\n\n{{business_name}} sent you invoice {{invoice.number}}, issued {{invoice.issued_date}}.\n\n" +
      "Amount due: {{invoice.amount_due}} {{invoice.currency}} by {{invoice.due_date}} (invoice total {{invoice.total}} " +
      "{{invoice.currency}}).\n\n{{invoice.lines}}\n\n{{invoice.notes}}\n\nView and pay: {{payment_url}}\n\n" +
      "The invoice is attached as a PDF. You can also see it in the billing portal: {{invoice_url}}\n",
  },
  "billing.pay_link": {
    subject: "Your new payment link from {{business_name}} — {{pay_link.amount_due}} {{pay_link.currency}}",
    html:
      "<p>Hi {{customer.first_name}},</p><p>Here is a new link to pay {{business_name}}:</p>{{pay_link.invoices}}" +
      "<p>Amount due: <strong>{{pay_link.amount_due}} {{pay_link.currency}}</strong></p>" +
      '<p><a href="{{payment_url}}" style="display:inline-block;padding:10px 20px;background:#2563eb;color:#ffffff;' +
      'text-decoration:none;border-radius:6px;font-weight:600">View and pay</a></p>' +
      "<p>The link works until {{pay_link.expires_date}}; earlier links for these invoices no longer do. " +
      "If you did not ask for it, you can ignore this email.</p>",
    text:
      "Hi {{customer.first_name}},\n\nHere is a new link to pay {{business_name}}:\n{{pay_link.invoices}}\n\n" +
      "Amount due: {{pay_link.amount_due}} {{pay_link.currency}}\n\nView and pay: {{payment_url}}\n\n" +
      "The link works until {{pay_link.expires_date}}; earlier links for these invoices no longer do. " +
      "If you did not ask for it, you can ignore this email.\n",
  },
  "billing.service_request": {
    subject: "New service {{request.kind}} from {{customer.name}}: {{request.subject}}",
    html:
      "<p>{{customer.name}} ({{customer.email}}) sent a service {{request.kind}}.</p><p><strong>{{request.subject}}</strong></p>" +
      "<p>{{request.message}}</p><p>Preferred date: {{request.preferred_date}}</p><p>Invoice: {{request.invoice}}</p>",
    text:
      "{{customer.name}} ({{customer.email}}) sent a service {{request.kind}}.\n\n{{request.subject}}\n\n{{request.message}}\n\n" +
      "Preferred date: {{request.preferred_date}}\nInvoice: {{request.invoice}}\n",
  },
  "billing.service_request_reply": {
    subject: "Re: {{request.subject}}",
    html:
      "<p>Hi {{customer.first_name}},</p><p>{{request.reply}}</p><p>Status: {{request.status}}</p>" +
      "<p><a href=\"{{portal_url}}\">View it in the portal</a></p>",
    text: "Hi {{customer.first_name}},\n\n{{request.reply}}\n\nStatus: {{request.status}}\nView it in the portal: {{portal_url}}\n",
  },
  "billing.autopay_notice": {
    subject: "Upcoming autopay charge — {{autopay.amount}} {{autopay.currency}}",
    html:
      "<p>Hi {{customer.first_name}},</p><p>On {{autopay.charge_date}} we will charge <strong>{{autopay.amount}} " +
      "{{autopay.currency}}</strong> to {{autopay.payment_method}} for:</p>{{autopay.invoices}}" +
      "<p><a href=\"{{portal_url}}\">Manage autopay</a></p>",
    text:
      "Hi {{customer.first_name}},\n\nOn {{autopay.charge_date}} we will charge {{autopay.amount}} {{autopay.currency}} to " +
      "{{autopay.payment_method}} for:\n{{autopay.invoices}}\n\nManage autopay: {{portal_url}}\n",
  },
  "billing.autopay_charged": {
    subject: "Autopay payment — {{payment.amount}} {{payment.currency}}",
    html:
      "<p>Hi {{customer.first_name}},</p><p>Autopay charged <strong>{{payment.amount}} {{payment.currency}}</strong>.</p>" +
      "<p>Transaction ID: {{payment.transaction_id}}</p><p>Applied to:</p>{{payment.allocations}}",
    text:
      "Hi {{customer.first_name}},\n\nAutopay charged {{payment.amount}} {{payment.currency}}.\nTransaction ID: " +
      "{{payment.transaction_id}}\n\nApplied to:\n{{payment.allocations}}\n",
  },
  "billing.autopay_failed": {
    subject: "Autopay payment failed — {{payment.amount}} {{payment.currency}}",
    html:
      "<p>Hi {{customer.first_name}},</p><p>Autopay could not charge <strong>{{payment.amount}} {{payment.currency}}</strong> " +
      "({{payment.failure_reason}}).</p><p><a href=\"{{payment_url}}\">Pay in the portal</a></p>",
    text:
      "Hi {{customer.first_name}},\n\nAutopay could not charge {{payment.amount}} {{payment.currency}} " +
      "({{payment.failure_reason}}).\nPay in the portal: {{payment_url}}\n",
  },
  "billing.autopay_changed": {
    subject: "Autopay {{autopay.status}}",
    html:
      "<p>Hi {{customer.first_name}},</p><p>Autopay is now <strong>{{autopay.status}}</strong> for your account " +
      "({{autopay.payment_method}}).</p><p><a href=\"{{portal_url}}\">Manage autopay</a></p>",
    text:
      "Hi {{customer.first_name}},\n\nAutopay is now {{autopay.status}} for your account ({{autopay.payment_method}}).\n" +
      "Manage autopay: {{portal_url}}\n",
  },
  "billing.payment_receipt": {
    subject: "Payment received — {{payment.amount}} {{payment.currency}}",
    html:
      "<p>Hi {{customer.first_name}},</p><p>Thank you — we received your payment of <strong>{{payment.amount}} {{payment.currency}}</strong>.</p>" +
      "<p>Transaction ID: {{payment.transaction_id}}</p><p>Applied to:</p>{{payment.allocations}}" +
      '<p><a href="{{portal_url}}">View your account</a></p>',
    text:
      "Hi {{customer.first_name}},\n\nThank you — we received your payment of {{payment.amount}} {{payment.currency}}.\n" +
      "Transaction ID: {{payment.transaction_id}}\n\nApplied to:\n{{payment.allocations}}\n\nView your account: {{portal_url}}\n",
  },
  "billing.ach_pending": {
    subject: "Bank payment pending — {{payment.amount}} {{payment.currency}}",
    html:
      "<p>Hi {{customer.first_name}},</p><p>Your bank payment of <strong>{{payment.amount}} {{payment.currency}}</strong> is on its way. " +
      "Bank transfers take a few business days; we will email you when it has settled.</p><p>Transaction ID: {{payment.transaction_id}}</p>" +
      "<p>Paying:</p>{{payment.allocations}}",
    text:
      "Hi {{customer.first_name}},\n\nYour bank payment of {{payment.amount}} {{payment.currency}} is on its way. Bank transfers take a few " +
      "business days; we will email you when it has settled.\nTransaction ID: {{payment.transaction_id}}\n\nPaying:\n{{payment.allocations}}\n",
  },
  "billing.ach_settled": {
    subject: "Bank payment settled — {{payment.amount}} {{payment.currency}}",
    html:
      "<p>Hi {{customer.first_name}},</p><p>Your bank payment of <strong>{{payment.amount}} {{payment.currency}}</strong> has settled.</p>" +
      "<p>Transaction ID: {{payment.transaction_id}}</p><p>Applied to:</p>{{payment.allocations}}",
    text:
      "Hi {{customer.first_name}},\n\nYour bank payment of {{payment.amount}} {{payment.currency}} has settled.\n" +
      "Transaction ID: {{payment.transaction_id}}\n\nApplied to:\n{{payment.allocations}}\n",
  },
  "billing.ach_failed": {
    subject: "Bank payment failed — {{payment.amount}} {{payment.currency}}",
    html:
      "<p>Hi {{customer.first_name}},</p><p>Your bank payment of <strong>{{payment.amount}} {{payment.currency}}</strong> could not be " +
      'completed ({{payment.failure_reason}}). The invoices are open again.</p><p><a href="{{portal_url}}">Pay another way</a></p>',
    text:
      "Hi {{customer.first_name}},\n\nYour bank payment of {{payment.amount}} {{payment.currency}} could not be completed " +
      "({{payment.failure_reason}}). The invoices are open again.\nPay another way: {{portal_url}}\n",
  },
  "billing.payment_reversed": {
    subject: "Payment returned — {{payment.amount}} {{payment.currency}}",
    html:
      "<p>Hi {{customer.first_name}},</p><p>Your payment of <strong>{{payment.amount}} {{payment.currency}}</strong> " +
      "(transaction {{payment.transaction_id}}) was returned by your bank or card issuer ({{payment.failure_reason}}). " +
      'The invoices it paid are open again:</p>{{payment.allocations}}<p><a href="{{portal_url}}">Pay now</a></p>',
    text:
      "Hi {{customer.first_name}},\n\nYour payment of {{payment.amount}} {{payment.currency}} (transaction " +
      "{{payment.transaction_id}}) was returned by your bank or card issuer ({{payment.failure_reason}}). The invoices " +
      "it paid are open again:\n{{payment.allocations}}\n\nPay now: {{portal_url}}\n",
  },
}

/** `{{ name }}` with a dotted path; anything else between braces is malformed. */
const PLACEHOLDER = /\{\{\s*([\w.]+)\s*\}\}/g
const ANY_BRACES = /\{\{([\s\S]*?)\}\}/g

/** The distinct placeholder paths a template part uses, in order of appearance. */
export function listPlaceholders(source: string): string[] {
  const seen = new Set<string>()
  for (const match of source.matchAll(PLACEHOLDER)) seen.add(match[1])
  return [...seen]
}

export type UnknownPlaceholder = { template: EmailTemplateId; part: EmailTemplatePart; placeholder: string }

/**
 * Placeholders in the given parts that the template does not document, and
 * `{{…}}` sequences that are not placeholders at all (`{{ first name }}`),
 * which would otherwise go out verbatim.
 */
export function findUnknownPlaceholders(
  template: EmailTemplateId,
  parts: Partial<Record<EmailTemplatePart, string | null | undefined>>
): UnknownPlaceholder[] {
  const allowed = new Set(EMAIL_TEMPLATE_PLACEHOLDERS[template].map((d) => d.name))
  const unknown: UnknownPlaceholder[] = []
  for (const part of EMAIL_TEMPLATE_PARTS) {
    const source = parts[part]
    if (typeof source !== "string") continue
    const reported = new Set<string>()
    for (const match of source.matchAll(ANY_BRACES)) {
      const inner = match[1].trim()
      const name = /^[\w.]+$/.test(inner) ? inner : match[0]
      if (allowed.has(name) || reported.has(name)) continue
      reported.add(name)
      unknown.push({ template, part, placeholder: name })
    }
  }
  return unknown
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }
export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c])

function lookup(vars: Record<string, unknown>, path: string): unknown {
  return path
    .split(".")
    .reduce<unknown>(
      (value, key) => value && typeof value === "object" && Object.prototype.hasOwnProperty.call(value, key) ? (value as any)[key] : undefined,
      vars
    )
}

/**
 * Fills a template. Values are escaped in the HTML part (a customer's name
 * can never inject markup); missing values render empty.
 */
export function renderEmail(template: EmailTemplate, vars: Record<string, unknown>): EmailTemplate {
  const fill = (source: string, html: boolean) =>
    source.replace(PLACEHOLDER, (_, path: string) => {
      const value = lookup(vars, path)
      if (Array.isArray(value)) {
        return html
          ? `<ul>${value.map((item) => `<li>${escapeHtml(String(item))}</li>`).join("")}</ul>`
          : value.map((item) => `- ${item}`).join("\n")
      }
      const text = value === undefined || value === null ? "" : String(value)
      return html ? escapeHtml(text) : text
    })
  // A subject is one header line: a value with a line break must not add headers.
  const subject = fill(template.subject, false).replace(/[\r\n]+/g, " ")
  // A placeholder that rendered empty (an invoice without notes) leaves no run of blank lines in the text part.
  const text = fill(template.text, false).replace(/\n{3,}/g, "\n\n")
  return { subject, html: fill(template.html, true), text }
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", apos: "'", nbsp: " " }

/**
 * A plain-text version of an HTML template, placeholders kept: used when an
 * admin rewrote the HTML but not the text, so the two parts never tell
 * different stories. Links keep their target: `<a href="{{x}}">Pay</a>` →
 * `Pay ({{x}})`.
 */
export function htmlTemplateToText(html: string): string {
  return html
    .replace(/<(script|style|head)[\s\S]*?<\/\1\s*>/gi, "")
    .replace(/<a\b[^>]*?href\s*=\s*("([^"]*)"|'([^']*)')[^>]*>([\s\S]*?)<\/a\s*>/gi, (_, _q, dq, sq, label) => {
      const href = dq ?? sq ?? ""
      const text = label.replace(/<[^>]*>/g, "").trim()
      return text && text !== href ? `${text} (${href})` : href
    })
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<li\b[^>]*>/gi, "\n- ")
    .replace(/<\/?(p|div|h[1-6]|li|ul|ol|tr|table|blockquote)\b[^>]*>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&(amp|lt|gt|quot|#39|apos|nbsp);/g, (_, e: string) => ENTITIES[e])
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    // list items follow each other without blank lines
    .replace(/\n\n(?=- )/g, "\n")
    .trim()
    .concat("\n")
}

/**
 * The template as it is sent: the admin's saved parts over the default. When
 * the HTML was rewritten but the text was not, the text follows the HTML.
 */
export function effectiveEmailTemplate(
  template: EmailTemplateId,
  override: Partial<EmailTemplate> | null | undefined
): EmailTemplate {
  const defaults = DEFAULT_EMAIL_TEMPLATES[template]
  const subject = override?.subject || defaults.subject
  const html = override?.html || defaults.html
  const text = override?.text || (override?.html ? htmlTemplateToText(override.html) : defaults.text)
  return { subject, html, text }
}

/** Sample values for every documented placeholder of a template (for test emails). */
export function sampleEmailVars(template: EmailTemplateId): Record<string, unknown> {
  const vars: Record<string, any> = {}
  for (const doc of EMAIL_TEMPLATE_PLACEHOLDERS[template]) {
    const keys = doc.name.split(".")
    let node = vars
    for (const key of keys.slice(0, -1)) node = node[key] ??= {}
    node[keys[keys.length - 1]] = doc.sample
  }
  return vars
}
