import { AdminUpdatePortalSettings } from "../validators"

const BUILT_INS = ["toString", "constructor", "valueOf", "hasOwnProperty", "isPrototypeOf", "__proto__"]

describe("AdminUpdatePortalSettings: keys named after Object.prototype members", () => {
  it.each(["tabs", "autopay", "history", "theme", "recipients"])("are not settings under %s", (section) => {
    for (const key of BUILT_INS) {
      const result = AdminUpdatePortalSettings.safeParse(JSON.parse(`{"${section}":{"${key}":true}}`))
      expect({ key, success: result.success }).toEqual({ key, success: false })
      expect(result.error!.issues.map((i) => i.message)).toEqual([`${section}.${key} is not a setting`])
    }
  })
})

describe("AdminUpdatePortalSettings: email_on_issue", () => {
  it("takes true or false, nothing else", () => {
    expect(AdminUpdatePortalSettings.parse({ email_on_issue: false })).toEqual({ email_on_issue: false })
    expect(AdminUpdatePortalSettings.parse({ email_on_issue: true })).toEqual({ email_on_issue: true })
    for (const value of ["false", 0, null, "yes"]) {
      const result = AdminUpdatePortalSettings.safeParse({ email_on_issue: value })
      expect({ value, success: result.success }).toEqual({ value, success: false })
    }
  })

  it("pay_links_allowed takes true or false, nothing else", () => {
    expect(AdminUpdatePortalSettings.parse({ pay_links_allowed: false })).toEqual({ pay_links_allowed: false })
    expect(AdminUpdatePortalSettings.parse({ pay_links_allowed: true })).toEqual({ pay_links_allowed: true })
    for (const value of ["false", 0, null, "yes"]) {
      const result = AdminUpdatePortalSettings.safeParse({ pay_links_allowed: value })
      expect({ value, success: result.success }).toEqual({ value, success: false })
    }
  })

  it("an invoice-issued template override is checked against its own placeholders", () => {
    const ok = AdminUpdatePortalSettings.safeParse({
      email_templates: { "billing.invoice_issued": { subject: "{{invoice.number}}: {{invoice.amount_due}} due {{invoice.due_date}}" } },
    })
    expect(ok.success).toBe(true)
    const bad = AdminUpdatePortalSettings.safeParse({
      email_templates: { "billing.invoice_issued": { text: "Pay {{payment.amount}} at {{invoice.url}}" } },
    })
    expect(bad.error!.issues.map((i) => i.message)).toEqual([
      "email_templates.billing.invoice_issued.text: unknown placeholder {{payment.amount}}",
      "email_templates.billing.invoice_issued.text: unknown placeholder {{invoice.url}}",
    ])
  })
})
