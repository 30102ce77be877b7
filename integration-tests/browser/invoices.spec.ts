import type { Browser, Download, Page } from "playwright-core"
import { LENA, LENA_INVOICES } from "./fixtures"
import { asAdmin, customerToken, portalUrl, readPortalSettings, seed, storeGet, updatePortalSettings } from "./support/app"
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

type ApiInvoice = { id: string; number: string; currency_code: string; status: string; amount_due: number; total: number }

/**
 * Journey: Lena's invoices. The status filter and the search narrow to
 * exactly the right invoices, pages move through ~25 of them, the sticky bar
 * adds the selection exactly (10.10 + 20.20 is $30.30, not a float's
 * 30.299…), one currency at a time, and "Pay selected" opens Make a payment
 * with those invoices; an invoice's page shows its amounts and payments and
 * downloads its PDF; another customer's invoice is not found; Leo has none;
 * with the Invoices tab off it is gone.
 */
describe("invoices: list, selection, detail", () => {
  let browser: Browser
  let original: Record<string, any>
  /** Lena's invoices by LENA_INVOICES key, as the API has them */
  const lena: Record<string, ApiInvoice> = {}

  beforeAll(async () => {
    original = await readPortalSettings()
    const { invoices } = (await storeGet("lena", "/store/billing/invoices?limit=100&order=display_id")) as { invoices: ApiInvoice[] }
    expect(invoices).toHaveLength(LENA_INVOICES.length)
    LENA_INVOICES.forEach((seed, i) => (lena[seed.key] = invoices[i]))
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await updatePortalSettings({ tabs: original.tabs })
    await browser?.close()
  })

  async function open(width: Width = "desktop", customer: "lena" | "leo" = "lena") {
    const context = await newContext(browser, width)
    const page = await context.newPage()
    const problems = watchForPageErrors(page)
    await signIn(page, customer)
    await expectHome(page, customer)
    return { context, page, problems }
  }

  /** The invoice numbers the list shows now (the visible layout: table or stacked rows). */
  async function shownNumbers(page: Page): Promise<string[]> {
    // the list's own answer: not fetching, and not the previous page's rows kept (dimmed) while the next one loads
    await page.locator("[aria-busy=false]:not(.opacity-60) [data-invoice]:visible").first().waitFor()
    return await page.locator("[data-invoice]:visible").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-invoice")!))
  }
  /** Every set of rows the list showed as its answer (not busy, not dimmed) while the pager said page 2, from now on. */
  async function watchReadyRows(page: Page) {
    await page.evaluate(() => {
      const seen: string[] = []
      ;(window as any).__readyRows = seen
      new MutationObserver(() => {
        const ready = document.querySelector("[aria-busy=false]:not(.opacity-60)")
        if (!ready || !/Page 2 of/.test(ready.textContent ?? "")) return
        const rows = [...ready.querySelectorAll("[data-invoice]")]
          .filter((r) => (r as HTMLElement).offsetParent !== null)
          .map((r) => r.getAttribute("data-invoice"))
          .join(",")
        if (seen[seen.length - 1] !== rows) seen.push(rows)
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true })
    })
    return { seen: () => page.evaluate(() => (window as any).__readyRows as string[]) }
  }
  const numbers = (...keys: string[]) => keys.map((k) => lena[k].number).sort()

  async function expectClean(page: Page, name: string) {
    expect({ name, overflow: await horizontalOverflow(page) }).toEqual({ name, overflow: 0 })
    expect({ name, violations: await seriousA11yViolations(page) }).toEqual({ name, violations: [] })
  }

  it("filters, searches and pages through the invoices, with the address keeping the choice", async () => {
    const { context, page, problems } = await open()
    await page.goto(portalUrl("/invoices"))
    await page.getByRole("heading", { level: 1, name: "Invoices" }).waitFor()
    await page.getByText(`Page 1 of 3 · ${LENA_INVOICES.length} invoices`).waitFor()
    // newest first: the kitchen water heater was issued last
    expect((await shownNumbers(page))[0]).toBe(lena.heater_kitchen.number)
    // "Pay all" per currency, with the balance the API gives
    await page.getByRole("link", { name: `Pay all ${LENA.usd_due}` }).waitFor()
    expect(await page.getByRole("link", { name: `Pay all ${LENA.eur_due}` }).getAttribute("href")).toBe(
      "/billing/make-payment?mode=total_balance&currency=eur"
    )
    await expectClean(page, "invoices")
    await screenshot(page, "invoices")

    await page.getByRole("button", { name: "Overdue", exact: true }).click()
    await page.waitForURL(/status=overdue/)
    await page.getByText(/^3 invoices$/).waitFor({ state: "attached" })
    expect((await shownNumbers(page)).sort()).toEqual(numbers(...LENA.overdue))
    expect(await page.locator("[data-invoice]:visible").getByText("Overdue", { exact: true }).count()).toBe(3)

    await page.getByRole("button", { name: "Unpaid", exact: true }).click()
    await page.waitForURL(/status=open/)
    await page.getByText(/^6 invoices$/).waitFor({ state: "attached" })
    expect((await shownNumbers(page)).sort()).toEqual(numbers(...LENA.unpaid))
    // the partly paid one (not overdue) says so
    await page.locator(`[data-invoice="${lena.partly.number}"]:visible`).getByText("Partly paid").waitFor()

    await page.getByRole("button", { name: "Paid", exact: true }).click()
    await page.getByText(/^19 invoices$/).waitFor({ state: "attached" })
    await page.getByText("Page 1 of 2 · 19 invoices").waitFor()
    const watching = await watchReadyRows(page)
    await page.getByRole("button", { name: "Next", exact: true }).click()
    await page.waitForURL(/page=2/)
    await page.getByText("Page 2 of 2 · 19 invoices").waitFor()
    const secondPage = await shownNumbers(page)
    expect(secondPage).toHaveLength(9)
    // never the first page's rows shown as the answer (not busy, not dimmed) once the pager says page 2
    expect(await watching.seen()).toEqual([secondPage.join(",")])

    // search by words of the notes, typed (debounced into the address): within "All"
    await page.getByRole("button", { name: "All", exact: true }).click()
    await page.getByLabel("Search invoices").fill("water heater")
    await page.waitForURL(/q=water\+heater/)
    await page.getByText(/^2 invoices$/).waitFor({ state: "attached" })
    expect((await shownNumbers(page)).sort()).toEqual(numbers("heater_garage", "heater_kitchen"))
    // by number
    await page.getByLabel("Search invoices").fill(lena.eur_open.number)
    await page.getByText(/^1 invoice$/).waitFor({ state: "attached" })
    expect(await shownNumbers(page)).toEqual([lena.eur_open.number])
    // Back returns to the previous search, field included
    await page.goBack()
    await page.getByText(/^2 invoices$/).waitFor({ state: "attached" })
    expect(await page.getByLabel("Search invoices").inputValue()).toBe("water heater")

    await page.getByLabel("Search invoices").fill("no such thing")
    await page.getByText("No invoice matches").waitFor()
    await page.getByRole("button", { name: "Show all invoices" }).click()
    await page.getByText(`Page 1 of 3 · ${LENA_INVOICES.length} invoices`).waitFor()
    expect(problems()).toEqual([])
    await context.close()
  })

  for (const width of ["desktop", "phone"] as const) {
    it(`${width}: the sticky bar adds the selection exactly, one currency at a time, and opens Make a payment with it`, async () => {
      const { context, page, problems } = await open(width)
      await page.goto(portalUrl("/invoices?q=water+heater"))
      await page.getByText(/^2 invoices$/).waitFor({ state: "attached" })
      await page.getByRole("checkbox", { name: `Select invoice ${lena.heater_garage.number}` }).click()
      await page.getByTestId("selection-summary").getByText("1 invoice selected · $10.10").waitFor()
      await page.getByRole("checkbox", { name: `Select invoice ${lena.heater_kitchen.number}` }).click()
      const pay = page.getByRole("link", { name: "Pay selected (2) $30.30" })
      await pay.waitFor()
      expect(await page.getByTestId("selection-summary").textContent()).toBe("2 invoices selected · $30.30")

      // the selection stays while searching; a EUR invoice cannot join it
      await page.getByLabel("Search invoices").fill(lena.eur_open.number)
      await page.locator(`[data-invoice="${lena.eur_open.number}"]:visible`).waitFor()
      await page.getByRole("checkbox", { name: `Select invoice ${lena.eur_open.number}` }).click()
      await page
        .getByRole("alert")
        .filter({ hasText: `${lena.eur_open.number} is in EUR and your selection is in USD. Invoices in different currencies are paid separately` })
        .waitFor()
      expect(await page.getByRole("checkbox", { name: `Select invoice ${lena.eur_open.number}` }).getAttribute("aria-checked")).toBe("false")
      // paid invoices have no checkbox
      await page.getByLabel("Search invoices").fill(lena.paid.number)
      await page.locator(`[data-invoice="${lena.paid.number}"]:visible`).waitFor()
      expect(await page.getByRole("checkbox").count()).toBe(0)

      expect(await horizontalOverflow(page)).toBe(0)
      expect(await seriousA11yViolations(page)).toEqual([])
      await screenshot(page, "invoices-selected")
      await pay.click()
      await page.waitForURL(/\/billing\/make-payment\?/)
      const url = new URL(page.url())
      expect(url.searchParams.get("invoices")).toBe(`${lena.heater_garage.id},${lena.heater_kitchen.id}`)
      expect(problems()).toEqual([])
      await context.close()
    })
  }

  it("an invoice's page: exact amounts, lines, the payment applied, Pay now, and its PDF", async () => {
    const { context, page, problems } = await open()
    await page.goto(portalUrl("/invoices?q=" + lena.partly.number))
    await page.getByRole("link", { name: lena.partly.number }).click()
    await page.getByRole("heading", { level: 1, name: `Invoice ${lena.partly.number}` }).waitFor()
    const totals = page.getByTestId("invoice-totals")
    const row = async (label: string) => (await totals.locator("div", { has: page.getByText(label, { exact: true }) }).last().textContent())
    expect(await row("Subtotal")).toBe("Subtotal$149.99")
    expect(await row("Tax")).toBe("Tax$0.00")
    expect(await row("Total")).toBe("Total$149.99")
    expect(await row("Paid")).toBe("Paid$50.00")
    expect(await totals.locator("div").last().textContent()).toBe("Amount due$99.99")
    expect(await page.getByTestId("invoice-amount-due").textContent()).toBe("$99.99")
    const lines = await page.getByTestId("invoice-lines").locator("tbody tr").evaluateAll((rows) =>
      rows.map((r) => [...r.querySelectorAll("td")].filter((td) => getComputedStyle(td).display !== "none").map((td) => td.innerText.split("\n")[0]))
    )
    expect(lines).toEqual([
      ["Radiator flush", "2", "$62.50", "$125.00"],
      ["Inhibitor", "1.5", "$16.66", "$24.99"],
    ])
    await page.getByText("Partly paid").first().waitFor()
    // the offline payment recorded by the business, with its transaction id and receipt link
    const payment = page.getByTestId("invoice-payments").locator("li")
    await payment.getByText("Transaction ID CHECK-2001").waitFor()
    expect(await payment.getByText("$50.00").count()).toBe(1)
    expect(await payment.getByRole("link", { name: /^Receipt/ }).getAttribute("href")).toMatch(/^\/billing\/payments\/[^/]+$/)
    expect(await page.getByRole("link", { name: "Pay now $99.99" }).getAttribute("href")).toBe(
      `/billing/make-payment?invoices=${lena.partly.id}`
    )
    await expectClean(page, "invoice-detail")
    await screenshot(page, "invoice-detail")

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download PDF" }).click()])
    expect(download.suggestedFilename()).toBe(`${lena.partly.number}.pdf`)
    expect((await readDownload(download)).subarray(0, 5).toString("latin1")).toBe("%PDF-")

    // a paid invoice offers no Pay now
    await page.goto(portalUrl(`/invoices/${lena.paid.id}`))
    await page.getByRole("heading", { level: 1, name: `Invoice ${lena.paid.number}` }).waitFor()
    expect(await page.getByTestId("invoice-amount-due").textContent()).toBe("$0.00")
    expect(await page.getByRole("link", { name: /^Pay now/ }).count()).toBe(0)
    expect(problems()).toEqual([])

    const phone = await open("phone")
    await phone.page.goto(portalUrl(`/invoices/${lena.partly.id}`))
    await phone.page.getByTestId("invoice-payments").waitFor()
    await expectClean(phone.page, "invoice-detail-phone")
    await screenshot(phone.page, "invoice-detail")
    await phone.context.close()
    await context.close()
  })

  it("shows an invoice's issue and due dates as the days the business set, in a time zone west of UTC too", async () => {
    // as the admin's form sends them: calendar days, stored as midnight UTC (the evening before in Chicago)
    const { invoice: draft } = await asAdmin("POST", "/admin/billing/invoices", {
      customer_id: seed.customers.nadia,
      currency_code: "usd",
      issued_at: "2026-11-02",
      due_at: "2027-01-15",
      lines: [{ title: "Flue inspection", quantity: "1", unit_price: "45.00" }],
    })
    await asAdmin("POST", `/admin/billing/invoices/${draft.id}/issue`, {})
    const context = await browser.newContext({ locale: "en-US", timezoneId: "America/Chicago", viewport: { width: 1280, height: 900 } })
    const token = await customerToken("nadia")
    const page = await context.newPage()
    const problems = watchForPageErrors(page)
    await page.addInitScript((t) => sessionStorage.setItem("medusa_billing_portal_token", t), token)
    await page.goto(portalUrl(`/invoices/${draft.id}`))
    await page.getByRole("heading", { level: 1, name: /^Invoice INV-/ }).waitFor()
    await page.getByText("Jan 15, 2027", { exact: true }).first().waitFor()
    await page.getByText("Nov 2, 2026", { exact: true }).first().waitFor()
    expect(await page.getByText("Jan 14, 2027").count()).toBe(0)
    await page.goto(portalUrl("/invoices"))
    await page.getByText("Jan 15, 2027", { exact: true }).first().waitFor()
    expect(problems()).toEqual([])
    await context.close()
  })

  it("another customer's invoice is not found; Leo has no invoices yet", async () => {
    const { invoices } = (await storeGet("jane", "/store/billing/invoices?limit=1")) as { invoices: ApiInvoice[] }
    const { context, page } = await open()
    await page.goto(portalUrl(`/invoices/${invoices[0].id}`))
    await page.getByRole("heading", { level: 1, name: "Invoice not found" }).waitFor()
    expect(await page.getByText(invoices[0].number).count()).toBe(0)
    await context.close()

    const leo = await open("phone", "leo")
    await leo.page.goto(portalUrl("/invoices"))
    await leo.page.getByText("No invoices yet").waitFor()
    expect(await leo.page.getByRole("link", { name: /^Pay all/ }).count()).toBe(0)
    await leo.page.getByRole("button", { name: "Overdue", exact: true }).click()
    await leo.page.getByText("No invoice matches").waitFor()
    await expectClean(leo.page, "invoices-empty")
    await screenshot(leo.page, "invoices-empty")
    await leo.context.close()
  })

  it("with the Invoices tab off, it leaves the navigation and its address says it is not available", async () => {
    await updatePortalSettings({ tabs: { invoices: false } })
    const { context, page } = await open()
    const nav = page.getByRole("navigation", { name: "Portal sections" })
    await nav.getByRole("link", { name: "History" }).waitFor()
    expect(await nav.getByRole("link", { name: "Invoices" }).count()).toBe(0)
    await page.goto(portalUrl(`/invoices/${lena.partly.id}`))
    await page.getByRole("heading", { level: 1, name: "This section is not available" }).waitFor()
    await page.goto(portalUrl("/invoices"))
    await page.getByText("Invoices is not offered in this portal.").waitFor()
    await context.close()
    await updatePortalSettings({ tabs: original.tabs })
  })
})

async function readDownload(download: Download): Promise<Buffer> {
  const stream = await download.createReadStream()
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}
