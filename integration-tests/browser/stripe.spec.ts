import type { Browser } from "playwright-core"
import { CUSTOMERS } from "./fixtures"
import { portalUrl, seed, storeGet } from "./support/app"
import type { Page } from "playwright-core"
import { launchBrowser, newContext, screenshot, seriousA11yViolations, signIn, watchForPageErrors } from "./support/browser"
import { recordStripeRequests, routeFakeStripe, signInOn, startStripeApp, stripeAppStoreGet, stripeRequests, type StripeApp } from "./support/stripe"

jest.setTimeout(120_000)

/**
 * Journey: paying and saving a card through Stripe's Payment Element, offline.
 * A second app on the suites' database runs Medusa's Stripe provider with
 * Stripe's API faked in its process (setup/stripe-server.js); the browser
 * gets a fake Stripe.js for js.stripe.com (support/fake-stripe.js). The
 * shared app (sandbox) must never load Stripe at all.
 */
describe("Stripe's Payment Element in the portal", () => {
  let browser: Browser
  let stripeApp: StripeApp

  beforeAll(async () => {
    ;[stripeApp, browser] = await Promise.all([startStripeApp(), launchBrowser()])
  }, 180_000)
  afterAll(async () => {
    await browser?.close()
    await stripeApp?.stop()
  })

  /** The scripts the page fetched whose code mentions `text` (the Stripe.js loader names js.stripe.com). */
  const scriptsMentioning = (page: Page, text: string) => {
    const found: Promise<string | null>[] = []
    page.on("response", (response) => {
      if (response.request().resourceType() !== "script") return
      found.push(
        response
          .text()
          .then((body) => (body.includes(text) ? response.url() : null))
          .catch(() => null)
      )
    })
    return async () => (await Promise.all(found)).filter(Boolean)
  }

  const configOf = (html: string) =>
    JSON.parse(/<script type="application\/json" id="billing-portal-config">([\s\S]*?)<\/script>/.exec(html)![1])

  it("the sandbox portal never loads Stripe: no key in the page, no Stripe in its CSP, no request to Stripe on Home or Make a payment", async () => {
    const res = await fetch(portalUrl("/"))
    expect(res.headers.get("content-security-policy")).not.toContain("stripe")
    expect(configOf(await res.text())).not.toHaveProperty("stripe_publishable_key")

    const context = await newContext(browser)
    const page = await context.newPage()
    const problems = watchForPageErrors(page)
    const stripe = recordStripeRequests(page)
    const scripts = scriptsMentioning(page, "js.stripe.com")
    await signIn(page, "sven")
    await page.getByRole("heading", { level: 1, name: `Welcome, ${CUSTOMERS.sven.first_name}` }).waitFor()
    await page.goto(portalUrl("/make-payment?mode=total_balance&currency=usd"))
    await page.getByRole("heading", { level: 1, name: "Make a payment" }).waitFor()
    await page.waitForLoadState("networkidle")
    expect(stripe).toEqual([])
    expect(await page.evaluate(() => "Stripe" in window)).toBe(false)
    // and no Stripe.js loader among the scripts the two pages fetched
    expect(await scripts()).toEqual([])
    expect(problems()).toEqual([])
    await context.close()
  })

  it("the Stripe app's portal carries the publishable key and allows Stripe in its CSP, and only Stripe", async () => {
    const res = await fetch(`${stripeApp.baseUrl}/billing/`)
    const csp = res.headers.get("content-security-policy")!
    expect(csp).toContain("script-src 'self' https://js.stripe.com https://*.js.stripe.com;")
    expect(csp).toContain("connect-src 'self' https://api.stripe.com;")
    expect(csp).toMatch(/frame-src [^;]*https:\/\/hooks\.stripe\.com/)
    expect(configOf(await res.text())).toMatchObject({
      stripe_publishable_key: stripeApp.publishableKey,
      stripe_method_types: ["card", "us_bank_account"],
      publishable_key: seed.publishable_key,
    })
  })
})
