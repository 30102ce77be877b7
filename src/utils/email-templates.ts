/**
 * Email templates: the defaults for every template of DESIGN sec. 9 and a
 * small renderer. Placeholders are `{{path.to.value}}`; every value is
 * HTML-escaped in the HTML part, and a list value renders as a list (<ul> in
 * HTML, one line per item in text). Admins override templates in the portal
 * settings (`email_templates`).
 */
import type { EmailTemplate, EmailTemplateId } from "../domain/portal-settings"

export type { EmailTemplate, EmailTemplateId }

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
