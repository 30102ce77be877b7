import type { Browser, Locator, Page } from "playwright-core"
import { CUSTOMERS, JANE_BALANCES } from "./fixtures"
import { asAdmin, baseUrl, ensureJaneAchPending, portalUrl, registerCustomer, storeGet } from "./support/app"
import {
  expectHome,
  launchBrowser,
  newContext,
  recordScripts,
  seriousA11yViolations,
  screenshot,
  signIn,
  signOut,
  watchForPageErrors,
} from "./support/browser"

jest.setTimeout(120_000)

/** Journey (a): a customer with invoices in two currencies signs in, reads Home, signs out. */
describe("signing in to the hosted portal", () => {
  let browser: Browser

  beforeAll(async () => {
    await ensureJaneAchPending()
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  /** The amount a balance card shows for a label (the <dd> after its <dt>). */
  const amount = (card: Locator, label: string) => card.locator(`dt:text-is("${label}")`).locator("xpath=following-sibling::dd[1]")

  const storedToken = (page: Page) => page.evaluate(() => sessionStorage.getItem("medusa_billing_portal_token"))

  const balanceCard = (page: Page, currencyName: string) => page.getByRole("group", { name: new RegExp(currencyName) })

  it("says what is wrong next to the form: empty fields before anything is sent, then a wrong password", async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    const problems = watchForPageErrors(page)
    const authCalls: string[] = []
    page.on("request", (request) => {
      if (request.url().includes("/auth/")) authCalls.push(request.url())
    })

    // a signed-out visitor at the portal's address lands on the sign-in page
    await page.goto(portalUrl("/"))
    await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor()
    expect(new URL(page.url()).pathname).toBe("/billing/sign-in")

    await page.getByRole("button", { name: "Sign in" }).click()
    await page.getByText("Enter your email address").waitFor()
    await page.getByText("Enter your password").waitFor()
    expect(await page.getByLabel("Email").getAttribute("aria-invalid")).toBe("true")
    expect(await page.getByLabel("Email").getAttribute("aria-describedby")).toBe("email-error")
    expect(authCalls).toEqual([])

    await signIn(page, "jane", "not-her-password")
    await page.getByRole("alert").filter({ hasText: "Invalid email or password" }).waitFor()
    expect(authCalls).toEqual([`${baseUrl}/auth/customer/emailpass`])
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Sign in")
    expect(await storedToken(page)).toBeNull()
    await screenshot(page, "sign-in-wrong-password")
    expect(problems()).toEqual([])
    await context.close()
  })

  it("shows the exact balances per currency after signing in, with the token only in sessionStorage, and signs out", async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    const problems = watchForPageErrors(page)

    // a deep link survives the detour through the sign-in page
    await page.goto(portalUrl("/no-such-page"))
    await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor()
    await page.getByLabel("Email").fill(CUSTOMERS.jane.email)
    await page.getByLabel("Password", { exact: true }).fill(CUSTOMERS.jane.password)
    await page.getByRole("button", { name: "Sign in" }).click()
    await page.getByRole("heading", { level: 1, name: "Page not found" }).waitFor()
    expect(new URL(page.url()).pathname).toBe("/billing/no-such-page")

    await page.getByRole("navigation", { name: "Portal sections" }).getByRole("link", { name: "Home" }).click()
    await expectHome(page, "jane")
    expect(new URL(page.url()).pathname).toBe("/billing")
    await page.getByText("Jane Cooper").waitFor()

    const usd = balanceCard(page, "US Dollar")
    const eur = balanceCard(page, "Euro")
    const shown = async (card: Locator) => ({
      total: await amount(card, "Total balance").textContent(),
      current_charges: await amount(card, "Current charges").textContent(),
      past_due: await amount(card, "Past due").textContent(),
      not_yet_due: await amount(card, "Not yet due").textContent(),
      pending: await amount(card, "Pending payments").textContent(),
      credit: await amount(card, "Credit").textContent(),
    })
    expect({ usd: await shown(usd), eur: await shown(eur) }).toEqual(JANE_BALANCES)

    // …which is what the API says, formatted
    const { account } = await storeGet("jane", "/store/billing/account")
    for (const balance of account.balances) {
      const format = (n: number) =>
        new Intl.NumberFormat("en-US", { style: "currency", currency: balance.currency_code }).format(String(n) as any)
      const expected = JANE_BALANCES[balance.currency_code as "usd" | "eur"]
      expect(format(balance.total_balance)).toBe(expected.total)
      expect(format(balance.pending)).toBe(expected.pending)
    }

    // one primary action
    const pay = page.getByRole("link", { name: "Make a payment" })
    expect(await pay.count()).toBe(1)
    expect(await pay.getAttribute("href")).toBe("/billing/make-payment")

    // a bearer JWT in this tab's sessionStorage, nothing in localStorage, and no cookie
    expect(await storedToken(page)).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
    expect(await page.evaluate(() => localStorage.length)).toBe(0)
    expect((await context.cookies()).map((c) => c.name)).toEqual([])
    await screenshot(page, "home-two-currencies")

    await signOut(page)
    await page.getByText("You have signed out.").waitFor()
    expect(await storedToken(page)).toBeNull()
    await page.goto(portalUrl("/"))
    await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor()
    expect(problems()).toEqual([])
    await context.close()
  })

  /** A customer registered just now, on Home with the token in this tab (as after signing in). */
  async function signedInNewCustomer(email: string, password: string) {
    const { id, token } = await registerCustomer(email, password)
    const context = await newContext(browser)
    const page = await context.newPage()
    const problems = watchForPageErrors(page)
    await page.addInitScript((t) => sessionStorage.setItem("medusa_billing_portal_token", t), token)
    await page.goto(portalUrl("/"))
    await page.getByRole("heading", { level: 1, name: "Welcome, Gone" }).waitFor()
    return { id, context, page, problems }
  }

  it("signs a customer the business deleted out, saying the account is gone (not that the session ended)", async () => {
    const { id, context, page, problems } = await signedInNewCustomer(`gone-${Date.now()}@browser.test`, "gone-portal-1")
    await asAdmin("DELETE", `/admin/customers/${id}`)
    await page.reload()
    await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor()
    await page.getByText("This account is no longer available.", { exact: false }).waitFor()
    expect(await page.getByText("Your session has ended").count()).toBe(0)
    expect(await storedToken(page)).toBeNull()
    await screenshot(page, "sign-in-account-gone")
    expect(problems()).toEqual([])
    await context.close()
  })

  it("signs a customer whose portal access the business turned off out, saying so; turned on again, they sign in", async () => {
    const email = `off-${Date.now()}@browser.test`
    const { id, context, page, problems } = await signedInNewCustomer(email, "off-portal-1")
    expect(await asAdmin("POST", "/admin/billing/portal-users/disable", { customer_ids: [id] })).toEqual({ disabled: [id], skipped: [] })
    await page.reload()
    await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor()
    await page.getByText("Your access to this billing portal has been turned off.", { exact: false }).waitFor()
    expect(await page.getByText("Your session has ended").count()).toBe(0)
    expect(await storedToken(page)).toBeNull()
    expect(await seriousA11yViolations(page)).toEqual([])
    await screenshot(page, "sign-in-access-off")

    // signing in again does not get past it
    await page.evaluate(() => sessionStorage.clear())
    await page.goto(portalUrl("/"))
    await page.getByLabel("Email").fill(email)
    await page.getByLabel("Password", { exact: true }).fill("off-portal-1")
    await page.getByRole("button", { name: "Sign in" }).click()
    await page.getByText("Your access to this billing portal has been turned off.", { exact: false }).waitFor()
    expect(await page.getByRole("heading", { level: 1, name: "Welcome, Gone" }).count()).toBe(0)

    // on again: the same login works
    expect(await asAdmin("POST", "/admin/billing/portal-users/enable", { customer_ids: [id] })).toEqual({ enabled: [id], skipped: [] })
    await page.getByLabel("Email").fill(email)
    await page.getByLabel("Password", { exact: true }).fill("off-portal-1")
    await page.getByRole("button", { name: "Sign in" }).click()
    await page.getByRole("heading", { level: 1, name: "Welcome, Gone" }).waitFor()
    expect(problems().filter((p) => !p.includes("401"))).toEqual([])
    await context.close()
  })

  it("says to reload, instead of going blank, when a page's code cannot be loaded (the portal was updated meanwhile)", async () => {
    const context = await newContext(browser)
    await context.route(/\/billing\/assets\/home-[\w-]+\.js$/, (route) => route.fulfill({ status: 404, body: "Not found" }))
    const page = await context.newPage()
    await signIn(page, "jane")
    await page.getByRole("heading", { level: 1, name: "Something went wrong" }).waitFor()
    await page.getByText("The portal was updated while this page was open. Reload the page to continue.").waitFor()
    await screenshot(page, "page-code-missing")
    await context.unroute(/\/billing\/assets\/home-[\w-]+\.js$/)
    await page.getByRole("button", { name: "Reload the page" }).click()
    await expectHome(page, "jane")
    await context.close()
  })

  it("keeps the first load within 150 KB of gzipped JavaScript, for the sign-in page and for Home", async () => {
    const signInContext = await newContext(browser)
    const signInPage = await signInContext.newPage()
    const signInScripts = recordScripts(signInPage)
    await signInPage.goto(portalUrl("/"))
    await signInPage.getByRole("heading", { level: 1, name: "Sign in" }).waitFor()
    const signInLoad = await signInScripts.gzippedKb()

    // a signed-in customer opening the portal in a new tab: Home from a cold cache
    await signIn(signInPage, "jane")
    await expectHome(signInPage, "jane")
    const token = await signInPage.evaluate(() => sessionStorage.getItem("medusa_billing_portal_token"))
    const homeContext = await newContext(browser)
    const homePage = await homeContext.newPage()
    await homePage.addInitScript((t) => sessionStorage.setItem("medusa_billing_portal_token", t!), token)
    const homeScripts = recordScripts(homePage)
    await homePage.goto(portalUrl("/"))
    await expectHome(homePage, "jane")
    await homePage.getByTestId("total-balance").first().waitFor()
    const homeLoad = await homeScripts.gzippedKb()

    console.log(
      `first-load JavaScript, gzipped: sign-in ${signInLoad.kb} KB (${signInLoad.files.join(", ")}); Home ${homeLoad.kb} KB (${homeLoad.files.join(", ")})`
    )
    expect(signInLoad.kb).toBeLessThanOrEqual(150)
    expect(homeLoad.kb).toBeLessThanOrEqual(150)
    await signInContext.close()
    await homeContext.close()
  })
})
