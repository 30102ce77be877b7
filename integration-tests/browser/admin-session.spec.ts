import type { Browser, BrowserContext, Page } from "playwright-core"
import { ADMIN } from "./fixtures"
import { baseUrl, customerToken } from "./support/app"
import { expectHome, launchBrowser, newContext, screenshot, signIn, signOut, watchForPageErrors } from "./support/browser"

jest.setTimeout(180_000)

/**
 * Journey (b): Medusa's admin and the hosted portal share one origin and so
 * one session cookie (connect.sid). A customer signing in to the portal in
 * another tab must leave the admin signed in: the portal authenticates with
 * a bearer token and never creates a session.
 */
describe("the admin and a customer in the same browser", () => {
  let browser: Browser
  let context: BrowserContext

  beforeAll(async () => {
    browser = await launchBrowser()
    context = await newContext(browser)
  })
  afterAll(async () => {
    await browser?.close()
  })

  const sessionCookie = async () => (await context.cookies()).find((c) => c.name === "connect.sid")?.value
  const adminMeStatus = (admin: Page) =>
    admin.evaluate(async () => (await fetch("/admin/users/me", { credentials: "include" })).status)

  async function expectAdminSignedIn(admin: Page) {
    await admin.reload()
    await admin.getByRole("heading", { level: 1, name: "Orders" }).waitFor()
    expect(new URL(admin.url()).pathname).toBe("/app/orders")
    expect(await adminMeStatus(admin)).toBe(200)
  }

  it("a customer signing in to the portal leaves the admin signed in to /app", async () => {
    const admin = await context.newPage()
    await admin.goto(`${baseUrl}/app/login`)
    await admin.getByPlaceholder("Email").fill(ADMIN.email)
    await admin.getByPlaceholder("Password").fill(ADMIN.password)
    await admin.getByRole("button", { name: "Continue with Email" }).click()
    await admin.getByRole("heading", { level: 1, name: "Orders" }).waitFor({ timeout: 60_000 })
    const adminSession = await sessionCookie()
    expect(adminSession).toBeTruthy()

    const portal = await context.newPage()
    const problems = watchForPageErrors(portal)
    const cookiesSent: string[] = []
    // The API requests' headers (with the cookie the network stack adds) are
    // read asynchronously, and the reads awaited before each assertion; one
    // still pending when the page closes is dropped instead of failing the
    // suite unhandled. Other requests (documents, assets) are not read: a
    // read of those may never settle.
    const headerReads: Promise<void>[] = []
    portal.on("request", (request) => {
      if (!/\/(store|auth)\//.test(request.url())) return
      headerReads.push(
        request.allHeaders().then(
          (headers) => void (headers["cookie"] && cookiesSent.push(`${request.url()}: ${headers["cookie"]}`)),
          () => {}
        )
      )
    })
    const headersRead = () => Promise.race([Promise.all(headerReads), new Promise((resolve) => setTimeout(resolve, 10_000))])
    await signIn(portal, "bea")
    await expectHome(portal, "bea")
    await screenshot(portal, "home-beside-admin")

    expect(await sessionCookie()).toBe(adminSession)
    await headersRead()
    expect(headerReads.length).toBeGreaterThan(0) // the sign-in's and Home's API requests were read
    expect(cookiesSent).toEqual([])
    await expectAdminSignedIn(admin)

    // the customer is still signed in after the admin's reload, and signing out of the portal leaves the admin alone
    await portal.reload()
    await expectHome(portal, "bea")
    await signOut(portal)
    await expectAdminSignedIn(admin)
    await headersRead()
    expect(cookiesSent).toEqual([])
    expect(problems()).toEqual([])
  })

  it("would fail if the portal used Medusa's session cookie (the hazard this guards against is real)", async () => {
    const admin = context.pages()[0]
    expect(await adminMeStatus(admin)).toBe(200)
    // what a portal on `auth.type: "session"` would do after signing in: POST /auth/session with the customer's token
    const token = await customerToken("bea")
    const status = await admin.evaluate(async (t) => {
      const res = await fetch("/auth/session", { method: "POST", headers: { authorization: `Bearer ${t}` }, credentials: "include" })
      return res.status
    }, token)
    expect(status).toBe(200)
    expect(await adminMeStatus(admin)).toBe(401)
  })
})
