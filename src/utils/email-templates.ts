/**
 * Email templates live in the pure domain (`src/domain/email-templates.ts`):
 * defaults, documented placeholders, rendering. Re-exported here for the
 * code that sends mail.
 */
export {
  DEFAULT_EMAIL_TEMPLATES,
  EMAIL_TEMPLATE_LABELS,
  EMAIL_TEMPLATE_PLACEHOLDERS,
  effectiveEmailTemplate,
  escapeHtml,
  findUnknownPlaceholders,
  listPlaceholders,
  renderEmail,
  sampleEmailVars,
} from "../domain/email-templates"
export type { EmailTemplate, EmailTemplateId } from "../domain/email-templates"
