import { Client } from "pg"
import type { Browser, Page } from "playwright-core"
import { portalUrl } from "./support/app"
import { asCustomer, ensureAdaCard, ensureAdaWithoutAutopay } from "./support/account"
import {
  expectHome,
  horizontalOverflow,
  launchBrowser,
  newContext,
  screenshot,
  seriousA11yViolations,
  signIn,
  watchForPageErrors,
  type Width,
} from "./support/browser"

jest.setTimeout(180_000)

/**
 * Journey: Ada turns autopay on with her saved card (the consent box is
 * required, the business's terms are shown in full), changes the most it
 * may charge at once, then cancels it; what the server recorded is read
 * back through the API each time.
 */
describe("autopay: enroll with consent, change the limit, cancel", () => {
  let browser: Browser
  let cardId: string
  let terms: { terms_text: string; terms_version: string; pre_debit_notice_days: number }

  beforeAll(async () => {
    cardId = await ensureAdaCard()
    await ensureAdaWithoutAutopay()
    terms = (await asCustomer("ada", "GET", "/store/billing/account")).account.settings.autopay
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await ensureAdaWithoutAutopay().catch(() => {})
    await browser?.close()
  })

  async function openAutopay(width: Width) {
    const context = await newContext(browser, width)
    const page = await context.newPage()
    const problems = watchForPageErrors(page)
    await signIn(page, "ada")
    await expectHome(page, "ada")
    return { context, page, problems }
  }

  const autopayWrites = (page: Page) => {
    const writes: string[] = []
    page.on("request", (request) => {
      if (request.url().includes("/store/billing/autopay") && request.method() !== "GET") writes.push(request.method())
    })
    return writes
  }

  it("1280 px: consent is required, then the enrollment, a new limit and the cancellation reach the server", async () => {
    const { context, page, problems } = await openAutopay("desktop")
    const writes = autopayWrites(page)
    await page.getByRole("navigation", { name: "Portal sections" }).getByRole("link", { name: "Autopay" }).click()
    await page.getByRole("heading", { level: 1, name: "Autopay" }).waitFor()
    await page.getByText("Autopay is off").waitFor()

    // the business's terms, in full, with their version and when charges happen
    expect(await page.getByTestId("autopay-terms").textContent()).toBe(terms.terms_text)
    await page.getByRole("heading", { name: `Autopay terms (version ${terms.terms_version})` }).waitFor()
    await page.getByText(`Autopay charges each invoice on its due date. We email you ${terms.pre_debit_notice_days} days before each charge`).first().waitFor()

    const card = page.getByRole("radio", { name: "Visa •••• 4242" })
    await card.check()

    // a limit the currency cannot hold, and no consent: both errors next to their fields, nothing sent
    await page.getByLabel("Most to charge at once (optional)").fill("150.505")
    await page.getByRole("button", { name: "Turn on autopay" }).click()
    const limitError = page.getByText("The limit has more decimals than USD allows (2)")
    await limitError.waitFor()
    expect(await page.getByLabel("Most to charge at once (optional)").getAttribute("aria-describedby")).toBe("max_amount-error")
    const consent = page.getByRole("checkbox", { name: /I agree to the autopay terms \(version/ })
    await page.getByText("Tick the box to agree to the autopay terms").waitFor()
    expect(await consent.getAttribute("aria-describedby")).toBe("consent-error")
    expect(await consent.getAttribute("aria-invalid")).toBe("true")
    expect(writes).toEqual([])

    await page.getByLabel("Most to charge at once (optional)").fill("150.50")
    await consent.check()
    await page.getByRole("button", { name: "Turn on autopay" }).click()
    await page.getByText("Autopay is on with Visa •••• 4242, up to $150.50 a charge.").waitFor()

    const enrolled = (await asCustomer("ada", "GET", "/store/billing/autopay")).autopay
    expect(enrolled).toMatchObject({
      status: "active",
      payment_method_id: cardId,
      terms_version: terms.terms_version,
      max_amount: 150.5,
      max_amount_currency_code: "usd",
    })
    expect(Date.now() - new Date(enrolled.consented_at).getTime()).toBeLessThan(5 * 60_000)

    // the enrollment in words: status, method, limit, consent date, terms version, next charge
    const current = page.getByTestId("current-autopay")
    const detail = (label: string) => current.locator(`dt:text-is("${label}") + dd`)
    expect(await detail("Status").textContent()).toBe("Active")
    expect(await detail("Pays with").textContent()).toBe("Visa •••• 4242")
    expect(await detail("Most it charges at once").textContent()).toBe("$150.50")
    expect(await detail("Terms version").textContent()).toBe(terms.terms_version)
    expect(await detail("You agreed on").textContent()).toBe(
      new Intl.DateTimeFormat("en-US", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" }).format(new Date(enrolled.consented_at))
    )
    // her oldest open invoice: $180.00 less the $60.00 check, due on the 10th
    expect(await page.getByTestId("autopay-next-charge").textContent()).toMatch(
      /^\$120\.00 for invoice INV-\d{6}, (on [A-Z][a-z]{2} 10, \d{4}|at the next autopay run)\.$/
    )
    // the form is for changes now, with a fresh consent
    await page.getByRole("heading", { level: 2, name: "Change autopay" }).waitFor()
    expect(await page.getByRole("checkbox", { name: /I agree/ }).isChecked()).toBe(false)

    expect(await seriousA11yViolations(page)).toEqual([])
    await screenshot(page, "autopay")

    // a new limit: a new consent is recorded with it
    await page.getByLabel("Most to charge at once (optional)").fill("200")
    await page.getByRole("button", { name: "Save changes" }).click()
    await page.getByText("Tick the box to agree to the autopay terms").waitFor()
    await page.getByRole("checkbox", { name: /I agree/ }).check()
    await page.getByRole("button", { name: "Save changes" }).click()
    await page.getByText("Autopay is on with Visa •••• 4242, up to $200.00 a charge.").waitFor()
    const changed = (await asCustomer("ada", "GET", "/store/billing/autopay")).autopay
    expect(changed).toMatchObject({ status: "active", id: enrolled.id, max_amount: 200, max_amount_currency_code: "usd" })
    expect(new Date(changed.consented_at).getTime()).toBeGreaterThanOrEqual(new Date(enrolled.consented_at).getTime())
    expect(await detail("Most it charges at once").textContent()).toBe("$200.00")

    // pause, after a confirmation: nothing is charged, the card and the limit stay; then on again with a new consent
    await page.getByRole("button", { name: "Pause autopay" }).click()
    const pauseDialog = page.getByRole("alertdialog", { name: "Pause autopay?" })
    await pauseDialog.getByRole("button", { name: "Pause autopay" }).click()
    await page.getByText("Autopay is paused. Nothing is charged automatically until you turn it on again.").waitFor()
    expect(await detail("Status").textContent()).toBe("PausedYou paused autopay. Nothing is charged until you turn it on again below.")
    expect(await detail("Pays with").textContent()).toBe("Visa •••• 4242")
    expect((await asCustomer("ada", "GET", "/store/billing/autopay")).autopay).toMatchObject({ status: "paused", max_amount: 200 })
    await page.getByRole("button", { name: "Pause autopay" }).waitFor({ state: "detached" })
    expect(await seriousA11yViolations(page)).toEqual([])
    await screenshot(page, "autopay-paused-by-customer")
    expect(await page.getByLabel("Most to charge at once (optional)").inputValue()).toBe("200.00")
    await page.getByRole("checkbox", { name: /I agree/ }).check()
    await page.getByRole("button", { name: "Turn autopay on again" }).click()
    await page.getByText("Autopay is on with Visa •••• 4242, up to $200.00 a charge.").waitFor()
    expect((await asCustomer("ada", "GET", "/store/billing/autopay")).autopay).toMatchObject({ status: "active", pause_reason: null })

    // cancel, after a confirmation (keeping it first changes nothing)
    await page.getByRole("button", { name: "Cancel autopay" }).click()
    const dialog = page.getByRole("alertdialog", { name: "Cancel autopay?" })
    await dialog.waitFor()
    await dialog.getByRole("button", { name: "Keep autopay" }).click()
    await dialog.waitFor({ state: "hidden" })
    expect((await asCustomer("ada", "GET", "/store/billing/autopay")).autopay.status).toBe("active")
    await page.getByRole("button", { name: "Cancel autopay" }).click()
    await dialog.getByRole("button", { name: "Cancel autopay" }).click()
    await page.getByText("Autopay is off. Nothing more will be charged automatically.").waitFor()
    await page.getByText("Autopay is off", { exact: true }).waitFor()
    expect((await asCustomer("ada", "GET", "/store/billing/autopay")).autopay.status).toBe("none")
    expect(writes).toEqual(["PUT", "PUT", "POST", "PUT", "DELETE"])

    expect(problems()).toEqual([])
    await context.close()
  })

  it("paused because the card is gone at the provider: the reason, then turning it on again with a card", async () => {
    // (what a run leaves when the provider no longer has the enrolled card; set here in the database)
    await asCustomer("ada", "PUT", "/store/billing/autopay", { payment_method_id: cardId, consent: true })
    const db = new Client({ connectionString: process.env.BROWSER_DATABASE_URL })
    await db.connect()
    try {
      const { id } = (await asCustomer("ada", "GET", "/store/billing/autopay")).autopay
      await db.query(
        `UPDATE autopay_enrollment SET status = 'paused', paused_at = now(), pause_reason = 'the saved payment method is no longer available' WHERE id = $1`,
        [id]
      )
    } finally {
      await db.end()
    }
    const { context, page, problems } = await openAutopay("desktop")
    await page.goto(portalUrl("/autopay"))
    await page.getByRole("heading", { level: 1, name: "Autopay" }).waitFor()
    await page.getByText("The saved payment method is no longer available. Nothing is charged until you turn it on again below.").waitFor()
    // the method it names is the one that is gone
    expect(await page.getByTestId("current-autopay").locator(`dt:text-is("Pays with") + dd`).textContent()).toBe(
      "Visa •••• 4242No longer available: choose another below."
    )
    expect(await seriousA11yViolations(page)).toEqual([])
    await screenshot(page, "autopay-paused")

    await page.getByRole("radio", { name: "Visa •••• 4242" }).check()
    await page.getByRole("checkbox", { name: /I agree/ }).check()
    await page.getByRole("button", { name: "Turn autopay on again" }).click()
    await page.getByText(/Autopay is on with Visa •••• 4242/).waitFor()
    expect((await asCustomer("ada", "GET", "/store/billing/autopay")).autopay).toMatchObject({ status: "active", pause_reason: null })
    expect(problems()).toEqual([])
    await context.close()
    await ensureAdaWithoutAutopay()
  })

  it("375 px: the page fits the screen and reads without violations", async () => {
    const { context, page, problems } = await openAutopay("phone")
    await page.goto(portalUrl("/autopay"))
    await page.getByRole("heading", { level: 1, name: "Autopay" }).waitFor()
    await page.getByRole("radio", { name: "Visa •••• 4242" }).waitFor()
    await page.getByRole("button", { name: "Turn on autopay" }).click()
    await page.getByText("Tick the box to agree to the autopay terms").waitFor()
    expect(await horizontalOverflow(page)).toBe(0)
    expect(await seriousA11yViolations(page)).toEqual([])
    await screenshot(page, "autopay")
    expect(problems()).toEqual([])
    await context.close()
  })
})
