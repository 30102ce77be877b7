import type { Browser, Page } from "playwright-core"
import { ADA, ADA_DUE_DAYS } from "./fixtures"
import { portalUrl } from "./support/app"
import { asCustomer, utcDay } from "./support/account"
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

/** `YYYY-MM-DD` of `day` in the month `monthsAhead` from now (UTC, as the journeys' browser). */
function dayOfMonth(monthsAhead: number, day: number): string {
  const now = new Date()
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + monthsAhead, day)).toISOString().slice(0, 10)
}
const monthParam = (monthsAhead: number) => dayOfMonth(monthsAhead, 1).slice(0, 7)
const monthName = (monthsAhead: number) =>
  new Intl.DateTimeFormat("en-US", { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${dayOfMonth(monthsAhead, 1)}T00:00:00Z`))

/**
 * Journey: Home's activity calendar shows Ada's invoices on their due days
 * and her check on the day it was paid, today marked; it moves to next
 * month (in the address) and back; a grid on a desktop, a list of days on a
 * phone.
 */
describe("Home's activity calendar", () => {
  let browser: Browser
  let invoices: { id: string; number: string; due_at: string }[]
  let check: { id: string; completed_at: string | null; created_at: string }

  beforeAll(async () => {
    invoices = (await asCustomer("ada", "GET", "/store/billing/invoices?order=due_at")).invoices
    check = (await asCustomer("ada", "GET", "/store/billing/payments")).payments.find((p: any) => p.transaction_id === "CHECK-3101")
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  async function openHome(width: Width) {
    const context = await newContext(browser, width)
    const page = await context.newPage()
    const problems = watchForPageErrors(page)
    await signIn(page, "ada")
    await expectHome(page, "ada")
    await page.getByTestId("activity-calendar").waitFor()
    return { context, page, problems }
  }

  const invoiceDueOn = (day: string) => invoices.find((i) => utcDay(i.due_at) === day)!

  /** The texts of the events on one day, in the grid or the list, whichever shows. */
  const eventsOn = (page: Page, view: "calendar-grid" | "calendar-list", day: string) =>
    page.getByTestId(view).locator(`[data-day="${day}"] li[data-kind]`).allTextContents()

  it("1280 px: invoices due, the payment and today on their days; next month and back", async () => {
    const { context, page, problems } = await openHome("desktop")
    const first = dayOfMonth(0, ADA_DUE_DAYS.first)
    const second = dayOfMonth(0, ADA_DUE_DAYS.second)
    const today = new Date().toISOString().slice(0, 10)
    expect(utcDay(check.completed_at ?? check.created_at)).toBe(today)

    await page.getByTestId("calendar-grid").waitFor()
    expect(await page.getByTestId("calendar-month").textContent()).toBe(monthName(0))
    expect(await page.getByTestId("calendar-grid").locator("caption").textContent()).toBe(
      `${monthName(0)}: invoices due, payments and autopay charges`
    )
    await page.getByTestId("calendar-grid").locator(`[data-day="${first}"] li[data-kind="invoice"]`).waitFor()
    await page.getByTestId("calendar-grid").locator(`[data-day="${today}"] li[data-kind="payment"]`).waitFor()

    expect(await eventsOn(page, "calendar-grid", first)).toContain(`Invoice ${invoiceDueOn(first).number} due: ${ADA.first_due}`)
    expect(await eventsOn(page, "calendar-grid", second)).toContain(`Invoice ${invoiceDueOn(second).number} due: ${ADA.second_due}`)
    expect(await eventsOn(page, "calendar-grid", today)).toContain("Payment $60.00")
    // today is marked, for eyes and for screen readers
    expect(await page.getByTestId("calendar-grid").locator('[aria-current="date"]').getAttribute("data-day")).toBe(today)
    // each event leads to its invoice or receipt
    const invoiceLink = page.getByRole("link", { name: `Invoice ${invoiceDueOn(first).number} due: ${ADA.first_due}` })
    expect(await invoiceLink.getAttribute("href")).toBe(`/billing/invoices/${invoiceDueOn(first).id}`)
    expect(await page.getByRole("link", { name: "Payment $60.00" }).getAttribute("href")).toBe(`/billing/payments/${check.id}`)

    expect(await seriousA11yViolations(page)).toEqual([])
    await screenshot(page, "home-calendar")

    // next month: in the address, with next month's invoice
    await page.getByRole("link", { name: "Next month" }).click()
    await page.waitForURL((url) => url.searchParams.get("month") === monthParam(1))
    await page.getByTestId("calendar-month").getByText(monthName(1)).waitFor()
    const nextDue = dayOfMonth(1, ADA_DUE_DAYS.nextMonth)
    await page.getByTestId("calendar-grid").locator(`[data-day="${nextDue}"] li[data-kind="invoice"]`).waitFor()
    expect(await eventsOn(page, "calendar-grid", nextDue)).toEqual([`Invoice ${invoiceDueOn(nextDue).number} due: ${ADA.next_month_due}`])
    expect(await page.getByTestId("calendar-grid").locator('[aria-current="date"]').count()).toBe(0)
    expect(await page.getByTestId("calendar-grid").locator(`[data-day="${first.replace(/^\d{4}-\d{2}/, monthParam(1))}"] li`).count()).toBe(0)

    // two months on: nothing, and it says so
    await page.getByRole("link", { name: "Next month" }).click()
    await page.getByTestId("calendar-empty").waitFor()
    expect(await page.getByTestId("calendar-empty").textContent()).toBe(`No invoices due, payments or autopay charges in ${monthName(2)}.`)

    // and back to this month
    await page.getByRole("link", { name: "This month" }).click()
    await page.getByTestId("calendar-month").getByText(monthName(0)).waitFor()
    await page.getByTestId("calendar-grid").locator(`[data-day="${today}"] li[data-kind="payment"]`).waitFor()
    expect(problems()).toEqual([])
    await context.close()
  })

  it("in a browser west of UTC (Los Angeles), a month's invoices are those due on its calendar days, the 1st included", async () => {
    const context = await newContext(browser, "desktop", "America/Los_Angeles")
    const page = await context.newPage()
    const problems = watchForPageErrors(page)
    const asked: URL[] = []
    page.on("request", (request) => {
      const url = new URL(request.url())
      if (url.pathname.endsWith("/store/billing/invoices") && url.searchParams.has("due_at[gte]")) asked.push(url)
    })
    await signIn(page, "ada")
    await expectHome(page, "ada")
    await page.goto(portalUrl(`/?month=${monthParam(1)}`))
    const fifth = dayOfMonth(1, ADA_DUE_DAYS.nextMonth)
    await page.getByTestId("calendar-grid").locator(`[data-day="${fifth}"] li[data-kind="invoice"]`).waitFor()
    // due dates are calendar days (midnight UTC): the month is asked for from its 1st to the next 1st, not from local midnight (08:00 UTC)
    const month = asked.find((url) => url.searchParams.get("due_at[gte]")?.startsWith(monthParam(1)))
    expect([month?.searchParams.get("due_at[gte]"), month?.searchParams.get("due_at[lt]")]).toEqual([
      `${monthParam(1)}-01T00:00:00.000Z`,
      `${monthParam(2)}-01T00:00:00.000Z`,
    ])
    expect(problems()).toEqual([])
    await context.close()
  })

  it("375 px: a list of the days with activity, dates as headings", async () => {
    const { context, page, problems } = await openHome("phone")
    const first = dayOfMonth(0, ADA_DUE_DAYS.first)
    const today = new Date().toISOString().slice(0, 10)
    await page.getByTestId("calendar-list").locator(`[data-day="${first}"]`).waitFor()
    expect(await page.getByTestId("calendar-grid").isVisible()).toBe(false)
    expect(await eventsOn(page, "calendar-list", first)).toContain(`Invoice ${invoiceDueOn(first).number} due: ${ADA.first_due}`)
    expect(await eventsOn(page, "calendar-list", today)).toContain("Payment $60.00")
    const heading = new Intl.DateTimeFormat("en-US", { weekday: "long", month: "long", day: "numeric", timeZone: "UTC" }).format(
      new Date(`${first}T12:00:00Z`)
    )
    await page.getByTestId("calendar-list").getByRole("heading", { name: heading }).waitFor()
    expect(await horizontalOverflow(page)).toBe(0)
    expect(await seriousA11yViolations(page)).toEqual([])
    await screenshot(page, "home-calendar")

    await page.getByRole("link", { name: "Previous month" }).click()
    await page.waitForURL((url) => url.searchParams.get("month") === monthParam(-1))
    await page.getByTestId("calendar-month").getByText(monthName(-1)).waitFor()
    expect(problems()).toEqual([])
    await context.close()
  })
})
