import type { Browser, Page } from "playwright-core"
import { CUSTOMERS } from "./fixtures"
import { ensureJaneAchPending, portalUrl } from "./support/app"
import {
  expectHome,
  horizontalOverflow,
  launchBrowser,
  newContext,
  screenshot,
  seriousA11yViolations,
  signIn,
  signOut,
  watchForPageErrors,
  WIDTHS,
  type Width,
} from "./support/browser"

jest.setTimeout(180_000)

/**
 * Journey (d): every page of this slice at 1280 px and at 375 px: axe-core
 * finds no serious or critical violation on Sign in and Home, nothing is
 * wider than the screen, and each page is kept as a screenshot under
 * .artifacts/portal/ for people to look at. And the way in and out works by
 * keyboard alone.
 */
describe("every page, at desktop and phone widths", () => {
  let browser: Browser

  beforeAll(async () => {
    await ensureJaneAchPending()
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  async function check(page: Page, name: string, { axe }: { axe: boolean }) {
    expect({ name, overflow: await horizontalOverflow(page) }).toEqual({ name, overflow: 0 })
    if (axe) expect({ name, violations: await seriousA11yViolations(page) }).toEqual({ name, violations: [] })
    await screenshot(page, name)
  }

  for (const width of Object.keys(WIDTHS) as Width[]) {
    it(`${WIDTHS[width]} px: sign in, Home (with balances, and empty), and the other pages`, async () => {
      const context = await newContext(browser, width)
      const page = await context.newPage()
      const problems = watchForPageErrors(page)

      await page.goto(portalUrl("/sign-in"))
      await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor()
      await check(page, "sign-in", { axe: true })
      await page.getByRole("button", { name: "Sign in" }).click()
      await page.getByText("Enter your password").waitFor()
      await check(page, "sign-in-empty-fields", { axe: true })

      await page.getByRole("link", { name: "Forgot password?" }).click()
      await page.getByRole("heading", { level: 1, name: "Forgot your password?" }).waitFor()
      await check(page, "forgot-password", { axe: true })

      await signIn(page, "jane")
      await expectHome(page, "jane")
      await page.getByTestId("total-balance").first().waitFor()
      await check(page, "home", { axe: true })

      await page.getByRole("link", { name: "Make a payment" }).click()
      await page.getByRole("heading", { level: 1, name: "Make a payment" }).waitFor()
      // checked once the page has settled: no spinner left and no colour transition under way
      // (axe sampling the Pay button halfway from its disabled grey reports a contrast it never has at rest)
      await page.waitForFunction(() => document.getAnimations().length === 0)
      await check(page, "make-payment", { axe: true })

      await page.goto(portalUrl("/no/such/page"))
      await page.getByRole("heading", { level: 1, name: "Page not found" }).waitFor()
      await check(page, "not-found", { axe: true })

      await signOut(page)
      await check(page, "signed-out", { axe: true })

      await signIn(page, "ned")
      await expectHome(page, "ned")
      await page.getByText("No invoices yet").waitFor()
      expect(await page.getByRole("link", { name: "Make a payment" }).count()).toBe(0)
      await check(page, "home-no-invoices", { axe: true })

      expect(problems()).toEqual([])
      await context.close()
    })
  }

  it("signs in, moves around and signs out by keyboard alone", async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    await page.goto(portalUrl("/sign-in"))
    await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor()
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null
        return el && el !== document.body ? `${el.tagName.toLowerCase()}:${el.getAttribute("id") ?? el.textContent?.trim()}` : null
      })
    const tab = async (key = "Tab") => {
      await page.keyboard.press(key)
      return await focused()
    }

    expect(await tab()).toBe("input:email")
    await page.keyboard.type(CUSTOMERS.jane.email)
    expect(await tab()).toBe("a:Forgot password?")
    expect(await tab()).toBe("input:password")
    await page.keyboard.type(CUSTOMERS.jane.password)
    await page.keyboard.press("Enter")
    await expectHome(page, "jane")
    // after signing in, the new page's heading has the focus
    expect(await focused()).toBe("h1:Welcome, Jane")

    // a fresh load: the skip link comes first and jumps over the header
    await page.reload()
    await page.getByTestId("total-balance").first().waitFor()
    expect(await tab()).toBe("a:Skip to content")
    await page.keyboard.press("Enter")
    expect(await focused()).toBe("main:main")
    expect(await tab()).toBe("a:Make a payment")

    await page.reload()
    await page.getByTestId("total-balance").first().waitFor()
    const order: (string | null)[] = []
    for (let i = 0; i < 15; i++) order.push(await tab())
    expect(order).toEqual([
      "a:Skip to content",
      "a:Acme Home Services",
      "button:Sign out",
      "a:Home",
      "a:Payments",
      "a:Invoices",
      "a:History",
      "a:Documents",
      "a:Service notes",
      "a:Service requests",
      "a:Payment methods",
      "a:Autopay",
      "a:Make a payment",
      // the activity calendar's month buttons (its events, which depend on the day, come next)
      "a:Previous month",
      "a:Next month",
    ])

    // a tab opened with Enter: its page heading takes the focus
    expect(await tab("Shift+Tab")).toBe("a:Previous month")
    expect(await tab("Shift+Tab")).toBe("a:Make a payment")
    expect(await tab("Shift+Tab")).toBe("a:Autopay")
    expect(await tab("Shift+Tab")).toBe("a:Payment methods")
    expect(await tab("Shift+Tab")).toBe("a:Service requests")
    await page.keyboard.press("Enter")
    await page.getByRole("heading", { level: 1, name: "Service requests" }).waitFor()
    expect(await focused()).toBe("h1:Service requests")

    // and out again
    let steps = 0
    while ((await tab("Shift+Tab")) !== "button:Sign out" && steps++ < 15);
    await page.keyboard.press("Enter")
    await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor()
    await page.getByText("You have signed out.").waitFor()
    await context.close()
  })
})
