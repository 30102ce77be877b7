import type { Browser, Frame, Page } from "playwright-core"
import { ADMIN } from "./fixtures"
import { baseUrl, portalUrl, readPortalSettings } from "./support/app"
import { horizontalOverflow, launchBrowser, newContext, screenshot, seriousA11yViolations, watchForPageErrors } from "./support/browser"

jest.setTimeout(120_000)

const UNSAVED_COLOUR = "#7c3aed"
const UNSAVED_RGB = "rgb(124, 58, 237)"

/** The colour the portal's header bar is painted in (the theme's primary colour). */
const headerColour = (frame: Frame | Page) =>
  frame.evaluate(() => {
    const bar = document.querySelector("header .bg-portal-primary")
    return bar ? getComputedStyle(bar).backgroundColor : null
  })

/** Journey: the admin previews unsaved settings in "View sample portal"; nothing is asked of the store API. */
describe("the admin's sample portal", () => {
  let browser: Browser

  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it("shows the unsaved theme colour over sample balances, in an iframe, without a store request or a save", async () => {
    const saved = await readPortalSettings()
    expect(saved.theme.primary_color).not.toBe(UNSAVED_COLOUR)

    const context = await newContext(browser)
    const page = await context.newPage()
    const storeCalls: string[] = []
    const writes: string[] = []
    context.on("request", (request) => {
      const url = new URL(request.url())
      if (url.pathname.startsWith("/store/")) storeCalls.push(`${request.method()} ${url.pathname}`)
      if (url.pathname.startsWith("/admin/billing/settings") && request.method() !== "GET") writes.push(url.pathname)
    })

    await page.goto(`${baseUrl}/app/login`)
    await page.getByPlaceholder("Email").fill(ADMIN.email)
    await page.getByPlaceholder("Password").fill(ADMIN.password)
    await page.getByRole("button", { name: "Continue with Email" }).click()
    await page.getByRole("heading", { level: 1, name: "Orders" }).waitFor({ timeout: 60_000 })
    await page.goto(`${baseUrl}/app/settings/billing-portal`)
    await page.getByRole("heading", { level: 1, name: "Billing portal" }).waitFor({ timeout: 60_000 })

    const hex = page.getByLabel("Theme colour (tabs, buttons): hex")
    expect(await hex.inputValue()).toBe(saved.theme.primary_color)
    await hex.fill(UNSAVED_COLOUR)

    await page.getByRole("button", { name: "View sample portal" }).click()
    const dialog = page.getByRole("dialog", { name: "Sample portal" })
    await dialog.waitFor()
    const iframe = page.frameLocator('iframe[title="Sample billing portal"]')
    await iframe.getByRole("heading", { level: 1, name: "Welcome, Alex" }).waitFor()
    await iframe.getByText("Sample portal: your settings with made-up data").waitFor()
    // the sample's balance card, as Home shows a customer's
    await iframe.getByText("$215.50").first().waitFor()
    const frame = page.frames().find((f) => f.url().startsWith(portalUrl("/sample")))!
    expect(frame).toBeTruthy()
    expect(await headerColour(frame)).toBe(UNSAVED_RGB)
    await screenshot(page, "sample-portal")

    // the tabs move inside the sample
    await iframe.getByRole("navigation", { name: "Portal sections" }).getByRole("link", { name: "Home" }).waitFor()
    expect(frame.url()).toBe(portalUrl("/sample"))

    // nothing was asked of the store API, and nothing was saved
    expect(storeCalls).toEqual([])
    expect(writes).toEqual([])
    expect((await readPortalSettings()).theme.primary_color).toBe(saved.theme.primary_color)
    await context.close()
  })

  it("opened on its own, the sample shows the saved look; axe finds nothing serious; fits a phone; the CSP lets only the same origin frame it", async () => {
    const res = await fetch(portalUrl("/sample"))
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'self'")
    expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN")
    const other = await fetch(portalUrl("/sign-in"))
    expect(other.headers.get("content-security-policy")).toContain("frame-ancestors 'none'")

    const saved = await readPortalSettings()
    const context = await newContext(browser, "phone")
    const page = await context.newPage()
    const problems = watchForPageErrors(page)
    const storeCalls: string[] = []
    page.on("request", (request) => {
      if (new URL(request.url()).pathname.startsWith("/store/")) storeCalls.push(request.url())
    })
    await page.goto(portalUrl("/sample"))
    await page.getByRole("heading", { level: 1, name: "Welcome, Alex" }).waitFor()
    await page.getByText("$215.50").first().waitFor()
    const hexToRgb = (h: string) => `rgb(${[1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)).join(", ")})`
    expect(await headerColour(page)).toBe(hexToRgb(saved.theme.primary_color))
    expect(await seriousA11yViolations(page)).toEqual([])
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0)
    await screenshot(page, "sample-portal")
    expect(storeCalls).toEqual([])
    expect(problems()).toEqual([])
    await context.close()
  })
})
