/**
 * Payment emails: default templates and a small renderer. Placeholders are
 * `{{path.to.value}}`; every value is HTML-escaped in the HTML part, and a
 * list value renders as a list (<ul> in HTML, one line per item in text).
 */
export type EmailTemplateId =
  | "billing.payment_receipt"
  | "billing.ach_pending"
  | "billing.ach_settled"
  | "billing.ach_failed"
  | "billing.payment_reversed"

export type EmailTemplate = { subject: string; html: string; text: string }

export const DEFAULT_EMAIL_TEMPLATES: Record<EmailTemplateId, EmailTemplate> = {
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

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }
const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c])

function lookup(vars: Record<string, unknown>, path: string): unknown {
  return path.split(".").reduce<unknown>((value, key) => (value && typeof value === "object" ? (value as any)[key] : undefined), vars)
}

export function renderEmail(template: EmailTemplate, vars: Record<string, unknown>): EmailTemplate {
  const fill = (source: string, html: boolean) =>
    source.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, path: string) => {
      const value = lookup(vars, path)
      if (Array.isArray(value)) {
        return html
          ? `<ul>${value.map((item) => `<li>${escapeHtml(String(item))}</li>`).join("")}</ul>`
          : value.map((item) => `- ${item}`).join("\n")
      }
      const text = value === undefined || value === null ? "" : String(value)
      return html ? escapeHtml(text) : text
    })
  return { subject: fill(template.subject, false), html: fill(template.html, true), text: fill(template.text, false) }
}
