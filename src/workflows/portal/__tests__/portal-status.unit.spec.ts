import { activationUrl, humanDate, portalStatus, resetPasswordUrl, sameEmail } from "../portal-status"

const NOW = new Date("2026-06-15T12:00:00Z")
const later = new Date("2026-06-16T12:00:00Z")
const earlier = new Date("2026-06-14T12:00:00Z")

describe("portalStatus", () => {
  it.each([
    ["has an account", true, { email: "sam@test.dev", expires_at: later, accepted_at: null, revoked_at: null }, "active"],
    ["has an account, no invitation", true, null, "active"],
    ["never invited", false, null, "none"],
    ["open invitation", false, { email: "sam@test.dev", expires_at: later, accepted_at: null, revoked_at: null }, "invited"],
    ["expired invitation", false, { email: "sam@test.dev", expires_at: earlier, accepted_at: null, revoked_at: null }, "invitation_expired"],
    ["expires exactly now", false, { email: "sam@test.dev", expires_at: NOW, accepted_at: null, revoked_at: null }, "invitation_expired"],
    ["revoked invitation", false, { email: "sam@test.dev", expires_at: later, accepted_at: null, revoked_at: earlier }, "none"],
    ["accepted, login since removed", false, { email: "sam@test.dev", expires_at: later, accepted_at: earlier, revoked_at: null }, "none"],
    ["open invitation, email since changed in case only", false, { email: "Sam@Test.dev", expires_at: later, accepted_at: null, revoked_at: null }, "invited"],
    ["expired invitation, same address in another case", false, { email: "SAM@test.dev", expires_at: earlier, accepted_at: null, revoked_at: null }, "invitation_expired"],
    ["open invitation to an address the customer no longer has", false, { email: "sam.old@test.dev", expires_at: later, accepted_at: null, revoked_at: null }, "none"],
    ["expired invitation to an old address", false, { email: "sam.old@test.dev", expires_at: earlier, accepted_at: null, revoked_at: null }, "none"],
  ] as const)("%s", (_name, hasAccount, latest, expected) => {
    expect(portalStatus({ has_account: hasAccount, email: "sam@test.dev" }, latest as any, NOW)).toBe(expected)
  })

  it("a customer without an email has no invitation that counts", () => {
    expect(portalStatus({ has_account: false, email: null }, { email: "sam@test.dev", expires_at: later, accepted_at: null, revoked_at: null }, NOW)).toBe("none")
    expect(portalStatus({ has_account: true, email: null }, null, NOW)).toBe("active")
  })

  it("compares emails without case", () => {
    expect(sameEmail("Jane.Doe@Example.com", "jane.doe@example.com")).toBe(true)
    expect(sameEmail("jane@example.com", "jane.doe@example.com")).toBe(false)
    expect(sameEmail(null, null)).toBe(false)
    expect(sameEmail("", "")).toBe(false)
  })

  it("is disabled while the admin has the customer's portal access off, whatever the login and invitation say", () => {
    expect(portalStatus({ has_account: true, email: "sam@test.dev" }, null, NOW, true)).toBe("disabled")
    expect(portalStatus({ has_account: false, email: "sam@test.dev" }, { email: "sam@test.dev", expires_at: later, accepted_at: null, revoked_at: null }, NOW, true)).toBe("disabled")
    expect(portalStatus({ has_account: false, email: "sam@test.dev" }, null, NOW, true)).toBe("disabled")
  })
})

describe("links", () => {
  it("opens the portal's activation and reset pages with the token in the fragment, keeping the portal's query", () => {
    expect(activationUrl("https://shop.example.com/account/billing", "abc_-1")).toBe(
      "https://shop.example.com/account/billing/activate#invitation=abc_-1"
    )
    expect(activationUrl("https://shop.example.com/portal/?lang=en#old", "t")).toBe(
      "https://shop.example.com/portal/activate?lang=en#invitation=t"
    )
    expect(resetPasswordUrl("https://shop.example.com/billing", "a.b.c", "sam+1@example.com")).toBe(
      "https://shop.example.com/billing/reset-password#token=a.b.c&email=sam%2B1%40example.com"
    )
    // a relative portalUrl (not a URL) is still extended the same way
    expect(activationUrl("/billing/?x=1", "t/1")).toBe("/billing/activate?x=1#invitation=t%2F1")
  })

  it("spells dates out in UTC", () => {
    expect(humanDate(new Date("2026-06-18T12:00:00Z"))).toBe("June 18, 2026 at 12:00 PM UTC")
  })
})
