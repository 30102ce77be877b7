import type { Browser, Download, Page } from "playwright-core"
import { formatMoney } from "../../src/client/money"
import { LENA_INVOICES } from "./fixtures"
import { portalUrl, readPortalSettings, storeGet, updatePortalSettings } from "./support/app"
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

type Entry = { id: string; amount: number; balance_after: number; description: string | null }

/**
 * Journey: Lena's History (running balance as the API computes it, per
 * currency, a date range, what the settings hide stays hidden, the
 * statement PDF) and her Documents (invoice PDFs, receipts, statements);
 * Leo's empty states.
 */
describe("history and documents", () => {
  let browser: Browser
  let original: Record<string, any>

  beforeAll(async () => {
    original = await readPortalSettings()
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await updatePortalSettings({ tabs: original.tabs, history: original.history })
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

  async function expectClean(page: Page, name: string) {
    expect({ name, overflow: await horizontalOverflow(page) }).toEqual({ name, overflow: 0 })
    expect({ name, violations: await seriousA11yViolations(page) }).toEqual({ name, violations: [] })
  }

  /** The running balances the visible ledger shows, newest first. */
  async function shownBalances(page: Page): Promise<string[]> {
    await page.locator("[aria-busy=false] [data-entry]:visible").first().waitFor()
    return await page.locator("[data-entry]:visible").evaluateAll((rows) =>
      rows.map((r) => (r.querySelector("[data-testid=running-balance]") as HTMLElement | null)?.innerText ?? (r as HTMLElement).innerText.match(/Balance (.+)$/m)?.[1] ?? "")
    )
  }
  const balancesOf = (entries: Entry[], currency: string) => entries.map((e) => formatMoney(e.balance_after, currency))

  it("shows the ledger with the API's running balance, per currency and date range, and downloads the statement", async () => {
    const usd = (await storeGet("lena", "/store/billing/history?currency_code=usd&limit=25")) as { history: Entry[]; count: number }
    expect(usd.history[0].balance_after).toBe(310.29)
    const { context, page, problems } = await open()
    await page.goto(portalUrl("/history?currency=usd"))
    await page.getByRole("heading", { level: 1, name: "History" }).waitFor()
    expect(await shownBalances(page)).toEqual(balancesOf(usd.history, "usd"))
    expect((await shownBalances(page))[0]).toBe("$310.29")
    await page.getByText(`Page 1 of ${Math.ceil(usd.count / 25)} · ${usd.count} entries`).waitFor()
    // charges and payments in their own columns, unsigned
    const payment = usd.history.find((e) => e.amount < 0)!
    const paymentRow = page.locator(`[data-entry="${payment.id}"]:visible td`)
    expect(await paymentRow.nth(3).textContent()).toBe(formatMoney(String(payment.amount).slice(1), "usd"))
    expect(await paymentRow.nth(2).textContent()).toBe("")
    await expectClean(page, "history")
    await screenshot(page, "history")

    // EUR
    await page.getByRole("button", { name: "EUR", exact: true }).click()
    const eur = (await storeGet("lena", "/store/billing/history?currency_code=eur&limit=25")) as { history: Entry[] }
    await page.waitForURL(/currency=eur/)
    await page.locator(`[data-entry="${eur.history[0].id}"]:visible`).waitFor()
    expect(await shownBalances(page)).toEqual(balancesOf(eur.history, "eur"))
    expect((await shownBalances(page))[0]).toBe("€264.99")

    // a date range: the last 45 days of USD
    const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10)
    const from = day(45)
    const to = day(0)
    await page.getByRole("button", { name: "USD", exact: true }).click()
    await page.getByLabel("From", { exact: true }).first().fill(from)
    await page.waitForURL(/from=/)
    const ranged = (await storeGet(
      "lena",
      `/store/billing/history?currency_code=usd&limit=25&occurred_at[gte]=${from}T00:00:00.000Z`
    )) as { history: Entry[]; count: number }
    expect(ranged.count).toBeLessThan(usd.count)
    await page.locator("[data-entry]:visible").nth(ranged.count - 1).waitFor()
    expect(await page.locator("[data-entry]:visible").count()).toBe(ranged.count)
    expect(await shownBalances(page)).toEqual(balancesOf(ranged.history, "usd"))

    // the statement for that range: the builder starts from the page's dates
    const statement = page.getByRole("form", { name: "Statement" })
    expect(await statement.getByLabel("From").inputValue()).toBe(from)
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      statement.getByRole("button", { name: "Download statement (PDF)" }).click(),
    ])
    expect(download.suggestedFilename()).toBe(`statement-USD-${from}-to-${to}.pdf`)
    expect((await readDownload(download)).subarray(0, 5).toString("latin1")).toBe("%PDF-")

    // all time; then the API's refusal in its own words next to the button
    await statement.getByLabel("All time").check()
    const [all] = await Promise.all([page.waitForEvent("download"), statement.getByRole("button", { name: "Download statement (PDF)" }).click()])
    expect(all.suggestedFilename()).toBe(`statement-USD-all-to-${to}.pdf`)
    expect((await readDownload(all)).subarray(0, 5).toString("latin1")).toBe("%PDF-")
    await page.route("**/store/billing/statement*", (route) =>
      route.fulfill({ status: 400, contentType: "application/json", body: JSON.stringify({ type: "invalid_data", message: "from must not be after to" }) })
    )
    await statement.getByRole("button", { name: "Download statement (PDF)" }).click()
    await statement.getByRole("alert").filter({ hasText: "The statement could not be made: from must not be after to" }).waitFor()
    await page.unroute("**/store/billing/statement*")
    // a range needs its first day
    await statement.getByLabel("Dates I choose").check()
    await statement.getByLabel("From").fill("")
    await statement.getByRole("button", { name: "Download statement (PDF)" }).click()
    await statement.getByText("Choose the first day of the statement").waitFor()
    expect(await statement.getByLabel("From").getAttribute("aria-invalid")).toBe("true")
    expect(problems().filter((p) => !p.includes("400"))).toEqual([])
    await context.close()

    const phone = await open("phone")
    await phone.page.goto(portalUrl("/history?currency=usd"))
    await phone.page.locator("[data-entry]:visible").first().waitFor()
    expect(await shownBalances(phone.page)).toEqual(balancesOf(usd.history, "usd"))
    await expectClean(phone.page, "history-phone")
    await screenshot(phone.page, "history")
    await phone.context.close()
  })

  it("what the history settings hide stays hidden", async () => {
    await updatePortalSettings({ history: { show_charges: true, show_payments: false } })
    const charges = (await storeGet("lena", "/store/billing/history?currency_code=usd&limit=25")) as { history: Entry[]; count: number }
    expect(charges.history.every((e) => e.amount > 0)).toBe(true)
    const { context, page } = await open()
    await page.goto(portalUrl("/history?currency=usd"))
    await page.getByText("Payments are not listed here").waitFor()
    expect(await shownBalances(page)).toEqual(balancesOf(charges.history, "usd"))
    expect(await page.locator("[data-entry]:visible").getByText("Payment received").count()).toBe(0)
    await context.close()
    await updatePortalSettings({ history: original.history })
  })

  it("Documents: invoice PDFs, receipts and statements, each downloaded", async () => {
    const { context, page, problems } = await open()
    await page.getByRole("navigation", { name: "Portal sections" }).getByRole("link", { name: "Documents" }).click()
    await page.getByRole("heading", { level: 1, name: "Documents" }).waitFor()
    const { invoices } = (await storeGet("lena", "/store/billing/invoices?limit=10")) as { invoices: { number: string }[] }
    const invoiceRows = page.getByTestId("invoice-documents").locator("li")
    await invoiceRows.first().waitFor()
    expect(await invoiceRows.count()).toBe(10)
    const [pdf] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: `Download ${invoices[0].number}` }).click(),
    ])
    expect(pdf.suggestedFilename()).toBe(`${invoices[0].number}.pdf`)
    expect((await readDownload(pdf)).subarray(0, 5).toString("latin1")).toBe("%PDF-")

    const { payments, count } = (await storeGet("lena", "/store/billing/payments?status=succeeded&limit=10")) as {
      payments: { id: string; transaction_id: string }[]
      count: number
    }
    expect(count).toBe(LENA_INVOICES.filter((invoice) => invoice.paid).length)
    const receipts = page.getByTestId("receipt-documents").locator("li")
    await receipts.first().waitFor()
    expect(await receipts.count()).toBe(10)
    const [receipt] = await Promise.all([page.waitForEvent("download"), receipts.first().getByRole("button", { name: /^Download receipt/ }).click()])
    expect(receipt.suggestedFilename()).toBe(`receipt-${payments[0].transaction_id}.pdf`)
    expect((await readDownload(receipt)).subarray(0, 5).toString("latin1")).toBe("%PDF-")

    // a failed download says why, next to its button
    await page.route("**/store/billing/invoices/*/pdf", (route) =>
      route.fulfill({ status: 404, contentType: "application/json", body: JSON.stringify({ type: "not_found", message: "Invoice was not found" }) })
    )
    await invoiceRows.nth(1).getByRole("button").click()
    await invoiceRows.nth(1).getByRole("alert").filter({ hasText: "The download failed: Invoice was not found" }).waitFor()
    await page.unroute("**/store/billing/invoices/*/pdf")

    const statement = page.getByRole("form", { name: "Statement" })
    await statement.getByLabel("Currency").selectOption("eur")
    const [eur] = await Promise.all([page.waitForEvent("download"), statement.getByRole("button", { name: "Download statement (PDF)" }).click()])
    expect(eur.suggestedFilename()).toMatch(/^statement-EUR-all-to-\d{4}-\d{2}-\d{2}\.pdf$/)
    expect((await readDownload(eur)).subarray(0, 5).toString("latin1")).toBe("%PDF-")
    expect(problems().filter((p) => !p.includes("404"))).toEqual([])

    for (const width of ["desktop", "phone"] as const) {
      const view = width === "desktop" ? { page } : await open(width)
      if (width === "phone") await view.page.goto(portalUrl("/documents"))
      await view.page.getByTestId("receipt-documents").waitFor()
      await expectClean(view.page, `documents-${width}`)
      await screenshot(view.page, "documents")
    }
    await context.close()
  })

  it("Leo: empty history and documents", async () => {
    const { context, page } = await open("phone", "leo")
    await page.goto(portalUrl("/history?currency=usd"))
    await page.getByText("No account activity yet").waitFor()
    await expectClean(page, "history-empty")
    await page.goto(portalUrl("/documents"))
    await page.getByText("No invoices yet.").waitFor()
    await page.getByText("No payments yet: a receipt shows here for each payment you make.").waitFor()
    await page.getByText("No statement yet: there is no activity on your account.").waitFor()
    await expectClean(page, "documents-empty")
    await screenshot(page, "documents-empty")
    await context.close()
  })
})

async function readDownload(download: Download): Promise<Buffer> {
  const stream = await download.createReadStream()
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}
