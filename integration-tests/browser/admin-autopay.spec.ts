import AxeBuilder from "@axe-core/playwright"
import type { Browser, Page } from "playwright-core"
import { asAdmin, asCustomer, seed } from "./support/app"
import { launchBrowser, newContext, screenshot, signInToAdmin, watchForPageErrors } from "./support/browser"

jest.setTimeout(180_000)

/** axe's serious and critical findings inside the admin's <main> (our page; Medusa's own shell is not ours to fix). */
async function pageA11yViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .include("main")
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
    .analyze()
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(" ")) }))
}

/**
 * Journey (issue 12, item 7): Tara has autopay on with her card and an
 * overdue invoice. The admin runs autopay for her only from her enrollment's
 * row: the toast gives the run's counts, the runs table shows the run, and
 * her invoice is paid. Then the admin cancels her enrollment after the
 * confirmation.
 */
describe("admin: autopay enrollments, run now for one customer, cancel", () => {
  let browser: Browser
  let page: Page
  let problems: () => string[]
  const taraId = () => seed.customers.tara

  beforeAll(async () => {
    const { payment_method } = await asCustomer("tara", "POST", "/store/billing/payment-methods", {
      type: "card",
      data: { number: "4242424242424242" },
    })
    const { account } = await asCustomer("tara", "GET", "/store/billing/account")
    await asCustomer("tara", "PUT", "/store/billing/autopay", {
      payment_method_id: payment_method.id,
      consent: true,
      terms_version: account.settings.autopay.terms_version,
    })
    browser = await launchBrowser()
    page = await (await newContext(browser)).newPage()
    problems = watchForPageErrors(page)
    await signInToAdmin(page, "/app/billing/autopay")
  })
  afterAll(async () => {
    await browser?.close()
  })

  const taraRow = () => page.locator("main table tbody tr").filter({ hasText: "Tara Singh" }).first()

  it("runs autopay for Tara only: the run's counts in a toast, the run in the table, her invoice paid", async () => {
    await page.getByRole("heading", { level: 1, name: "Autopay" }).waitFor()
    await taraRow().waitFor()
    const text = await taraRow().innerText()
    for (const shown of ["tara@browser.test", "Visa •••• 4242", "No cap", "Active"]) expect(text).toContain(shown)
    const [invoice] = (await asAdmin("GET", `/admin/billing/invoices?customer_id=${taraId()}`)).invoices
    expect(invoice).toMatchObject({ status: "open" })
    expect(await pageA11yViolations(page)).toEqual([])

    await page.getByRole("button", { name: "Actions for Tara Singh" }).click()
    await page.getByRole("menuitem", { name: "Run now" }).click()
    await page.getByText("Autopay ran for Tara Singh").waitFor()
    await page.getByText("Charged 1, skipped 0, failed 0").waitFor()

    // the runs table refreshed: a run for Tara, one charge
    const run = page.getByRole("table", { name: "Autopay runs" }).locator("tbody tr").filter({ hasText: "Tara Singh" }).first()
    await run.waitFor()
    const cells = await run.locator("td").allInnerTexts()
    expect(cells.slice(2, 7)).toEqual(["Tara Singh", "Run now", "1", "0", "0"])

    // what the server recorded: a run for her only, her invoice paid by an autopay card payment
    const { runs } = await asAdmin("GET", `/admin/billing/autopay?customer_id=${taraId()}`)
    expect(runs[0]).toMatchObject({ customer_id: taraId(), trigger: "admin", charged: 1, failed: 0 })
    expect((await asAdmin("GET", `/admin/billing/invoices/${invoice.id}`)).invoice).toMatchObject({ status: "paid" })
    const { payments } = await asAdmin("GET", `/admin/billing/payments?customer_id=${taraId()}`)
    expect(payments).toEqual([expect.objectContaining({ source: "autopay", status: "succeeded", amount: 95 })])
    await screenshot(page, "admin-autopay")
    expect(problems()).toEqual([])
  })

  it("cancels Tara's enrollment after the confirmation", async () => {
    await page.getByRole("button", { name: "Actions for Tara Singh" }).click()
    await page.getByRole("menuitem", { name: "Cancel autopay" }).click()
    const prompt = page.getByRole("alertdialog", { name: "Cancel autopay for Tara Singh?" })
    await prompt.waitFor()
    await prompt.getByText("They are told by email").waitFor()
    expect(await pageA11yViolations(page)).toEqual([])
    await prompt.getByRole("button", { name: "Cancel autopay" }).click()
    await page.getByText("Autopay canceled for Tara Singh").waitFor()
    await taraRow().getByText("Canceled").waitFor()
    const { enrollments } = await asAdmin("GET", `/admin/billing/autopay?customer_id=${taraId()}`)
    expect(enrollments).toEqual([expect.objectContaining({ status: "canceled", canceled_at: expect.any(String) })])
    expect(problems()).toEqual([])
  })
})
