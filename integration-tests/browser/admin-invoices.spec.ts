import AxeBuilder from "@axe-core/playwright"
import type { Browser, BrowserContext, Page } from "playwright-core"
import { CUSTOMERS, INES_NEW_INVOICE, INES_SEEDED } from "./fixtures"
import { asAdmin, baseUrl, portalUrl, seed } from "./support/app"
import { expectHome, launchBrowser, newContext, screenshot, signIn, signInToAdmin, watchForPageErrors } from "./support/browser"

jest.setTimeout(180_000)

/**
 * Journey: the admin runs an invoice from creation to payment. In /app:
 * create an invoice for Ines with two lines (the live total is the exact
 * sum), issue it; Ines sees it (number and amount) on the portal's
 * Invoices page; back in the admin, a check is recorded against it (its
 * reference on the detail, the status the API answers); voiding is refused
 * for her partly paid invoice and done for a fresh draft. axe-core on the
 * list, the create modal and the detail, scoped to our content (Medusa's
 * own shell is not ours to fix).
 */
describe("admin invoices: create, issue, see in the portal, record a check, void", () => {
  let browser: Browser
  let admin: BrowserContext
  let page: Page
  let problems: () => string[]
  const ines = () => seed.customers.ines

  beforeAll(async () => {
    browser = await launchBrowser()
    admin = await newContext(browser)
    page = await admin.newPage()
    problems = watchForPageErrors(page)
  })
  afterAll(async () => {
    await browser?.close()
  })

  /** serious/critical axe findings inside `selector` only */
  async function violations(selector: string) {
    const results = await new AxeBuilder({ page })
      .include(selector)
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
      .analyze()
    return results.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target.join(" ")) }))
  }
  async function expectAccessible(name: string, selector: string) {
    expect({ name, violations: await violations(selector) }).toEqual({ name, violations: [] })
  }

  let created: { id: string; number: string }

  it("lists invoices with customer names and filters by customer", async () => {
    await signInToAdmin(page, `/app/billing?customer_id=${ines()}`)
    await page.getByRole("heading", { level: 1, name: "Invoices" }).waitFor()
    await page.getByText(`Customer: ${CUSTOMERS.ines.first_name} ${CUSTOMERS.ines.last_name}`).waitFor()
    const row = page.getByRole("row").filter({ hasText: CUSTOMERS.ines.email })
    await row.first().waitFor()
    expect(await row.count()).toBe(1)
    expect(await row.innerText()).toContain(`${CUSTOMERS.ines.first_name} ${CUSTOMERS.ines.last_name}`)
    expect(await row.innerText()).toContain(INES_SEEDED.due)
    expect(await row.innerText()).toMatch(/Overdue · partly paid/)

    // the whole list, other customers' names included, never ids
    await page.getByRole("button", { name: /Remove filter: Customer/ }).click()
    await page.getByRole("row").filter({ hasText: CUSTOMERS.lena.email }).first().waitFor()
    expect(await page.locator("tbody").innerText()).not.toMatch(/\bcus_/)
    await screenshot(page, "admin-invoices-list")
    await expectAccessible("list", "main")
  })

  it("creates an invoice with two lines whose live total is their exact sum, then issues it", async () => {
    await page.getByRole("button", { name: "Create invoice" }).click()
    const dialog = page.getByRole("dialog")
    await dialog.getByRole("heading", { name: "Create invoice" }).waitFor()

    await dialog.getByLabel("Search customers").fill("ines")
    await dialog.getByRole("combobox", { name: "Customer" }).click()
    await page.getByRole("option", { name: `${CUSTOMERS.ines.first_name} ${CUSTOMERS.ines.last_name} · ${CUSTOMERS.ines.email}` }).click()
    await dialog.getByRole("combobox", { name: "Currency" }).filter({ hasText: "USD" }).waitFor()

    const [first, second] = INES_NEW_INVOICE.lines
    await dialog.getByLabel("Line 1 title").fill(first.title)
    await dialog.getByLabel("Line 1 quantity").fill(first.quantity)
    await dialog.getByLabel("Line 1 unit price").fill(first.unit_price)
    await dialog.getByRole("button", { name: "Add line" }).click()
    await dialog.getByLabel("Line 2 title").fill(second.title)
    await dialog.getByLabel("Line 2 quantity").fill(second.quantity)
    await dialog.getByLabel("Line 2 unit price").fill(second.unit_price)
    expect(await dialog.getByTestId("line-0-total").innerText()).toBe(first.total)
    expect(await dialog.getByTestId("line-1-total").innerText()).toBe(second.total)
    expect(await dialog.getByTestId("invoice-total").innerText()).toBe(INES_NEW_INVOICE.total)
    await dialog.getByLabel("Notes (shown on the invoice)").fill("Annual heating check-up")
    await screenshot(page, "admin-invoice-create")
    await expectAccessible("create modal", "[role=dialog]")

    await dialog.getByRole("button", { name: "Create draft" }).click()
    await page.waitForURL(/\/app\/billing\/invoices\/inv_/)
    const id = new URL(page.url()).pathname.split("/").pop()!
    const { invoice: draft } = await asAdmin("GET", `/admin/billing/invoices/${id}`)
    expect(draft).toMatchObject({ status: "draft", customer_id: ines(), currency_code: "usd", total: 173.04 })
    expect(draft.lines.map((l: any) => [l.title, l.quantity, l.total])).toEqual([
      [first.title, "1", 129.99],
      [second.title, "3", 43.05],
    ])
    created = { id, number: draft.number }

    await page.getByRole("heading", { level: 1, name: created.number }).waitFor()
    await page.getByRole("button", { name: "Issue" }).click()
    await page.getByText(`${created.number} issued`).waitFor()
    await page.getByRole("button", { name: "Record payment" }).waitFor()
    expect((await asAdmin("GET", `/admin/billing/invoices/${id}`)).invoice).toMatchObject({ status: "open", amount_due: 173.04 })
  })

  it("shows the issued invoice to Ines in the portal", async () => {
    const portal = await newContext(browser)
    try {
      const customerPage = await portal.newPage()
      await signIn(customerPage, "ines")
      await expectHome(customerPage, "ines")
      await customerPage.goto(portalUrl("/invoices"))
      await customerPage.getByRole("heading", { level: 1, name: "Invoices" }).waitFor()
      const row = customerPage.getByRole("row").filter({ has: customerPage.getByRole("link", { name: created.number }) })
      await row.waitFor()
      expect(await row.innerText()).toContain(INES_NEW_INVOICE.total)
    } finally {
      await portal.close()
    }
  })

  it("records a check against it: the reference on the detail, the status the API gives", async () => {
    await page.goto(`${baseUrl}/app/billing/invoices/${created.id}`)
    await page.getByRole("heading", { level: 1, name: created.number }).waitFor()
    await page.getByRole("button", { name: "Record payment" }).click()
    const drawer = page.getByRole("dialog")
    await drawer.getByText(`Record payment on ${created.number}`).waitFor()
    expect(await drawer.getByLabel("Amount (USD)").inputValue()).toBe("173.04")
    await drawer.getByLabel("Amount (USD)").fill(INES_NEW_INVOICE.check.amount)
    await drawer.getByLabel("Reference (check number, bank reference)").fill(INES_NEW_INVOICE.check.reference)

    // the first answer is lost on the way back (the server did record it): the form says so, and
    // sending it again answers the same payment under the same Idempotency-Key, not a second one
    const paymentsUrl = `**/admin/billing/invoices/${created.id}/payments`
    const keys: (string | undefined)[] = []
    let lost = false
    await page.route(paymentsUrl, async (route) => {
      keys.push(route.request().headers()["idempotency-key"])
      if (lost) return route.continue()
      lost = true
      await route.fetch()
      await route.abort("connectionreset")
    })
    await drawer.getByRole("button", { name: "Record payment" }).click()
    const failure = drawer.getByRole("alert").filter({ hasText: "No answer from the server" })
    await failure.getByText("Record payment again to retry: the same form is never recorded twice while this drawer is open.").waitFor()
    expect(await drawer.getByLabel("Amount (USD)").getAttribute("aria-invalid")).toBe("false")
    await page.mouse.move(0, 0)
    await screenshot(page, "admin-record-payment-retry")
    await drawer.getByRole("button", { name: "Record payment" }).click()
    await page.getByText(`Payment of $100.00 recorded on ${created.number}`).waitFor()
    await page.unroute(paymentsUrl)
    expect(keys).toEqual([expect.stringMatching(/^admin-payment-/), keys[0]])

    const { invoice } = await asAdmin("GET", `/admin/billing/invoices/${created.id}`)
    expect(invoice).toMatchObject({ status: "partially_paid", amount_paid: 100, amount_due: 73.04 })
    expect(invoice.allocations[0].payment).toMatchObject({ transaction_id: INES_NEW_INVOICE.check.reference, status: "succeeded" })

    // the page refreshed from the mutation: payment row with its link, new amount due, status
    const payment = page.getByRole("link", { name: INES_NEW_INVOICE.check.reference })
    await payment.waitFor()
    expect(await payment.getAttribute("href")).toBe(`/app/billing/payments/${invoice.allocations[0].customer_payment_id}`)
    expect(await page.getByTestId("summary-amount-due").innerText()).toBe(INES_NEW_INVOICE.check.left)
    await page.getByText("Partially paid", { exact: true }).first().waitFor()
    await page.getByRole("row").filter({ hasText: "Check" }).filter({ hasText: "$100.00" }).first().waitFor()
    // what the README shows: the page as it loads (no toast), tall enough for the payments and the ledger
    await page.reload()
    await page.getByRole("link", { name: INES_NEW_INVOICE.check.reference }).waitFor()
    await page.setViewportSize({ width: 1280, height: 1200 })
    await screenshot(page, "admin-invoice-detail")
    await page.setViewportSize({ width: 1280, height: 900 })
    await expectAccessible("detail", "main")
  })

  it("refuses to void an invoice with a payment, with the API's reason, and voids a fresh draft", async () => {
    await page.getByRole("button", { name: "Void" }).click()
    await page.getByRole("alertdialog").getByRole("button", { name: "Void invoice" }).click()
    await page.getByText(`Invoice ${created.number} has payments applied; refund them before voiding it`).waitFor()
    expect((await asAdmin("GET", `/admin/billing/invoices/${created.id}`)).invoice.status).toBe("partially_paid")

    const { invoice: draft } = await asAdmin("POST", "/admin/billing/invoices", {
      customer_id: ines(),
      currency_code: "usd",
      due_at: new Date(Date.now() + 14 * 86_400_000).toISOString(),
      lines: [{ title: "Duct cleaning", quantity: "1", unit_price: "60.00" }],
    })
    await page.goto(`${baseUrl}/app/billing/invoices/${draft.id}`)
    await page.getByRole("heading", { level: 1, name: draft.number }).waitFor()
    await page.getByRole("button", { name: "Void" }).click()
    await page.getByRole("alertdialog").getByRole("button", { name: "Void invoice" }).click()
    await page.getByText(`${draft.number} voided`).waitFor()
    expect((await asAdmin("GET", `/admin/billing/invoices/${draft.id}`)).invoice.status).toBe("void")
    await page.getByRole("button", { name: "Void" }).waitFor({ state: "detached" })
    expect(problems()).toEqual([])
  })
})
