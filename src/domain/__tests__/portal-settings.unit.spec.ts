import {
  DEFAULT_PORTAL_SETTINGS,
  mergeSettings,
  nextTermsVersion,
  publicPortalSettings,
  resolvePortalSettings,
  withTermsVersionBump,
} from "../portal-settings"

describe("portal settings", () => {
  it("resolves a missing or partial document to complete settings", () => {
    expect(resolvePortalSettings(null)).toEqual(DEFAULT_PORTAL_SETTINGS)
    const resolved = resolvePortalSettings({ tabs: { history: false }, theme: { primary_color: "#000" } })
    expect(resolved.tabs).toEqual({ ...DEFAULT_PORTAL_SETTINGS.tabs, history: false })
    expect(resolved.theme).toEqual({ ...DEFAULT_PORTAL_SETTINGS.theme, primary_color: "#000" })
    expect(resolved.autopay).toEqual(DEFAULT_PORTAL_SETTINGS.autopay)
  })

  it("email_on_issue: on by default, on for a document stored before the setting existed, off only when saved off", () => {
    expect(DEFAULT_PORTAL_SETTINGS.email_on_issue).toBe(true)
    const older = { business_name: "Acme", tabs: { history: false }, email_templates: { "billing.invitation": { subject: "S" } } }
    expect(resolvePortalSettings(older).email_on_issue).toBe(true)
    expect(resolvePortalSettings({ ...older, email_on_issue: false }).email_on_issue).toBe(false)
    expect(mergeSettings(resolvePortalSettings({ email_on_issue: false }), { business_name: "Other" }).email_on_issue).toBe(false)
    expect(mergeSettings(resolvePortalSettings({ email_on_issue: false }), { email_on_issue: true }).email_on_issue).toBe(true)
    // not for the storefront: it only decides what the business sends
    expect(publicPortalSettings(DEFAULT_PORTAL_SETTINGS)).not.toHaveProperty("email_on_issue")
  })

  it("pay_links_allowed: on by default and for an older document, off only when saved off, never public", () => {
    expect(DEFAULT_PORTAL_SETTINGS.pay_links_allowed).toBe(true)
    expect(resolvePortalSettings({ business_name: "Acme", email_on_issue: false }).pay_links_allowed).toBe(true)
    expect(resolvePortalSettings({ pay_links_allowed: false }).pay_links_allowed).toBe(false)
    expect(mergeSettings(resolvePortalSettings({ pay_links_allowed: false }), { email_on_issue: true }).pay_links_allowed).toBe(false)
    expect(mergeSettings(resolvePortalSettings({ pay_links_allowed: false }), { pay_links_allowed: true }).pay_links_allowed).toBe(true)
    expect(publicPortalSettings(DEFAULT_PORTAL_SETTINGS)).not.toHaveProperty("pay_links_allowed")
  })

  it("merges objects key by key, replaces lists and values, drops unknown keys", () => {
    const base = resolvePortalSettings({ payment_methods: ["card", "us_bank_account"], recipients: { service_notes: ["a@x.io"] } })
    const next = mergeSettings(base, {
      payment_methods: ["card"],
      recipients: { service_requests: ["b@x.io"] },
      autopay: { allowed: true },
      business_name: null,
      sneaky: true,
      theme: { sneaky: "x" },
    })
    expect(next.payment_methods).toEqual(["card"])
    expect(next.recipients).toEqual({ service_notes: ["a@x.io"], service_requests: ["b@x.io"] })
    expect(next.autopay).toEqual({ ...DEFAULT_PORTAL_SETTINGS.autopay, allowed: true })
    expect(next.business_name).toBeNull()
    expect(next).not.toHaveProperty("sneaky")
    expect(next.theme).not.toHaveProperty("sneaky")
    // the base is not mutated
    expect(base.payment_methods).toEqual(["card", "us_bank_account"])
  })

  it("merges template overrides part by part; null removes a part or a whole override", () => {
    let s = mergeSettings(DEFAULT_PORTAL_SETTINGS, { email_templates: { "billing.invitation": { subject: "S" } } })
    s = mergeSettings(s, { email_templates: { "billing.invitation": { html: "<p>H</p>" }, "billing.ach_failed": { text: "T" } } })
    expect(s.email_templates).toEqual({
      "billing.invitation": { subject: "S", html: "<p>H</p>" },
      "billing.ach_failed": { text: "T" },
    })
    s = mergeSettings(s, { email_templates: { "billing.invitation": { subject: null }, "billing.ach_failed": null } })
    expect(s.email_templates).toEqual({ "billing.invitation": { html: "<p>H</p>" } })
    s = mergeSettings(s, { email_templates: { "billing.invitation": { html: null } } })
    expect(s.email_templates).toEqual({})
    expect(DEFAULT_PORTAL_SETTINGS.email_templates).toEqual({})
  })

  it("a stored document with cleared overrides resolves without them", () => {
    expect(resolvePortalSettings({ email_templates: { "billing.invitation": null } }).email_templates).toEqual({})
  })

  it("the public part carries what the storefront renders and never templates or recipients", () => {
    const settings = resolvePortalSettings({
      business_name: "Acme",
      recipients: { service_notes: ["office@acme.io"] },
      email_templates: { "billing.invitation": { subject: "secret" } },
    })
    const pub = publicPortalSettings(settings)
    expect(Object.keys(pub).sort()).toEqual(
      [
        "allow_partial_payments",
        "allow_prepayment",
        "autopay",
        "business_name",
        "history",
        "home_content",
        "logins_enabled",
        "minimum_payment",
        "payment_methods",
        "payment_terms_text",
        "support_email",
        "tabs",
        "theme",
      ].sort()
    )
    expect(pub.autopay).toEqual(settings.autopay)
    expect(JSON.stringify(pub)).not.toContain("office@acme.io")
    expect(JSON.stringify(pub)).not.toContain("secret")
  })

  it("bumps the terms version when only the terms text changes", () => {
    expect(nextTermsVersion("1")).toBe("2")
    expect(nextTermsVersion("2024-09")).toBe("2024-10")
    expect(nextTermsVersion("v-beta")).toBe("v-beta.1")
    const current = DEFAULT_PORTAL_SETTINGS
    expect(withTermsVersionBump(current, { autopay: { terms_text: "New words" } })).toEqual({
      autopay: { terms_text: "New words", terms_version: "2" },
    })
    expect(withTermsVersionBump(current, { autopay: { terms_text: "New words", terms_version: "7" } })).toEqual({
      autopay: { terms_text: "New words", terms_version: "7" },
    })
    expect(withTermsVersionBump(current, { autopay: { terms_text: current.autopay.terms_text } })).toEqual({
      autopay: { terms_text: current.autopay.terms_text },
    })
    expect(withTermsVersionBump(current, { tabs: { home: false } } as any)).toEqual({ tabs: { home: false } })
  })

  it("ignores stored keys named after Object.prototype members, in every section and the template map", () => {
    const stored = JSON.parse(
      JSON.stringify({
        toString: "x",
        business_name: "Acme",
        tabs: { invoices: false, toString: true, hasOwnProperty: { x: 1 }, constructor: 1 },
        autopay: { valueOf: 1, isPrototypeOf: 2 },
        theme: { primary_color: "#000000", propertyIsEnumerable: "x" },
        recipients: { toLocaleString: ["a@b.io"] },
        email_templates: { toString: { subject: "x" }, "billing.invitation": { subject: "S", valueOf: "v" } },
      })
    )
    // an own "__proto__" key, as JSON.parse makes it (an assignment would set the prototype)
    stored.tabs = { ...stored.tabs, ...JSON.parse('{"__proto__": {"payments": false}}') }
    const settings = resolvePortalSettings(stored)
    expect(settings).toEqual({
      ...DEFAULT_PORTAL_SETTINGS,
      business_name: "Acme",
      tabs: { ...DEFAULT_PORTAL_SETTINGS.tabs, invoices: false },
      theme: { ...DEFAULT_PORTAL_SETTINGS.theme, primary_color: "#000000" },
      email_templates: { "billing.invitation": { subject: "S" } },
    })
    expect(Object.getPrototypeOf(settings.tabs)).toBe(Object.prototype)
    expect(JSON.stringify(publicPortalSettings(settings))).not.toMatch(/toString|hasOwnProperty|constructor|valueOf|isPrototypeOf/)
  })
})
