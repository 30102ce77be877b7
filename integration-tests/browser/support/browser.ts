/**
 * Chromium for the journeys (playwright-core on Debian's chromium), and what
 * every journey checks on the pages it visits.
 */
import fs from "fs"
import path from "path"
import zlib from "zlib"
import AxeBuilder from "@axe-core/playwright"
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core"
import { ADMIN, CUSTOMERS, CustomerKey } from "../fixtures"
import { baseUrl, portalUrl } from "./app"

export const WIDTHS = { desktop: 1280, phone: 375 } as const
export type Width = keyof typeof WIDTHS

export async function launchBrowser(): Promise<Browser> {
  return await chromium.launch({
    executablePath: process.env.BROWSER_CHROMIUM,
    args: ["--no-sandbox", "--disable-dev-shm-usage"],
  })
}

/** A fresh browser profile (cookies, sessionStorage) at a width; en-US, so amounts read as in the fixtures. */
export async function newContext(browser: Browser, width: Width = "desktop", timezoneId = "UTC"): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: WIDTHS[width], height: width === "phone" ? 740 : 900 },
    locale: "en-US",
    timezoneId,
    isMobile: width === "phone",
    hasTouch: width === "phone",
  })
  context.setDefaultTimeout(20_000)
  return context
}

/**
 * What the page itself reports as wrong: uncaught errors and console errors,
 * among them anything the Content-Security-Policy refused. Chromium's own
 * "Failed to load resource" line for an answer the journey expects (a 401
 * for a wrong password) is left out; a failed script shows as a broken page.
 */
export function watchForPageErrors(page: Page): () => string[] {
  const problems: string[] = []
  page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`))
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
      problems.push(`console: ${message.text()}`)
    }
  })
  return () => problems
}

/** The portal's sign-in form, filled and sent the way a customer does. */
export async function signIn(page: Page, customer: CustomerKey, password = CUSTOMERS[customer].password) {
  await page.goto(portalUrl("/sign-in"))
  await page.getByLabel("Email").fill(CUSTOMERS[customer].email)
  await page.getByLabel("Password", { exact: true }).fill(password)
  await page.getByRole("button", { name: "Sign in" }).click()
}

/** Medusa's admin login at /app, as the seeded admin; resolves once the dashboard has opened. */
export async function signInToAdmin(page: Page, then = "/app/orders") {
  await page.goto(`${baseUrl}/app/login`)
  await page.getByPlaceholder("Email").fill(ADMIN.email)
  await page.getByPlaceholder("Password").fill(ADMIN.password)
  await page.getByRole("button", { name: "Continue with Email" }).click()
  await page.getByRole("heading", { level: 1, name: "Orders" }).waitFor({ timeout: 60_000 })
  if (then !== "/app/orders") await page.goto(`${baseUrl}${then}`)
}

export async function expectHome(page: Page, customer: CustomerKey) {
  try {
    await page.getByRole("heading", { level: 1, name: `Welcome, ${CUSTOMERS[customer].first_name}` }).waitFor()
  } catch (error) {
    const file = await screenshot(page, `failed-home-${customer}`).catch(() => "")
    throw new Error(`Home did not open for ${customer} (at ${page.url()}${file ? `; screenshot ${file}` : ""}): ${error}`)
  }
}

/** The customer's sign-out button, and the sign-in page it leads to. */
export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click()
  await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor()
}

const artifacts = () => process.env.BROWSER_ARTIFACTS ?? path.resolve(__dirname, "../../../.artifacts/portal")

/** A full-page screenshot under .artifacts/portal/<name>-<width>.png, for people to look at. */
export async function screenshot(page: Page, name: string) {
  const width = page.viewportSize()?.width ?? 0
  const file = path.join(artifacts(), `${name}-${width}.png`)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  await page.screenshot({ path: file, fullPage: true })
  return file
}

/** axe-core's serious and critical findings on the page as it is now (WCAG 2.1 A/AA and best practices). */
export async function seriousA11yViolations(page: Page, options: { include?: string } = {}) {
  const builder = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
  // `include`: one part of the page (our page inside Medusa's admin, whose own chrome is not ours to fix)
  if (options.include) builder.include(options.include)
  const results = await builder.analyze()
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(" ")) }))
}

/** The page is no wider than the viewport: nothing to scroll sideways on a phone. */
export async function horizontalOverflow(page: Page): Promise<number> {
  return await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
}

/**
 * Records the JavaScript a page load fetches; `gzippedKb()` is its size
 * compressed as a server would send it (DESIGN sec. 12: the first load's
 * budget is 150 KB).
 */
export function recordScripts(page: Page) {
  const bodies = new Map<string, Buffer>()
  const pending: Promise<void>[] = []
  page.on("response", (response) => {
    if (response.request().resourceType() !== "script") return
    pending.push(
      response
        .body()
        .then((body) => void bodies.set(response.url(), body))
        .catch(() => {})
    )
  })
  return {
    async gzippedKb() {
      await Promise.all(pending)
      let total = 0
      for (const body of bodies.values()) total += zlib.gzipSync(body, { level: 9 }).length
      return { kb: Math.round((total / 1024) * 10) / 10, files: [...bodies.keys()].map((u) => u.split("/").pop()) }
    },
  }
}
