import { defineRouteConfig } from "@medusajs/admin-sdk"
import {
  Badge,
  Button,
  Checkbox,
  Container,
  Heading,
  Input,
  Label,
  Select,
  Switch,
  Text,
  Textarea,
  toast,
} from "@medusajs/ui"
import { ReactNode, useMemo, useState } from "react"
import { useSendTestEmail, useSettings, useUpdateSettings } from "../../../lib/hooks/settings"
import { withBillingQuery } from "../../../lib/query"
import { errorMessage } from "../../../lib/sdk"
import { HeaderImageField } from "./header-image-field"
import { SamplePortalButton } from "./sample-portal-modal"
import {
  DEFAULT_EMAIL_TEMPLATES,
  EMAIL_TEMPLATE_ATTACHMENTS,
  EMAIL_TEMPLATE_LABELS,
  EMAIL_TEMPLATE_PLACEHOLDERS,
} from "../../../../domain/email-templates"
import {
  EMAIL_TEMPLATE_IDS,
  EmailTemplate,
  EmailTemplateId,
  PORTAL_TAB_LABELS,
  PORTAL_TABS,
  PortalSettings,
} from "../../../../domain/portal-settings"

const PAYMENT_METHOD_LABELS = { card: "Card", us_bank_account: "ACH bank transfer" } as const
const splitEmails = (value: string) =>
  value
    .split(/[\s,;]+/)
    .map((e) => e.trim())
    .filter(Boolean)

type TemplateDrafts = Partial<Record<EmailTemplateId, EmailTemplate>>

const Section = ({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) => (
  <div className="flex flex-col gap-y-4 px-6 py-4">
    <div>
      <Heading level="h2">{title}</Heading>
      {hint && (
        <Text size="small" className="text-ui-fg-subtle">
          {hint}
        </Text>
      )}
    </div>
    {children}
  </div>
)

const Toggle = ({ id, label, checked, onChange }: { id: string; label: string; checked: boolean; onChange: (v: boolean) => void }) => (
  <div className="flex items-center gap-x-2">
    <Switch id={id} checked={checked} onCheckedChange={onChange} />
    <Label htmlFor={id}>{label}</Label>
  </div>
)

/** A labelled control: the label wraps it, so its words name the input, textarea or select inside. */
const Field = ({ label, children }: { label: string; children: ReactNode }) => (
  <Label size="small" className="flex flex-col gap-y-1">
    <span>{label}</span>
    {children}
  </Label>
)

const BillingPortalSettingsPage = () => {
  const loaded = useSettings()
  const update = useUpdateSettings()
  const testEmail = useSendTestEmail()
  // the form's edits over the saved settings; null until something is changed
  const [edited, setEdited] = useState<PortalSettings | null>(null)
  const [notesDraft, setNotes] = useState<string | null>(null)
  const [requestsDraft, setRequests] = useState<string | null>(null)
  const [drafts, setDrafts] = useState<TemplateDrafts>({})
  const [templateId, setTemplateId] = useState<EmailTemplateId>("billing.invitation")
  const [testTo, setTestTo] = useState("")
  const settings = edited ?? loaded.data?.settings ?? null
  const portalPath = loaded.data?.hosted_portal?.path ?? null
  const notes = notesDraft ?? settings?.recipients.service_notes.join(", ") ?? ""
  const requests = requestsDraft ?? settings?.recipients.service_requests.join(", ") ?? ""
  const saving = update.isPending
  // a header image upload in flight holds Save: its answer must not land after the save
  const [uploading, setUploading] = useState(false)
  const error = loaded.error ? errorMessage(loaded.error) : null

  const template: EmailTemplate = useMemo(() => {
    if (drafts[templateId]) return drafts[templateId]!
    const saved = settings?.email_templates[templateId] ?? {}
    const defaults = DEFAULT_EMAIL_TEMPLATES[templateId]
    return {
      subject: saved.subject ?? defaults.subject,
      html: saved.html ?? defaults.html,
      // an empty text follows the HTML when it is sent
      text: saved.text ?? (saved.html ? "" : defaults.text),
    }
  }, [drafts, settings, templateId])

  if (error && !settings) {
    return (
      <Container>
        <Text className="text-ui-fg-error">{error}</Text>
      </Container>
    )
  }
  if (!settings) {
    return (
      <Container>
        <Text>Loading…</Text>
      </Container>
    )
  }

  const set = (patch: Partial<PortalSettings>) => setEdited({ ...settings, ...patch })
  const editTemplate = (part: keyof EmailTemplate, value: string) =>
    setDrafts({ ...drafts, [templateId]: { ...template, [part]: value } })

  const save = () => {
    const { email_templates: _saved, ...rest } = settings
    const email_templates: Record<string, unknown> = {}
    for (const [id, draft] of Object.entries(drafts) as [EmailTemplateId, EmailTemplate][]) {
      const defaults = DEFAULT_EMAIL_TEMPLATES[id]
      // a part equal to the default is stored as "use the default"
      email_templates[id] = {
        subject: draft.subject === defaults.subject ? null : draft.subject,
        html: draft.html === defaults.html ? null : draft.html,
        text: draft.text === defaults.text || draft.text.trim() === "" ? null : draft.text,
      }
    }
    const body = {
      ...rest,
      recipients: { service_notes: splitEmails(notes), service_requests: splitEmails(requests) },
      ...(Object.keys(email_templates).length ? { email_templates } : {}),
    }
    update.mutate(body, {
      onSuccess: () => {
        // the saved settings (now in the query's cache) are the form's again
        setEdited(null)
        setNotes(null)
        setRequests(null)
        setDrafts({})
      },
    })
  }

  const resetTemplate = () => {
    setDrafts({ ...drafts, [templateId]: { ...DEFAULT_EMAIL_TEMPLATES[templateId] } })
  }

  const sendTest = () => {
    if (drafts[templateId]) {
      toast.warning("Save your changes first: the test email uses the saved template")
      return
    }
    testEmail.mutate({ template: templateId, to: testTo.trim() })
  }

  return (
    <Container className="divide-y p-0" data-testid="billing-portal-settings">
      <div className="flex items-center justify-between px-6 py-4">
        <div>
          <Heading level="h1">Billing portal</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            What your customers see in the billing portal, how they can pay, and the emails they get.
          </Text>
        </div>
        <div className="flex items-center gap-x-2">
          <SamplePortalButton settings={settings} portalPath={portalPath} />
          <Button onClick={save} isLoading={saving} disabled={uploading}>
            Save
          </Button>
        </div>
      </div>

      <Section title="Portal" hint="Turn off a tab and its pages close in the portal.">
        <div className="grid grid-cols-2 gap-3">
          {PORTAL_TABS.map((tab) => (
            <Toggle
              key={tab}
              id={`tab-${tab}`}
              label={`${PORTAL_TAB_LABELS[tab]} tab`}
              checked={settings.tabs[tab]}
              onChange={(v) => set({ tabs: { ...settings.tabs, [tab]: v } })}
            />
          ))}
          <Toggle
            id="logins"
            label="Customers can log in"
            checked={settings.logins_enabled}
            onChange={(v) => set({ logins_enabled: v })}
          />
        </div>
      </Section>

      <Section title="Payments">
        <div className="flex gap-x-6">
          {(Object.keys(PAYMENT_METHOD_LABELS) as (keyof typeof PAYMENT_METHOD_LABELS)[]).map((method) => (
            <div key={method} className="flex items-center gap-x-2">
              <Checkbox
                id={`method-${method}`}
                checked={settings.payment_methods.includes(method)}
                onCheckedChange={(v) =>
                  set({
                    payment_methods: v
                      ? [...settings.payment_methods, method]
                      : settings.payment_methods.filter((m) => m !== method),
                  })
                }
              />
              <Label htmlFor={`method-${method}`}>{PAYMENT_METHOD_LABELS[method]}</Label>
            </div>
          ))}
        </div>
        <div className="grid grid-cols-2 gap-3">
          <Toggle
            id="partial"
            label="Partial payments of an invoice"
            checked={settings.allow_partial_payments}
            onChange={(v) => set({ allow_partial_payments: v })}
          />
          <Toggle
            id="prepayment"
            label="Prepayment (paying more than is owed becomes credit)"
            checked={settings.allow_prepayment}
            onChange={(v) => set({ allow_prepayment: v })}
          />
        </div>
        <Field label="Minimum payment (0 for none)">
          <Input value={settings.minimum_payment} onChange={(e) => set({ minimum_payment: e.target.value })} />
        </Field>
        <Field label="Payment terms (shown in the portal)">
          <Textarea
            value={settings.payment_terms_text}
            onChange={(e) => set({ payment_terms_text: e.target.value })}
          />
        </Field>
      </Section>

      <Section title="Autopay" hint="Customers save a payment method and are charged automatically.">
        <Toggle
          id="autopay"
          label="Offer autopay"
          checked={settings.autopay.allowed}
          onChange={(v) => set({ autopay: { ...settings.autopay, allowed: v } })}
        />
        <div className="grid grid-cols-2 gap-3">
          <Field label="Charge invoices on">
            <Select
              value={settings.autopay.charge_on}
              onValueChange={(v) => set({ autopay: { ...settings.autopay, charge_on: v as "due_date" | "issue_date" } })}
            >
              <Select.Trigger>
                <Select.Value />
              </Select.Trigger>
              <Select.Content>
                <Select.Item value="due_date">their due date</Select.Item>
                <Select.Item value="issue_date">the day they are issued</Select.Item>
              </Select.Content>
            </Select>
          </Field>
          <Field label="Notice before a charge (days, 0–30)">
            <Input
              type="number"
              min={0}
              max={30}
              value={settings.autopay.pre_debit_notice_days}
              onChange={(e) =>
                set({ autopay: { ...settings.autopay, pre_debit_notice_days: Number(e.target.value) } })
              }
            />
          </Field>
        </div>
        <Field label={`Authorization terms (version ${settings.autopay.terms_version}; changing the text starts a new version)`}>
          <Textarea
            value={settings.autopay.terms_text}
            onChange={(e) => set({ autopay: { ...settings.autopay, terms_text: e.target.value } })}
          />
        </Field>
      </Section>

      <Section title="History">
        <div className="grid grid-cols-2 gap-3">
          <Toggle
            id="show-charges"
            label="Show charges in history"
            checked={settings.history.show_charges}
            onChange={(v) => set({ history: { ...settings.history, show_charges: v } })}
          />
          <Toggle
            id="show-payments"
            label="Show payments in history"
            checked={settings.history.show_payments}
            onChange={(v) => set({ history: { ...settings.history, show_payments: v } })}
          />
        </div>
      </Section>

      <Section title="Theme and home page">
        <div className="grid grid-cols-2 gap-3">
          {(["primary_color", "background_color"] as const).map((key) => {
            const label = key === "primary_color" ? "Theme colour (tabs, buttons)" : "Background colour"
            // two controls (picker, hex) under one caption: a group, each control named on its own
            return (
            <div key={key} role="group" aria-labelledby={`theme-${key}`} className="flex flex-col gap-y-1">
              <Label size="small" id={`theme-${key}`}>
                {label}
              </Label>
              <div className="flex items-center gap-x-2">
                <input
                  type="color"
                  aria-label={`${label}: picker`}
                  value={/^#[0-9a-f]{6}$/i.test(settings.theme[key]) ? settings.theme[key] : "#000000"}
                  onChange={(e) => set({ theme: { ...settings.theme, [key]: e.target.value } })}
                />
                <Input
                  aria-label={`${label}: hex`}
                  value={settings.theme[key]}
                  onChange={(e) => set({ theme: { ...settings.theme, [key]: e.target.value } })}
                />
              </div>
            </div>
            )
          })}
        </div>
        <HeaderImageField
          value={settings.theme.header_image_url}
          onChange={(url) => set({ theme: { ...settings.theme, header_image_url: url } })}
          onBusyChange={setUploading}
        />
        <Field label="Home page content (HTML; scripts and unsafe attributes are removed on save)">
          <Textarea
            rows={6}
            className="font-mono"
            value={settings.home_content}
            onChange={(e) => set({ home_content: e.target.value })}
          />
        </Field>
      </Section>

      <Section title="Business and recipients" hint="Service notes and requests are emailed to these addresses.">
        <div className="grid grid-cols-2 gap-3">
          <Field label="Business name">
            <Input value={settings.business_name ?? ""} onChange={(e) => set({ business_name: e.target.value || null })} />
          </Field>
          <Field label="Support email">
            <Input value={settings.support_email ?? ""} onChange={(e) => set({ support_email: e.target.value || null })} />
          </Field>
          <Field label="Service notes go to (comma-separated)">
            <Input value={notes} onChange={(e) => setNotes(e.target.value)} />
          </Field>
          <Field label="Service requests go to (comma-separated)">
            <Input value={requests} onChange={(e) => setRequests(e.target.value)} />
          </Field>
        </div>
      </Section>

      <Section
        title="Invoice emails"
        hint="Each invoice is emailed to the customer's address with its PDF attached and a link to view and pay it."
      >
        <Toggle
          id="email-on-issue"
          label="Email invoices when they are issued"
          checked={settings.email_on_issue}
          onChange={(v) => set({ email_on_issue: v })}
        />
        <Text size="small" className="text-ui-fg-subtle">
          When this is off, issuing an invoice sends nothing and you email invoices one at a time with Send
          (POST /admin/billing/invoices/:id/send). Both use the "Invoice issued" template below.
        </Text>
        <Toggle
          id="pay-links-allowed"
          label="Pay links: customers pay an emailed invoice without signing in"
          checked={settings.pay_links_allowed}
          onChange={(v) => set({ pay_links_allowed: v })}
        />
        <Text size="small" className="text-ui-fg-subtle">
          Each invoice email's "View and pay" button then opens a page that pays that invoice only, by card or bank
          account, until it is paid or voided or the link expires (30 days after the due date). Sending an invoice again
          replaces its link. When this is off, the button opens the invoice in the portal (the customer signs in) and
          links already sent stop working.
        </Text>
      </Section>

      <Section title="Email templates" hint={EMAIL_TEMPLATE_LABELS[templateId].description}>
        <div className="flex items-end gap-x-3">
          <Field label="Template">
            <Select value={templateId} onValueChange={(v) => setTemplateId(v as EmailTemplateId)}>
              <Select.Trigger>
                <Select.Value />
              </Select.Trigger>
              <Select.Content>
                {EMAIL_TEMPLATE_IDS.map((id) => (
                  <Select.Item key={id} value={id}>
                    {EMAIL_TEMPLATE_LABELS[id].label}
                    {settings.email_templates[id] ? " (customised)" : ""}
                  </Select.Item>
                ))}
              </Select.Content>
            </Select>
          </Field>
          <Button variant="secondary" size="small" onClick={resetTemplate}>
            Restore default
          </Button>
        </div>
        <Field label="Subject">
          <Input value={template.subject} onChange={(e) => editTemplate("subject", e.target.value)} />
        </Field>
        <Field label="HTML body">
          <Textarea rows={8} className="font-mono" value={template.html} onChange={(e) => editTemplate("html", e.target.value)} />
        </Field>
        <Field label="Plain-text body (leave empty to derive it from the HTML)">
          <Textarea rows={5} className="font-mono" value={template.text} onChange={(e) => editTemplate("text", e.target.value)} />
        </Field>
        <div className="flex flex-col gap-y-2">
          <Text size="small" weight="plus">
            Placeholders for this template (values are escaped; anything else is refused on save)
          </Text>
          <div className="flex flex-wrap gap-2">
            {EMAIL_TEMPLATE_PLACEHOLDERS[templateId].map((p) => (
              <Badge key={p.name} size="2xsmall" title={p.description}>{`{{${p.name}}}`}</Badge>
            ))}
          </div>
        </div>
        {EMAIL_TEMPLATE_ATTACHMENTS[templateId] && (
          <Text size="small" className="text-ui-fg-subtle">
            {`These emails carry the ${EMAIL_TEMPLATE_ATTACHMENTS[templateId]} as a PDF attachment (the test email carries a sample one).`}
          </Text>
        )}
        <div className="flex items-end gap-x-3">
          <Field label="Send a sample to">
            <Input type="email" placeholder="you@example.com" value={testTo} onChange={(e) => setTestTo(e.target.value)} />
          </Field>
          <Button
            variant="secondary"
            size="small"
            onClick={sendTest}
            disabled={!testTo.trim()}
            isLoading={testEmail.isPending}
          >
            Send test email
          </Button>
        </div>
      </Section>
    </Container>
  )
}

export const config = defineRouteConfig({
  label: "Billing portal",
})

export default withBillingQuery(BillingPortalSettingsPage)
