import AxeBuilder from "@axe-core/playwright"
import type { Browser, BrowserContext, Page } from "playwright-core"
import { CARL, CARL_BALANCE, CARL_REQUEST } from "./fixtures"
import { asAdmin, baseUrl } from "./support/app"
import { launchBrowser, newContext, screenshot, signInToAdmin, watchForPageErrors } from "./support/browser"

jest.setTimeout(120_000)

/**
 * axe-core's serious and critical findings inside one part of the page: our
 * widget or page content, not Medusa's own shell around it (its sidebar and
 * header have findings of their own that are not ours to fix).
 */
async function seriousViolationsIn(page: Page, selector: string) {
  const results = await new AxeBuilder({ page })
    .include(selector)
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
    .analyze()
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(" ")) }))
}

/** A bounded poll for what a subscriber writes after the request has answered. */
async function eventually<T>(read: () => Promise<T | undefined>, what: string, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await read()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`${what}: not there after ${ms} ms`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

/**
 * Journey: the admin works a customer from Medusa's customer page — Carl,
 * with two open invoices and no portal login — sends him an activation link,
 * then follows the receivables into the invoices list, and checks the
 * portal-users and service-requests pages.
 */
describe("the admin's customer page, receivables and portal users", () => {
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let problems: () => string[]
  let carlId: string

  beforeAll(async () => {
    const found = await asAdmin("GET", `/admin/billing/portal-users?q=${encodeURIComponent(CARL.email)}`)
    expect(found.portal_users).toHaveLength(1)
    carlId = found.portal_users[0].customer_id
    expect(found.portal_users[0].portal_status).toBe("none")
    browser = await launchBrowser()
    context = await newContext(browser)
    page = await context.newPage()
    problems = watchForPageErrors(page)
    await signInToAdmin(page)
  })
  afterAll(async () => {
    await browser?.close()
  })

  it("the customer widget shows Carl's balance exactly, and sends him an activation link", async () => {
    await page.goto(`${baseUrl}/app/customers/${carlId}`)
    const widget = page.getByTestId("customer-billing-widget")
    await widget.getByRole("heading", { level: 2, name: "Billing" }).waitFor({ timeout: 60_000 })

    const usd = widget.getByTestId("balance-usd")
    await usd.waitFor()
    const stat = (label: string) => usd.locator("div", { has: page.locator("dt", { hasText: label }) }).locator("dd")
    expect(await stat("Balance").textContent()).toBe(CARL_BALANCE.total)
    expect(await stat("Past due").textContent()).toBe(CARL_BALANCE.past_due)
    expect(await stat("Pending").textContent()).toBe(CARL_BALANCE.pending)
    expect(await stat("Credit").textContent()).toBe(CARL_BALANCE.credit)

    // the last invoices link to their detail pages; New invoice opens the list's create modal for Carl
    const { invoices } = await asAdmin("GET", `/admin/billing/invoices?customer_id=${carlId}&order=-display_id&limit=5`)
    expect(invoices).toHaveLength(2)
    for (const invoice of invoices) {
      const link = widget.getByRole("link", { name: invoice.number })
      await link.waitFor()
      expect(await link.getAttribute("href")).toBe(`/app/billing/invoices/${invoice.id}`)
    }
    await widget.getByText("No payments yet.").waitFor()
    expect(await widget.getByRole("link", { name: "New invoice" }).getAttribute("href")).toBe(
      `/app/billing?new=1&customer_id=${carlId}`
    )
    await widget.getByRole("heading", { level: 3, name: "Autopay" }).waitFor()
    await widget.getByText("off", { exact: true }).waitFor()

    const status = widget.getByTestId("portal-status")
    expect(await status.textContent()).toBe("No login")
    expect(await seriousViolationsIn(page, '[data-testid="customer-billing-widget"]')).toEqual([])
    await screenshot(page, "admin-customer-widget")

    await widget.getByRole("button", { name: "Send activation link" }).click()
    await page.getByText(`Activation link sent to ${CARL.email}`).waitFor()
    await widget.getByRole("button", { name: "Resend invitation" }).waitFor()
    expect(await status.textContent()).toBe("Invited")

    // what the server recorded: Carl invited, and the invitation email stored for him
    const after = await asAdmin("GET", `/admin/billing/portal-users?customer_id=${carlId}`)
    expect(after.portal_users.map((u: any) => [u.customer_id, u.portal_status])).toEqual([[carlId, "invited"]])
    expect(after.portal_users[0].invitation_expires_at).toBeTruthy()
    const email = await eventually(async () => {
      const { notifications } = await asAdmin(
        "GET",
        `/admin/notifications?to=${encodeURIComponent(CARL.email)}&fields=id,template,to,created_at&limit=20`
      )
      return (notifications as any[]).find((n) => n.template === "billing.invitation")
    }, "Carl's invitation email")
    expect(email.to).toBe(CARL.email)
    await screenshot(page, "admin-customer-widget-invited")

    // the admin turns his portal access off (the open invitation goes with it), on again, and invites him again
    await widget.getByRole("button", { name: "Turn off portal access" }).click()
    const confirm = page.getByRole("alertdialog", { name: "Turn off portal access?" })
    await confirm.getByRole("button", { name: "Turn off portal access" }).click()
    await page.getByText("Portal access turned off").waitFor()
    await widget.getByRole("button", { name: "Turn portal access on" }).waitFor()
    expect(await status.textContent()).toBe("Access off")
    expect((await asAdmin("GET", `/admin/billing/portal-users?customer_id=${carlId}`)).portal_users[0].portal_status).toBe("disabled")
    expect(await seriousViolationsIn(page, '[data-testid="customer-billing-widget"]')).toEqual([])
    await screenshot(page, "admin-customer-widget-access-off")
    await widget.getByRole("button", { name: "Turn portal access on" }).click()
    await widget.getByRole("button", { name: "Send activation link" }).waitFor()
    expect(await status.textContent()).toBe("No login")
    await widget.getByRole("button", { name: "Send activation link" }).click()
    await widget.getByRole("button", { name: "Resend invitation" }).waitFor()
    expect(await status.textContent()).toBe("Invited")
  })

  it("an aging bucket links to its invoices; the ledger badge says healthy", async () => {
    await page.goto(`${baseUrl}/app/billing`)
    await page.getByRole("heading", { level: 2, name: "Receivables aging" }).waitFor({ timeout: 60_000 })
    // "Checking ledger…" until the invariant queries answer
    await page.getByTestId("ledger-health").filter({ hasText: "Ledger healthy" }).first().waitFor()
    await screenshot(page, "admin-billing-aging")

    const links = page.locator('a[href^="/app/billing?aging="]')
    expect(await links.count()).toBeGreaterThanOrEqual(5)
    const usd130 = page.locator('a[href="/app/billing?aging=1_30&currency_code=usd"]')
    expect(await usd130.count()).toBe(1)
    await usd130.click()
    await page.waitForURL(`${baseUrl}/app/billing?aging=1_30&currency_code=usd`)
    expect(new URL(page.url()).searchParams.get("aging")).toBe("1_30")
  })

  it("the portal-users and service-requests pages: filters in the URL, Carl's row and request, no serious axe finding", async () => {
    await page.goto(`${baseUrl}/app/billing/portal-users?q=${encodeURIComponent(CARL.email)}`)
    await page.getByRole("heading", { level: 1, name: "Portal users" }).waitFor({ timeout: 60_000 })
    const row = page.getByRole("row", { name: new RegExp(CARL.email) })
    await row.waitFor()
    expect(await row.getByText("Invited").count()).toBe(1)
    expect(await page.getByLabel("Search portal users").inputValue()).toBe(CARL.email)
    expect(await seriousViolationsIn(page, "main")).toEqual([])
    await screenshot(page, "admin-portal-users")

    await page.goto(`${baseUrl}/app/billing/service-requests`)
    await page.getByRole("heading", { level: 1, name: "Service notes and requests" }).waitFor({ timeout: 60_000 })
    const subject = page.getByRole("button", { name: CARL_REQUEST.subject })
    await subject.waitFor()
    expect(await seriousViolationsIn(page, "main")).toEqual([])
    await screenshot(page, "admin-service-requests")

    await subject.click()
    const requestId = new URL(page.url()).searchParams.get("id")
    expect(requestId).toMatch(/^sreq_/)
    const drawer = page.getByRole("dialog")
    await drawer.getByText(CARL_REQUEST.message).waitFor()
    await drawer.getByRole("link", { name: `${CARL.first_name} ${CARL.last_name}` }).waitFor()
    await screenshot(page, "admin-service-request-drawer")

    // the reply is emailed and recorded; the request moves to "in progress"
    const reply = "We will send someone to close it today."
    await drawer.getByLabel("Reply to the customer (emailed)").fill(reply)
    await drawer.getByRole("button", { name: "Send reply" }).click()
    await page.getByText("Reply sent to the customer").waitFor()
    await drawer.getByText(reply).waitFor()
    const { service_request } = await asAdmin("GET", `/admin/billing/service-requests/${requestId}`)
    expect([service_request.status, service_request.admin_reply]).toEqual(["in_progress", reply])

    await page.keyboard.press("Escape")
    await drawer.waitFor({ state: "hidden" })
    expect(new URL(page.url()).searchParams.get("id")).toBeNull()
    // the open-only list no longer shows it (other journeys' requests may still be there)
    await page.getByRole("button", { name: CARL_REQUEST.subject }).waitFor({ state: "detached" })
    expect(problems()).toEqual([])
  })
})
