import {
  DEFAULT_EMAIL_TEMPLATES,
  EMAIL_TEMPLATE_LABELS,
  EMAIL_TEMPLATE_PLACEHOLDERS,
  effectiveEmailTemplate,
  findUnknownPlaceholders,
  htmlTemplateToText,
  listPlaceholders,
  renderEmail,
  sampleEmailVars,
} from "../email-templates"
import { EMAIL_TEMPLATE_IDS } from "../portal-settings"

describe("email templates", () => {
  it("every template id has a default, a label and a placeholder list", () => {
    for (const id of EMAIL_TEMPLATE_IDS) {
      expect(DEFAULT_EMAIL_TEMPLATES[id]).toEqual({
        subject: expect.any(String),
        html: expect.any(String),
        text: expect.any(String),
      })
      expect(EMAIL_TEMPLATE_LABELS[id].label).toEqual(expect.any(String))
      expect(EMAIL_TEMPLATE_PLACEHOLDERS[id].length).toBeGreaterThan(0)
    }
    expect(Object.keys(DEFAULT_EMAIL_TEMPLATES).sort()).toEqual([...EMAIL_TEMPLATE_IDS].sort())
  })

  it("the defaults only use their template's documented placeholders", () => {
    for (const id of EMAIL_TEMPLATE_IDS) {
      expect({ id, unknown: findUnknownPlaceholders(id, DEFAULT_EMAIL_TEMPLATES[id]) }).toEqual({ id, unknown: [] })
    }
  })

  it("the invoice email documents its invoice placeholders with samples, and its default uses them", () => {
    const docs = EMAIL_TEMPLATE_PLACEHOLDERS["billing.invoice_issued"]
    const names = docs.map((d) => d.name)
    for (const name of [
      "invoice.number",
      "invoice.total",
      "invoice.amount_due",
      "invoice.currency",
      "invoice.issued_date",
      "invoice.due_date",
      "invoice.lines",
      "invoice.notes",
      "invoice_url",
      "payment_url",
      "business_name",
      "support_email",
      "portal_url",
      "customer.first_name",
      "customer.name",
    ]) {
      expect({ name, documented: names.includes(name) }).toEqual({ name, documented: true })
    }
    expect(docs.find((d) => d.name === "invoice.number")!.sample).toBe("INV-000123")
    expect(Array.isArray(docs.find((d) => d.name === "invoice.lines")!.sample)).toBe(true)
    const used = new Set(
      (["subject", "html", "text"] as const).flatMap((part) => listPlaceholders(DEFAULT_EMAIL_TEMPLATES["billing.invoice_issued"][part]))
    )
    expect([...used].sort()).toEqual(
      [
        "business_name",
        "customer.first_name",
        "invoice.amount_due",
        "invoice.currency",
        "invoice.due_date",
        "invoice.issued_date",
        "invoice.lines",
        "invoice.notes",
        "invoice.number",
        "invoice.total",
        "invoice_url",
        "payment_url",
      ].sort()
    )
    // invoice placeholders belong to the invoice email only
    expect(findUnknownPlaceholders("billing.payment_receipt", { text: "{{invoice.number}}" })).toEqual([
      { template: "billing.payment_receipt", part: "text", placeholder: "invoice.number" },
    ])
    // the test email renders it with the samples
    const sample = renderEmail(DEFAULT_EMAIL_TEMPLATES["billing.invoice_issued"], sampleEmailVars("billing.invoice_issued"))
    expect(sample.subject).toBe("Invoice INV-000123 from Greenleaf Lawn Care — 245.50 USD due April 2, 2026")
    expect(sample.html).toContain('href="https://shop.example.com/account/billing/invoices/inv_01JEXAMPLE"')
    expect(sample.html).not.toMatch(/\{\{/)
  })

  it("lists the distinct placeholders of a part in order", () => {
    expect(listPlaceholders("Hi {{customer.first_name}}, {{ portal_url }} and {{customer.first_name}} again")).toEqual([
      "customer.first_name",
      "portal_url",
    ])
    expect(listPlaceholders("no placeholders {single} {{}}")).toEqual([])
  })

  it("reports unknown and malformed placeholders with their part, once each", () => {
    expect(
      findUnknownPlaceholders("billing.invitation", {
        subject: "Welcome {{customer.firstname}}",
        html: "<p>{{ first name }}</p><a href='{{activation_url}}'>go</a> {{reset_url}} {{reset_url}}",
        text: null,
      })
    ).toEqual([
      { template: "billing.invitation", part: "subject", placeholder: "customer.firstname" },
      { template: "billing.invitation", part: "html", placeholder: "{{ first name }}" },
      { template: "billing.invitation", part: "html", placeholder: "reset_url" },
    ])
    // reset_url is documented for the password reset, not for the invitation
    expect(findUnknownPlaceholders("billing.password_reset", { html: "{{reset_url}}" })).toEqual([])
    // a payment placeholder belongs to payment templates only
    expect(findUnknownPlaceholders("billing.invitation", { text: "{{payment.amount}}" })).toEqual([
      { template: "billing.invitation", part: "text", placeholder: "payment.amount" },
    ])
  })

  it("escapes values in HTML, not in text, and renders lists and missing values", () => {
    const template = {
      subject: "Hi {{customer.first_name}}",
      html: '<p>Hi {{customer.first_name}}</p><a href="{{portal_url}}">x</a>{{payment.allocations}}{{missing}}',
      text: "Hi {{customer.first_name}}\n{{payment.allocations}}{{missing}}",
    }
    const out = renderEmail(template, {
      customer: { first_name: `<script>alert("x")</script> & 'co'` },
      portal_url: 'https://x.test/?a=1&b="2"',
      payment: { allocations: ["INV-1: <b>10</b>", "INV-2: 5"] },
    })
    expect(out.html).toBe(
      "<p>Hi &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;</p>" +
        '<a href="https://x.test/?a=1&amp;b=&quot;2&quot;">x</a>' +
        "<ul><li>INV-1: &lt;b&gt;10&lt;/b&gt;</li><li>INV-2: 5</li></ul>"
    )
    expect(out.text).toBe(`Hi <script>alert("x")</script> & 'co'\n- INV-1: <b>10</b>\n- INV-2: 5`)
    expect(out.subject).toBe(`Hi <script>alert("x")</script> & 'co'`)
  })

  it("keeps a rendered subject on one line and never reads inherited properties", () => {
    const out = renderEmail({ subject: "Re: {{request.subject}}", html: "{{constructor}}{{customer.__proto__}}", text: "" }, {
      request: { subject: "a\r\nBcc: evil@example.com" },
      customer: {},
    })
    expect(out.subject).toBe("Re: a Bcc: evil@example.com")
    expect(out.html).toBe("")
  })

  it("sample data fills every documented placeholder of every template", () => {
    for (const id of EMAIL_TEMPLATE_IDS) {
      const vars = sampleEmailVars(id)
      for (const doc of EMAIL_TEMPLATE_PLACEHOLDERS[id]) {
        const rendered = renderEmail({ subject: `{{${doc.name}}}`, html: "", text: "" }, vars).subject
        expect({ id, name: doc.name, empty: rendered.trim() === "" }).toEqual({ id, name: doc.name, empty: false })
      }
    }
  })

  it("an override replaces the default part by part; rewritten HTML without text gets a text version", () => {
    const defaults = DEFAULT_EMAIL_TEMPLATES["billing.invitation"]
    expect(effectiveEmailTemplate("billing.invitation", undefined)).toEqual(defaults)
    expect(effectiveEmailTemplate("billing.invitation", { subject: "Join us" })).toEqual({ ...defaults, subject: "Join us" })
    expect(
      effectiveEmailTemplate("billing.invitation", {
        html: '<h1>Welcome</h1><p>Hi {{customer.first_name}},<br>click <a href="{{activation_url}}">here</a> &amp; pay.</p><ul><li>one</li></ul>',
      })
    ).toEqual({
      subject: defaults.subject,
      html: '<h1>Welcome</h1><p>Hi {{customer.first_name}},<br>click <a href="{{activation_url}}">here</a> &amp; pay.</p><ul><li>one</li></ul>',
      text: "Welcome\n\nHi {{customer.first_name}},\nclick here ({{activation_url}}) & pay.\n- one\n",
    })
    expect(effectiveEmailTemplate("billing.invitation", { html: "<p>x</p>", text: "plain" }).text).toBe("plain")
  })

  it("turns HTML into text without scripts or styles", () => {
    expect(htmlTemplateToText("<style>p{color:red}</style><p>A</p><script>x()</script><p>B &lt;3</p>")).toBe("A\n\nB <3\n")
  })
})
