import { Modules } from "@medusajs/framework/utils"
import { createStep, createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { DEFAULT_PORTAL_SETTINGS, EMAIL_TEMPLATE_IDS } from "../../src/domain/portal-settings"
import { INVOICING_MODULE } from "../../src/modules/invoicing"
import { updatePortalSettingsStep } from "../../src/workflows/portal-settings"
import type InvoicingModuleService from "../../src/modules/invoicing/service"
import { createAdmin, createLoggedInCustomer, createPublishableKey, setStoreCurrencies, settle } from "../helpers"

jest.setTimeout(180_000)

const DAY = 24 * 60 * 60 * 1000
type Who = { id: string; headers: Record<string, string> }

// A later step that fails, to prove the settings step undoes exactly what it saved.
const failAfterSaving = createStep("portal-settings-spec-fail", async () => {
  throw new Error("a later step failed")
})
const saveThenFail = createWorkflow("portal-settings-spec-save-then-fail", (input: { patch: Record<string, unknown> }) => {
  updatePortalSettingsStep(input)
  failAfterSaving()
  return new WorkflowResponse(undefined)
})

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let admin: { headers: Record<string, string> }
    let jane: Who
    let other: Who
    let janeInvoiceId: string

    beforeEach(async () => {
      const container = getContainer()
      await setStoreCurrencies(container, ["usd"])
      admin = await createAdmin(container, api)
      const key = await createPublishableKey(container)
      jane = await createLoggedInCustomer(api, key, "jane@test.dev", "Jane")
      other = await createLoggedInCustomer(api, key, "other@test.dev", "Other")
      const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
      const draft = await invoicing.createDraftInvoice({
        customer_id: jane.id,
        currency_code: "usd",
        due_at: new Date(Date.now() + 10 * DAY),
        lines: [{ title: "Lawn care", quantity: "1", unit_price: "80.00" }],
      })
      janeInvoiceId = (await invoicing.issueInvoice(draft.id, { now: new Date() })).id
    })

    const save = (body: unknown) => settle(api.post("/admin/billing/settings", body, admin))
    const read = async () => (await api.get("/admin/billing/settings", admin)).data.settings
    const store = (method: "get" | "post", path: string, who: Who, body?: unknown) =>
      settle(method === "get" ? api.get(path, { headers: who.headers }) : api.post(path, body, { headers: who.headers }))
    const notifications = async (template: string) =>
      (await getContainer().resolve(Modules.NOTIFICATION).listNotifications({ template } as any)) as any[]

    it("admin only: no token and a customer token get 401", async () => {
      expect((await settle(api.get("/admin/billing/settings"))).status).toBe(401)
      expect((await settle(api.get("/admin/billing/settings", { headers: jane.headers }))).status).toBe(401)
      expect((await settle(api.post("/admin/billing/settings", { logins_enabled: false }, { headers: jane.headers }))).status).toBe(401)
      expect(
        (await settle(api.post("/admin/billing/settings/test-email", { template: "billing.invitation", to: "a@b.io" }))).status
      ).toBe(401)
      expect((await read()).logins_enabled).toBe(true)
    })

    it("round-trip: defaults, a save answers and reads back the complete settings, a partial update keeps the rest", async () => {
      expect(await read()).toEqual(DEFAULT_PORTAL_SETTINGS)
      // where the hosted portal is, for the settings page's "View sample portal"
      expect((await api.get("/admin/billing/settings", admin)).data.hosted_portal).toEqual({ path: "/billing" })

      const first = await save({
        business_name: "  Greenleaf Lawn Care ",
        support_email: "billing@greenleaf.example",
        tabs: { history: false, service_notes: false },
        payment_methods: ["us_bank_account", "card", "card"],
        allow_partial_payments: true,
        minimum_payment: "025.50",
        autopay: { allowed: true, charge_on: "issue_date", pre_debit_notice_days: 5 },
        history: { show_charges: false },
        theme: { primary_color: "#1A2B3C", background_color: "#FFF", header_image_url: "https://cdn.example.com/header.png" },
        payment_terms_text: "Net 30.",
        recipients: { service_notes: ["office@greenleaf.example", "OFFICE@greenleaf.example"], service_requests: ["crew@greenleaf.example"] },
      })
      expect(first.status).toBe(200)
      const expected = {
        ...DEFAULT_PORTAL_SETTINGS,
        business_name: "Greenleaf Lawn Care",
        support_email: "billing@greenleaf.example",
        tabs: { ...DEFAULT_PORTAL_SETTINGS.tabs, history: false, service_notes: false },
        payment_methods: ["card", "us_bank_account"],
        allow_partial_payments: true,
        minimum_payment: "25.50",
        autopay: { ...DEFAULT_PORTAL_SETTINGS.autopay, allowed: true, charge_on: "issue_date", pre_debit_notice_days: 5 },
        history: { show_charges: false, show_payments: true },
        theme: { primary_color: "#1a2b3c", background_color: "#fff", header_image_url: "https://cdn.example.com/header.png" },
        payment_terms_text: "Net 30.",
        recipients: { service_notes: ["office@greenleaf.example"], service_requests: ["crew@greenleaf.example"] },
      }
      expect(first.data.settings).toEqual(expected)
      expect(await read()).toEqual(expected)

      // partial: only what is sent changes
      const second = await save({
        tabs: { history: true },
        theme: { header_image_url: null },
        payment_methods: ["card"],
        email_on_issue: false,
        pay_links_allowed: false,
      })
      expect(second.status).toBe(200)
      const expectedAfter = {
        ...expected,
        tabs: { ...expected.tabs, history: true },
        theme: { ...expected.theme, header_image_url: null },
        payment_methods: ["card"],
        email_on_issue: false,
        pay_links_allowed: false,
      }
      expect(second.data.settings).toEqual(expectedAfter)
      expect(await read()).toEqual(expectedAfter)

      // an empty body changes nothing
      expect((await save({})).data.settings).toEqual(expectedAfter)
    })

    it("new autopay terms text without a version gets the next version; an explicit version is kept", async () => {
      const bumped = await save({ autopay: { terms_text: "I authorize Greenleaf to charge my card on each due date." } })
      expect(bumped.data.settings.autopay).toMatchObject({
        terms_text: "I authorize Greenleaf to charge my card on each due date.",
        terms_version: "2",
      })
      const same = await save({ autopay: { terms_text: "I authorize Greenleaf to charge my card on each due date." } })
      expect(same.data.settings.autopay.terms_version).toBe("2")
      const explicit = await save({ autopay: { terms_text: "Other words", terms_version: "2026-01" } })
      expect(explicit.data.settings.autopay.terms_version).toBe("2026-01")
    })

    it("refuses bad input with 400 naming the field, and saves nothing", async () => {
      const cases: [unknown, string][] = [
        [{ colour: "#fff" }, "Invalid request: Unrecognized fields: 'colour'"],
        [{ theme: { accent: "#fff" } }, "Invalid request: theme.accent is not a setting"],
        [{ tabs: { billing: true } }, "Invalid request: tabs.billing is not a setting"],
        [{ theme: { primary_color: "blue" } }, "Invalid request: theme.primary_color must be a hex colour (#rgb or #rrggbb)"],
        [{ theme: { background_color: "#ffff" } }, "Invalid request: theme.background_color must be a hex colour (#rgb or #rrggbb)"],
        [{ theme: { header_image_url: "javascript:alert(1)" } }, "Invalid request: theme.header_image_url must be an http or https URL"],
        [{ theme: { header_image_url: "ftp://files.example.com/h.png" } }, "Invalid request: theme.header_image_url must be an http or https URL"],
        [{ support_email: "billing at example" }, "Invalid request: support_email must be a valid email address"],
        [{ recipients: { service_requests: ["crew@example.com", "nope"] } }, "Invalid request: recipients.service_requests[] must be a valid email address"],
        [{ recipients: { service_notes: "crew@example.com" } }, "Invalid request: Expected type: 'array' for field 'recipients, service_notes', got: 'crew@example.com'"],
        [{ minimum_payment: "-5" }, "Invalid request: minimum_payment must be a non-negative amount with at most 2 decimals, e.g. 25 or 25.50"],
        [{ minimum_payment: "10.005" }, "Invalid request: minimum_payment must be a non-negative amount with at most 2 decimals, e.g. 25 or 25.50"],
        [{ minimum_payment: "ten" }, "Invalid request: minimum_payment must be a non-negative amount with at most 2 decimals, e.g. 25 or 25.50"],
        [{ payment_methods: [] }, "Invalid request: payment_methods must offer at least one of: card, us_bank_account"],
        [{ payment_methods: ["cash"] }, "Invalid request: payment_methods[] must be one of: card, us_bank_account"],
        [{ autopay: { charge_on: "weekly" } }, "Invalid request: autopay.charge_on must be one of: due_date, issue_date"],
        [{ autopay: { pre_debit_notice_days: 31 } }, "Invalid request: autopay.pre_debit_notice_days must be a whole number from 0 to 30"],
        [{ autopay: { pre_debit_notice_days: 2.5 } }, "Invalid request: autopay.pre_debit_notice_days must be a whole number from 0 to 30"],
        [{ autopay: { terms_text: "   " } }, "Invalid request: autopay.terms_text must not be empty"],
        [{ logins_enabled: "no" }, "Invalid request: Expected type: 'boolean' for field 'logins_enabled', got: 'no'"],
        [{ email_on_issue: "no" }, "Invalid request: Expected type: 'boolean' for field 'email_on_issue', got: 'no'"],
        [{ tabs: { invoices: 0 } }, "Invalid request: Expected type: 'boolean' for field 'tabs, invoices', got: '0'"],
        [{ email_templates: { "billing.welcome": { subject: "Hi" } } }, `Invalid request: email_templates.billing.welcome is not a template; templates are: ${EMAIL_TEMPLATE_IDS.join(", ")}`],
        [{ email_templates: { "billing.invitation": { subject: "Hi", footer: "x" } } }, "Invalid request: email_templates.billing.invitation.footer is not a setting"],
        [{ email_templates: { "billing.invitation": { subject: "Hi\nBcc: x@y.io" } } }, "Invalid request: email_templates.billing.invitation.subject must be one line"],
        [
          { email_templates: { "billing.invitation": { subject: "Welcome {{customer.firstname}}" } } },
          "Invalid request: email_templates.billing.invitation.subject: unknown placeholder {{customer.firstname}}",
        ],
        [
          { email_templates: { "billing.payment_receipt": { html: "<p>{{payment.amount}} paid, thanks {{ first name }}</p>" } } },
          "Invalid request: email_templates.billing.payment_receipt.html: unknown placeholder {{ first name }}",
        ],
        [
          { email_templates: { "billing.invitation": { text: "Pay here: {{payment_url}}" } } },
          "Invalid request: email_templates.billing.invitation.text: unknown placeholder {{payment_url}}",
        ],
      ]
      for (const [body, message] of cases) {
        const res = await save(body)
        expect({ body, status: res.status, message: res.data.message }).toEqual({ body, status: 400, message })
      }
      expect(await read()).toEqual(DEFAULT_PORTAL_SETTINGS)
    })

    it("home content is sanitised: no script, event handler or javascript: URL survives", async () => {
      const res = await save({
        home_content:
          '<h2 onclick="steal()">Spring clean-ups</h2><script>alert(document.cookie)</script>' +
          '<p style="color: #2563eb; position: fixed">Book <a href="javascript:alert(1)">now</a> or ' +
          '<a href="https://greenleaf.example/book" target="_blank">online</a>.</p>' +
          '<img src="https://cdn.example.com/lawn.jpg" onerror="alert(1)" alt="Lawn">' +
          '<iframe src="https://evil.example.com/x"></iframe>' +
          '<iframe src="https://www.youtube.com/embed/abc123" width="560"></iframe><form action="/x"><input name="p"></form>',
      })
      expect(res.status).toBe(200)
      expect(res.data.settings.home_content).toBe(
        "<h2>Spring clean-ups</h2>" +
          '<p style="color:#2563eb">Book <a>now</a> or ' +
          '<a href="https://greenleaf.example/book" target="_blank" rel="noopener noreferrer">online</a>.</p>' +
          '<img src="https://cdn.example.com/lawn.jpg" alt="Lawn" />' +
          '<iframe src="https://www.youtube.com/embed/abc123" width="560"></iframe>'
      )
      const account = await store("get", "/store/billing/account", jane)
      expect(account.data.account.settings.home_content).toBe(res.data.settings.home_content)
    })

    it("template overrides: saved part by part, checked on save, null restores the default", async () => {
      const saved = await save({
        email_templates: {
          "billing.invitation": { subject: "Welcome to {{business_name}}, {{customer.first_name}}" },
          "billing.ach_failed": { html: "<p>Sorry {{customer.name}}, {{payment.amount}} {{payment.currency}} failed.</p>" },
        },
      })
      expect(saved.status).toBe(200)
      const more = await save({ email_templates: { "billing.invitation": { html: '<p><a href="{{activation_url}}">Start</a></p>' } } })
      expect(more.data.settings.email_templates).toEqual({
        "billing.invitation": {
          subject: "Welcome to {{business_name}}, {{customer.first_name}}",
          html: '<p><a href="{{activation_url}}">Start</a></p>',
        },
        "billing.ach_failed": { html: "<p>Sorry {{customer.name}}, {{payment.amount}} {{payment.currency}} failed.</p>" },
      })
      const reset = await save({ email_templates: { "billing.invitation": { subject: null }, "billing.ach_failed": null } })
      expect(reset.data.settings.email_templates).toEqual({
        "billing.invitation": { html: '<p><a href="{{activation_url}}">Start</a></p>' },
      })
      expect((await read()).email_templates).toEqual(reset.data.settings.email_templates)
    })

    it("a failing later step restores the stored settings exactly (or removes the first row)", async () => {
      const failing = async (patch: Record<string, unknown>) => {
        const { errors } = await saveThenFail(getContainer()).run({ input: { patch }, throwOnError: false })
        expect(errors.map((e: any) => e.error?.message)).toEqual(["a later step failed"])
      }
      // nothing stored yet: the row the step created goes again
      await failing({ business_name: "Never saved" })
      expect(await read()).toEqual(DEFAULT_PORTAL_SETTINGS)
      const rows = await getContainer().resolve<any>("portal").listPortalSettings({})
      expect(rows).toHaveLength(0)

      const saved = (
        await save({ business_name: "Greenleaf", email_templates: { "billing.invitation": { subject: "Hi {{customer.first_name}}" } } })
      ).data.settings
      await failing({
        business_name: "Other",
        tabs: { history: false },
        email_templates: { "billing.invitation": null, "billing.ach_failed": { subject: "Failed {{payment.amount}}" } },
      })
      expect(await read()).toEqual(saved)
    })

    it("sends a test email: saved template, sample data for every placeholder, escaped, one notification per click", async () => {
      await save({
        business_name: "Greenleaf & Sons",
        support_email: "billing@greenleaf.example",
        email_templates: {
          "billing.payment_receipt": {
            subject: "{{business_name}}: receipt {{payment.transaction_id}}",
            html: "<p>Thanks {{customer.name}} — {{payment.amount}} {{payment.currency}}</p>{{payment.allocations}}<p>{{support_email}}</p>",
          },
        },
      })
      const res = await settle(
        api.post("/admin/billing/settings/test-email", { template: "billing.payment_receipt", to: "owner@greenleaf.example" }, admin)
      )
      expect(res.status).toBe(200)
      expect(res.data).toEqual({ sent: true, template: "billing.payment_receipt", to: "owner@greenleaf.example" })

      const [sent] = await notifications("billing.payment_receipt")
      expect(sent).toMatchObject({ to: "owner@greenleaf.example", channel: "email", template: "billing.payment_receipt" })
      expect(sent.data.subject).toBe("Greenleaf & Sons: receipt txn_3QK8Z2EXAMPLE")
      expect(sent.data.html).toBe(
        "<p>Thanks Jane Cooper — 245.50 USD</p>" +
          "<ul><li>INV-000123: 120.00 USD</li><li>INV-000131: 125.50 USD</li></ul>" +
          "<p>billing@greenleaf.example</p>"
      )
      // the text was not rewritten: derived from the saved HTML
      expect(sent.data.text).toBe(
        "Thanks Jane Cooper — 245.50 USD\n- INV-000123: 120.00 USD\n- INV-000131: 125.50 USD\nbilling@greenleaf.example\n"
      )

      // a default template: the business name is escaped in HTML
      await settle(api.post("/admin/billing/settings/test-email", { template: "billing.invitation", to: "owner@greenleaf.example" }, admin))
      await settle(api.post("/admin/billing/settings/test-email", { template: "billing.invitation", to: "owner@greenleaf.example" }, admin))
      const invitations = await notifications("billing.invitation")
      expect(invitations).toHaveLength(2)
      expect(invitations[0].data.subject).toBe("Your Greenleaf & Sons billing portal")
      expect(invitations[0].data.html).toContain("<p>Hi Jane,</p><p>Greenleaf &amp; Sons invites you")
      expect(invitations[0].data.html).toContain('href="https://shop.example.com/billing/activate#invitation=sample-token"')
      expect(invitations[0].data.html).not.toMatch(/\{\{/)

      const bad: [unknown, string][] = [
        [{ template: "billing.nope", to: "a@b.io" }, `Invalid request: template must be one of: ${EMAIL_TEMPLATE_IDS.join(", ")}`],
        [{ template: "billing.invitation", to: "not-an-email" }, "Invalid request: to must be a valid email address"],
        [{ template: "billing.invitation" }, "Invalid request: Field 'to' is required"],
        [{ template: "billing.invitation", to: "a@b.io", cc: "c@d.io" }, "Invalid request: Unrecognized fields: 'cc'"],
      ]
      for (const [body, message] of bad) {
        const r = await settle(api.post("/admin/billing/settings/test-email", body, admin))
        expect({ body, status: r.status, message: r.data.message }).toEqual({ body, status: 400, message })
      }
      expect(await notifications("billing.invitation")).toHaveLength(2)
    })

    it("the store account carries the public settings, never templates or recipients", async () => {
      await save({
        business_name: "Greenleaf",
        recipients: { service_notes: ["office@greenleaf.example"] },
        email_templates: { "billing.invitation": { subject: "Private subject {{business_name}}" } },
        autopay: { allowed: true },
        allow_prepayment: true,
      })
      const res = await store("get", "/store/billing/account", jane)
      expect(res.status).toBe(200)
      const settings = res.data.account.settings
      expect(settings).toEqual({
        business_name: "Greenleaf",
        support_email: null,
        logins_enabled: true,
        tabs: DEFAULT_PORTAL_SETTINGS.tabs,
        payment_methods: ["card", "us_bank_account"],
        allow_partial_payments: false,
        allow_prepayment: true,
        minimum_payment: "0",
        autopay: { ...DEFAULT_PORTAL_SETTINGS.autopay, allowed: true },
        history: DEFAULT_PORTAL_SETTINGS.history,
        theme: DEFAULT_PORTAL_SETTINGS.theme,
        home_content: "",
        payment_terms_text: "",
      })
      expect(JSON.stringify(res.data)).not.toContain("office@greenleaf.example")
      expect(JSON.stringify(res.data)).not.toContain("Private subject")
    })

    it("a tab switched off closes its routes with 403 and a message; switched on again they reopen", async () => {
      const previewBody = { mode: "total_balance", currency_code: "usd" }
      const expectOpen = async () => {
        expect((await store("get", "/store/billing/invoices", jane)).status).toBe(200)
        expect((await store("get", `/store/billing/invoices/${janeInvoiceId}`, jane)).status).toBe(200)
        expect((await store("get", "/store/billing/history", jane)).status).toBe(200)
        expect((await store("post", "/store/billing/payments/preview", jane, previewBody)).status).toBe(200)
        expect((await store("get", "/store/billing/payments", jane)).status).toBe(200)
      }
      await expectOpen()
      // the second customer never sees the first one's invoice
      expect((await store("get", `/store/billing/invoices/${janeInvoiceId}`, other)).status).toBe(404)

      await save({ tabs: { invoices: false, history: false, payments: false } })
      const closed = (tab: string) => ({ type: "not_allowed", message: `The ${tab} section of the billing portal is disabled` })
      const requests: [("get" | "post"), string, unknown, string, Who?][] = [
        ["get", "/store/billing/invoices", undefined, "Invoices"],
        ["get", `/store/billing/invoices/${janeInvoiceId}`, undefined, "Invoices"],
        ["get", `/store/billing/invoices/${janeInvoiceId}`, undefined, "Invoices", other],
        ["get", "/store/billing/history", undefined, "History"],
        ["post", "/store/billing/payments/preview", previewBody, "Payments"],
        // closed before the body is even validated
        ["post", "/store/billing/payments", { nonsense: true }, "Payments"],
        ["get", "/store/billing/payments", undefined, "Payments"],
      ]
      for (const [method, path, body, tab, who] of requests) {
        const res = await store(method, path, who ?? jane, body)
        expect({ path, status: res.status, body: res.data }).toEqual({ path, status: 403, body: closed(tab) })
      }
      // the account stays open: it carries what the storefront needs to render the portal
      const account = await store("get", "/store/billing/account", jane)
      expect(account.status).toBe(200)
      expect(account.data.account.settings.tabs).toMatchObject({ invoices: false, history: false, payments: false })

      // receipts stay readable while history is on, even with payments off
      await save({ tabs: { history: true } })
      expect((await store("get", "/store/billing/payments", jane)).status).toBe(200)
      expect((await store("post", "/store/billing/payments/preview", jane, previewBody)).data).toEqual(closed("Payments"))

      await save({ tabs: { invoices: true, payments: true } })
      await expectOpen()
    })

    it("logins disabled: every store billing route needing a login answers 403; enabled again they work", async () => {
      await save({ logins_enabled: false })
      const refused = { type: "not_allowed", message: "Portal logins are disabled" }
      for (const [method, path] of [
        ["get", "/store/billing/account"],
        ["get", "/store/billing/invoices"],
        ["get", `/store/billing/invoices/${janeInvoiceId}`],
        ["get", "/store/billing/history"],
        ["post", "/store/billing/payments/preview"],
        ["post", "/store/billing/payments"],
        ["get", "/store/billing/payments"],
      ] as const) {
        const res = await store(method, path, jane, method === "post" ? { mode: "total_balance", currency_code: "usd" } : undefined)
        expect({ path, status: res.status, body: res.data }).toEqual({ path, status: 403, body: refused })
      }
      // without a login at all it is still a 401
      expect((await settle(api.get("/store/billing/account", { headers: { "x-publishable-api-key": jane.headers["x-publishable-api-key"] } }))).status).toBe(401)

      await save({ logins_enabled: true })
      expect((await store("get", "/store/billing/account", jane)).status).toBe(200)
      expect((await store("get", "/store/billing/invoices", other)).data.invoices).toEqual([])
    })

    it("the preview refuses a payment method the portal does not offer, like the payment", async () => {
      await save({ payment_methods: ["card"] })
      const body = { mode: "total_balance", currency_code: "usd", payment_method: { type: "us_bank_account" } }
      const preview = await store("post", "/store/billing/payments/preview", jane, body)
      expect(preview.status).toBe(400)
      expect(preview.data.message).toBe("payment_method.type: us_bank_account payments are not offered")
      const ok = await store("post", "/store/billing/payments/preview", jane, { ...body, payment_method: { type: "card" } })
      expect(ok.status).toBe(200)
      expect(ok.data.preview.amount).toBe(80)
    })
  },
})
