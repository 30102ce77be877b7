import type { Browser, Page } from "playwright-core"
import { BUSINESS } from "./fixtures"
import { baseUrl, ensureOlgaAutopay, portalUrl, readPortalSettings, updatePortalSettings } from "./support/app"
import {
  expectHome,
  launchBrowser,
  newContext,
  screenshot,
  seriousA11yViolations,
  signIn,
  signInToAdmin,
  watchForPageErrors,
  type Width,
} from "./support/browser"

jest.setTimeout(180_000)

const HEADER_IMAGE = "https://images.acme.test/header.png"

/**
 * Journey (c): what the admin sets in the portal settings shows in the
 * portal: a tab switched off leaves the navigation and its address says so;
 * the theme's colours (with readable text on them), header image and home
 * text are applied.
 */
describe("the portal follows the admin's settings", () => {
  let browser: Browser
  let original: Record<string, any>
  let headerPng: Buffer

  beforeAll(async () => {
    original = await readPortalSettings()
    await ensureOlgaAutopay()
    browser = await launchBrowser()
    // a header image made here, served for its https address by the browser's routing (offline)
    const page = await browser.newPage({ viewport: { width: 1200, height: 200 } })
    await page.setContent(
      `<body style="margin:0"><div style="width:1200px;height:200px;background:linear-gradient(90deg,#0f766e,#5eead4)"></div></body>`
    )
    headerPng = await page.screenshot()
    await page.close()
  })
  afterAll(async () => {
    await updatePortalSettings({ tabs: original.tabs, theme: original.theme, home_content: original.home_content })
    await browser?.close()
  })

  async function openAsOlga(width: Width = "desktop") {
    const context = await newContext(browser, width)
    await context.route(HEADER_IMAGE, (route) => route.fulfill({ status: 200, contentType: "image/png", body: headerPng }))
    const page = await context.newPage()
    const problems = watchForPageErrors(page)
    await signIn(page, "olga")
    await expectHome(page, "olga")
    return { context, page, problems }
  }

  const navLinks = (page: Page) => page.getByRole("navigation", { name: "Portal sections" }).getByRole("link").allTextContents()

  it("a tab switched off disappears from the navigation and its address says it is not available", async () => {
    await updatePortalSettings({ tabs: { history: false } })
    const { context, page, problems } = await openAsOlga()
    expect(await navLinks(page)).toEqual(["Home", "Payments", "Invoices", "Documents", "Service notes", "Service requests", "Payment methods", "Autopay"])

    await page.goto(portalUrl("/history"))
    await page.getByRole("heading", { level: 1, name: "This section is not available" }).waitFor()
    await page.getByText("History is not offered in this portal.").waitFor()
    await screenshot(page, "not-available")
    const phone = await openAsOlga("phone")
    await phone.page.goto(portalUrl("/history"))
    await phone.page.getByRole("heading", { level: 1, name: "This section is not available" }).waitFor()
    await screenshot(phone.page, "not-available")
    await phone.context.close()

    // switched back on, the tab returns (its page comes in a later slice, and says so)
    await updatePortalSettings({ tabs: { history: true } })
    await page.reload()
    // the server paints the page's heading before the app runs (first frame): wait for the app's navigation
    await page.getByRole("navigation", { name: "Portal sections" }).getByRole("link", { name: "History" }).waitFor()
    await page.getByRole("heading", { level: 1, name: "History" }).waitFor()
    expect(await navLinks(page)).toContain("History")
    expect(problems()).toEqual([])
    await context.close()
  })

  it("applies the theme: primary colour with contrasting text, background, header image and home text", async () => {
    await updatePortalSettings({
      theme: { primary_color: "#0f766e", background_color: "#f5f5f4", header_image_url: HEADER_IMAGE },
      home_content: `<h2>Welcome to ${BUSINESS.name}</h2><p>Invoices are due on the <strong>1st</strong> of the month. <a href="https://acme.test/faq" target="_blank">Billing FAQ</a></p>`,
    })
    for (const width of ["desktop", "phone"] as const) {
      const { context, page, problems } = await openAsOlga(width)
      const style = (selector: string) =>
        page.locator(selector).first().evaluate((el) => {
          const s = getComputedStyle(el)
          return { background: s.backgroundColor, color: s.color }
        })
      const bar = page.locator("header div.bg-portal-primary")
      expect(await bar.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe("rgb(15, 118, 110)")
      expect(await page.getByRole("link", { name: BUSINESS.name }).evaluate((el) => getComputedStyle(el).color)).toBe("rgb(255, 255, 255)")
      const pay = page.getByRole("link", { name: "Make a payment" })
      expect(await pay.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe("rgb(15, 118, 110)")
      expect(await pay.evaluate((el) => getComputedStyle(el).color)).toBe("rgb(255, 255, 255)")
      expect((await style("div.bg-portal-background")).background).toBe("rgb(245, 245, 244)")

      const header = page.locator(`header img[src="${HEADER_IMAGE}"]`)
      await header.waitFor()
      expect(await header.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1200)

      await page.getByRole("heading", { level: 2, name: `Welcome to ${BUSINESS.name}` }).waitFor()
      expect(await page.getByRole("link", { name: "Billing FAQ" }).getAttribute("rel")).toBe("noopener noreferrer")
      await page.getByTestId("next-autopay-charge").waitFor()
      expect(await page.getByTestId("next-autopay-charge").textContent()).toMatch(
        /^Next charge: \$140\.00 for invoice INV-\d{6}, on [A-Z][a-z]{2} \d{1,2}, \d{4}\.$/
      )
      await screenshot(page, "home-themed")
      expect(problems()).toEqual([])
      await context.close()
    }

    // a light primary colour gets black text, on the sign-in page too (injected before any sign-in)
    await updatePortalSettings({ theme: { primary_color: "#fde047" } })
    const context = await newContext(browser)
    const page = await context.newPage()
    await page.goto(portalUrl("/sign-in"))
    const bar = page.locator("header div.bg-portal-primary")
    await bar.waitFor()
    expect(await bar.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe("rgb(253, 224, 71)")
    expect(await bar.evaluate((el) => getComputedStyle(el).color)).toBe("rgb(0, 0, 0)")
    const submit = page.getByRole("button", { name: "Sign in" })
    expect(await submit.evaluate((el) => getComputedStyle(el).color)).toBe("rgb(0, 0, 0)")
    await context.close()
  })

  it("the admin uploads the header image (Medusa's File Module) and the portal shows it once saved; a file that is no image is refused", async () => {
    await updatePortalSettings({ theme: { header_image_url: null } })
    const admin = await newContext(browser)
    const page = await admin.newPage()
    const problems = watchForPageErrors(page)
    const uploads: number[] = []
    page.on("response", (response) => {
      if (new URL(response.url()).pathname === "/admin/uploads") uploads.push(response.status())
    })
    await signInToAdmin(page, "/app/settings/billing-portal")
    await page.getByRole("heading", { level: 1, name: "Billing portal" }).waitFor({ timeout: 60_000 })
    const url = page.getByLabel("Header image (uploaded, or an http(s) URL)")
    expect(await url.inputValue()).toBe("")

    // refused before anything is sent: said next to the field
    await page.getByLabel("Header image file").setInputFiles({ name: "logo.svg", mimeType: "image/svg+xml", buffer: Buffer.from("<svg/>") })
    await page.getByRole("alert").filter({ hasText: "Choose a PNG, JPEG, WebP, GIF image" }).waitFor()
    expect(uploads).toEqual([])

    await page.getByLabel("Header image file").setInputFiles({ name: "header.png", mimeType: "image/png", buffer: headerPng })
    await page.getByRole("status").filter({ hasText: "Header image uploaded. Save to show it in the portal." }).waitFor()
    const uploaded = await url.inputValue()
    expect(uploads).toEqual([200])
    // sent under a name of ours (the admin's file name is not published)
    expect(uploaded).toMatch(new RegExp(`^${baseUrl}/static/\\d+-portal-header\\.png$`))
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('img[alt="Header image preview"]')
      return !!img && img.complete && img.naturalWidth === 1200
    })
    expect(await page.getByRole("alert").filter({ hasText: "Choose a" }).count()).toBe(0)
    // the billing settings page itself (Medusa's admin around it has findings of its own)
    expect(await seriousA11yViolations(page, { include: '[data-testid="billing-portal-settings"]' })).toEqual([])
    // the admin scrolls inside its own pane: bring the field into the picture
    await page.getByRole("img", { name: "Header image preview" }).scrollIntoViewIfNeeded()
    await screenshot(page, "admin-header-image-uploaded")
    // nothing reaches the portal before Save
    expect((await readPortalSettings()).theme.header_image_url).toBeNull()
    await page.getByRole("button", { name: "Save" }).first().click()
    await page.getByText("Billing portal settings saved").waitFor()
    expect((await readPortalSettings()).theme.header_image_url).toBe(uploaded)
    expect(problems()).toEqual([])
    await admin.close()

    const olga = await openAsOlga()
    const header = olga.page.locator(`header img[src="${uploaded}"]`)
    await header.waitFor()
    await olga.page.waitForFunction((src) => {
      const img = document.querySelector<HTMLImageElement>(`header img[src="${src}"]`)
      return !!img && img.complete && img.naturalWidth > 0
    }, uploaded)
    expect(await header.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1200)
    await screenshot(olga.page, "home-uploaded-header")
    expect(olga.problems()).toEqual([])
    await olga.context.close()
  })
})
