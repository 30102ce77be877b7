import type { Browser, Page } from "playwright-core"
import { BUSINESS, CUSTOMERS, SAM, SAM_BALANCE } from "./fixtures"
import { adminToken, baseUrl, portalUrl, seed } from "./support/app"
import { launchBrowser, newContext, screenshot, seriousA11yViolations, signIn, watchForPageErrors } from "./support/browser"

jest.setTimeout(120_000)

type Json = Record<string, any>

async function api(method: string, path: string, init: { token?: string; body?: unknown; store?: boolean } = {}) {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      accept: "application/json",
      ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.store ? { "x-publishable-api-key": seed.publishable_key } : {}),
    },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  })
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Json }
}

/** The newest stored email of a template to an address (GET /admin/notifications), waiting for its subscriber. */
async function newestEmail(to: string, template: string, after = 0): Promise<Json> {
  const admin = await adminToken()
  const deadline = Date.now() + 15_000
  while (Date.now() < deadline) {
    const { body } = await api("GET", `/admin/notifications?to=${encodeURIComponent(to)}&order=-created_at&limit=20&fields=id,template,data,created_at`, { token: admin })
    const found = (body.notifications ?? []).filter((n: Json) => n.template === template)
    if (found.length > after) return found[0]
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`no ${template} email to ${to} after 15 s`)
}

const h1 = (page: Page) => page.getByRole("heading", { level: 1 })

/** Journeys of the emailed links: an invitation activated, the used link again, a forgotten password reset. */
describe("activation and password reset from the emailed links", () => {
  let browser: Browser

  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it("Sam's invitation link: who he is, a password, Sign Up, signed in on Home; the same link again is expired", async () => {
    const admin = await adminToken()
    const found = await api("GET", `/admin/billing/portal-users?q=${encodeURIComponent(SAM.email)}`, { token: admin })
    const samId = found.body.portal_users?.[0]?.customer_id
    expect(samId).toEqual(expect.any(String))
    const invited = await api("POST", "/admin/billing/portal-users/invite", { token: admin, body: { customer_ids: [samId] } })
    expect(invited.status).toBe(200)
    expect(invited.body.invited).toHaveLength(1)

    const email = await newestEmail(SAM.email, "billing.invitation")
    const link: string = email.data.activation_url
    // the portal's activation page, the token in the fragment (never sent to a server)
    expect(link).toMatch(/^http:\/\/localhost:\d+\/billing\/activate#invitation=[A-Za-z0-9_-]{43}$/)
    const url = new URL(link)
    const opened = `${portalUrl("/activate")}${url.hash}`

    const context = await newContext(browser)
    const page = await context.newPage()
    const problems = watchForPageErrors(page)
    const requests: string[] = []
    page.on("request", (r) => {
      if (!/\/assets\//.test(r.url())) requests.push(`${r.method()} ${new URL(r.url()).pathname}`)
    })
    await page.goto(opened)
    await h1(page).filter({ hasText: "Welcome, Sam" }).waitFor()
    await page.getByText(`Create a password for ${SAM.email}`).waitFor()
    // the token left the address bar, and only the invitation routes saw it (in their X-Invitation-Token header)
    expect(new URL(page.url()).hash).toBe("")
    expect(new URL(page.url()).pathname).toBe("/billing/activate")
    const emailField = page.getByLabel("Email")
    expect(await emailField.inputValue()).toBe(SAM.email)
    expect(await emailField.getAttribute("readonly")).not.toBeNull()

    // errors next to the fields, before anything is sent
    await page.getByRole("button", { name: "Sign Up" }).click()
    await page.getByText("Enter a password").waitFor()
    await page.getByText("Enter the password again").waitFor()
    await page.getByLabel("Password", { exact: true }).fill("short")
    await page.getByLabel("Confirm password").fill("shorter")
    await page.getByRole("button", { name: "Sign Up" }).click()
    await page.getByText("Use at least 8 characters").waitFor()
    expect(await page.getByLabel("Password", { exact: true }).getAttribute("aria-describedby")).toBe("password-error")
    await page.getByLabel("Password", { exact: true }).fill(SAM.password)
    await page.getByRole("button", { name: "Sign Up" }).click()
    await page.getByText("The two passwords are not the same").waitFor()
    expect(requests.filter((r) => r.startsWith("POST"))).toEqual([])

    expect(await seriousA11yViolations(page)).toEqual([])
    await page.getByLabel("Confirm password").fill(SAM.password)
    await screenshot(page, "activate")

    await page.getByRole("button", { name: "Sign Up" }).click()
    // Home, signed in as Sam, with his balance
    await page.getByRole("heading", { level: 2, name: "Your balance" }).waitFor()
    expect(new URL(page.url()).pathname).toMatch(/^\/billing\/?$/)
    await h1(page).filter({ hasText: "Welcome, Sam" }).waitFor()
    await page.getByText(SAM_BALANCE).first().waitFor()
    const token = await page.evaluate(() => sessionStorage.getItem("medusa_billing_portal_token"))
    expect(token).toEqual(expect.any(String))
    expect(requests.filter((r) => r.startsWith("POST"))).toEqual(["POST /store/billing/invitation/accept"])
    // the token travels in its header: no URL the page asked for holds it (access logs keep URLs)
    expect(requests.filter((r) => r.includes(url.hash.split("=")[1]))).toEqual([])

    // what the server recorded: Sam has a login now, and it is his
    const me = await api("GET", "/store/customers/me", { token: token!, store: true })
    expect(me.body.customer).toMatchObject({ id: samId, email: SAM.email })
    const portalUsers = await api("GET", `/admin/billing/portal-users?q=${encodeURIComponent(SAM.email)}`, { token: admin })
    expect(portalUsers.body.portal_users[0]).toMatchObject({ customer_id: samId, portal_status: "active" })
    const login = await api("POST", "/auth/customer/emailpass", { body: { email: SAM.email, password: SAM.password } })
    expect(login.body.token).toEqual(expect.any(String))

    // the same link again, in another browser: expired, and how to get a new one
    const again = await newContext(browser, "phone")
    const second = await again.newPage()
    await second.goto(opened)
    await h1(second).filter({ hasText: "This invitation link has expired" }).waitFor()
    await second.getByRole("main").getByRole("link", { name: BUSINESS.support_email }).waitFor()
    expect(await second.getByRole("main").getByRole("link", { name: BUSINESS.support_email }).getAttribute("href")).toBe(`mailto:${BUSINESS.support_email}`)
    // and, as on every page, the business's address at the foot
    expect(await second.getByRole("contentinfo").getByRole("link", { name: BUSINESS.support_email }).count()).toBe(1)
    expect(new URL(second.url()).hash).toBe("")
    expect(await seriousA11yViolations(second)).toEqual([])
    await screenshot(second, "activate-expired")

    // a link without its token
    await second.goto(portalUrl("/activate"))
    await h1(second).filter({ hasText: "This link is incomplete" }).waitFor()

    expect(problems()).toEqual([])
    await context.close()
    await again.close()
  })

  it("Rita forgets her password: the same answer for any address, the emailed link, a new password, signed in with it", async () => {
    const rita = CUSTOMERS.rita
    const context = await newContext(browser)
    const page = await context.newPage()
    const problems = watchForPageErrors(page)
    const authCalls: string[] = []
    page.on("request", (r) => {
      if (r.url().includes("/auth/")) authCalls.push(`${r.method()} ${new URL(r.url()).pathname}`)
    })

    await page.goto(portalUrl("/sign-in"))
    await page.getByRole("link", { name: "Forgot password?" }).click()
    await h1(page).filter({ hasText: "Forgot your password?" }).waitFor()
    await page.getByRole("button", { name: "Email me a link" }).click()
    await page.getByText("Enter your email address").waitFor()
    expect(authCalls).toEqual([])

    // an address without a login gets the same answer
    await page.getByLabel("Email").fill("nobody@browser.test")
    await page.getByRole("button", { name: "Email me a link" }).click()
    await page.getByText("If an account exists for nobody@browser.test, we have sent it a link").waitFor()
    await page.getByRole("button", { name: "ask for another link" }).click()
    await page.getByLabel("Email").fill(rita.email)
    await page.getByRole("button", { name: "Email me a link" }).click()
    await page.getByText(`If an account exists for ${rita.email}, we have sent it a link`).waitFor()
    expect(authCalls).toEqual(["POST /auth/customer/emailpass/reset-password", "POST /auth/customer/emailpass/reset-password"])

    const email = await newestEmail(rita.email, "billing.password_reset")
    const link = new URL(email.data.reset_url)
    expect(link.pathname).toBe("/billing/reset-password")
    expect(link.search).toBe("")
    const fragment = new URLSearchParams(link.hash.slice(1))
    expect(fragment.get("email")).toBe(rita.email)

    await page.goto(`${portalUrl("/reset-password")}${link.hash}`)
    await h1(page).filter({ hasText: "Set a new password" }).waitFor()
    expect(new URL(page.url()).hash).toBe("")
    expect(await page.getByLabel("Email").inputValue()).toBe(rita.email)
    await page.getByLabel("New password", { exact: true }).fill("rita-new-pass-2")
    await page.getByLabel("Confirm new password").fill("rita-new-pass-3")
    await page.getByRole("button", { name: "Change password" }).click()
    await page.getByText("The two passwords are not the same").waitFor()
    await page.getByLabel("Confirm new password").fill("rita-new-pass-2")
    expect(await seriousA11yViolations(page)).toEqual([])
    await screenshot(page, "reset-password")
    await page.getByRole("button", { name: "Change password" }).click()

    await h1(page).filter({ hasText: "Sign in" }).waitFor()
    await page.getByText("Your password was changed").waitFor()
    expect(await page.getByLabel("Email").inputValue()).toBe(rita.email)
    // the old password no longer works; the new one does, in the portal
    expect((await api("POST", "/auth/customer/emailpass", { body: { email: rita.email, password: rita.password } })).status).toBe(401)
    await signIn(page, "rita", "rita-new-pass-2")
    await h1(page).filter({ hasText: "Welcome, Rita" }).waitFor()
    expect(problems()).toEqual([])
    await context.close()
  })

  it("an expired reset link offers 'Email me a new link', which fills the address in", async () => {
    const context = await newContext(browser, "phone")
    const page = await context.newPage()
    const rita = CUSTOMERS.rita
    await page.goto(`${portalUrl("/reset-password")}#token=not-a-valid-token&email=${encodeURIComponent(rita.email)}`)
    await page.getByLabel("New password", { exact: true }).fill("rita-new-pass-9")
    await page.getByLabel("Confirm new password").fill("rita-new-pass-9")
    await page.getByRole("button", { name: "Change password" }).click()
    await h1(page).filter({ hasText: "This link has expired" }).waitFor()
    expect(await seriousA11yViolations(page)).toEqual([])
    await screenshot(page, "reset-password-expired")
    await page.getByRole("button", { name: "Email me a new link" }).click()
    await h1(page).filter({ hasText: "Forgot your password?" }).waitFor()
    expect(await page.getByLabel("Email").inputValue()).toBe(rita.email)
    await context.close()
  })
})
