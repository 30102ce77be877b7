import type { Browser } from "playwright-core"
import { portalUrl } from "./support/app"
import { asAdmin, asCustomer, portalSettings } from "./support/account"
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

const navLinks = (page: import("playwright-core").Page) =>
  page.getByRole("navigation", { name: "Portal sections" }).getByRole("link").allTextContents()

/**
 * Journey: Sid sends a service request about his invoice (errors next to
 * the fields, progress while sending), the business replies through the
 * admin API, and the reply and the new status show in his thread; a note
 * goes the same way on Service notes; with the tab switched off, Service
 * requests leaves the navigation and its address says it is not available.
 */
describe("service notes and requests", () => {
  let browser: Browser
  let original: Record<string, any>
  const stamp = Date.now().toString(36)

  beforeAll(async () => {
    original = await portalSettings()
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await portalSettings({ tabs: original.tabs })
    await browser?.close()
  })

  async function openAsSid(width: Width) {
    const context = await newContext(browser, width)
    const page = await context.newPage()
    const problems = watchForPageErrors(page)
    await signIn(page, "sid")
    await expectHome(page, "sid")
    return { context, page, problems }
  }

  it("1280 px: a request is sent, the business replies, the thread shows the reply and its status", async () => {
    const { context, page, problems } = await openAsSid("desktop")
    const before = (await asCustomer("sid", "GET", "/store/billing/service-requests?kind=request")).count
    await page.getByRole("navigation", { name: "Portal sections" }).getByRole("link", { name: "Service requests" }).click()
    await page.getByRole("heading", { level: 1, name: "Service requests" }).waitFor()
    if (before === 0) await page.getByText("No requests yet").waitFor()

    // nothing filled in: the errors sit next to their fields
    await page.getByRole("button", { name: "Send request" }).click()
    await page.getByText("Enter a subject").waitFor()
    await page.getByText("Enter a message").waitFor()
    expect(await page.getByLabel("Subject").getAttribute("aria-describedby")).toBe("request-subject-error")
    expect(await page.getByLabel("Message").getAttribute("aria-describedby")).toBe("request-message-error")

    // the API's refusal of a field is shown next to that field, in its words
    await page.route("**/store/billing/service-requests", (route) =>
      route.request().method() === "POST"
        ? route.fulfill({ status: 400, contentType: "application/json", body: JSON.stringify({ type: "invalid_data", message: "preferred_date must not be in the past" }) })
        : route.continue()
    )
    const subject = `Leaking tap ${stamp}`
    await page.getByLabel("Subject").fill(subject)
    await page.getByLabel("Message").fill("The kitchen tap drips since your last visit.\nCould someone come by?")
    const invoices = (await asCustomer("sid", "GET", "/store/billing/invoices")).invoices
    await page.getByLabel("About an invoice (optional)").selectOption({ label: invoices[0].number })
    const tomorrow = new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString().slice(0, 10)
    await page.getByLabel("Preferred date (optional)").fill(tomorrow)
    await page.getByRole("button", { name: "Send request" }).click()
    await page.getByText("must not be in the past").waitFor()
    expect(await page.getByLabel("Preferred date (optional)").getAttribute("aria-describedby")).toBe("request-preferred_date-error")
    await page.unroute("**/store/billing/service-requests")

    // sent for real: progress on the button, then the thread at the top of the list
    await page.getByRole("button", { name: "Send request" }).click()
    await page.getByText("Your request was sent. We will reply here.").waitFor()
    const thread = page.getByTestId("service-thread").filter({ hasText: subject })
    await thread.waitFor()
    expect(await page.getByTestId("service-thread").first().getByRole("heading").textContent()).toBe(subject)
    expect(await thread.getByTestId("service-status").textContent()).toBe("Open")
    await thread.getByText("No reply yet.").waitFor()
    await thread.getByRole("link", { name: `invoice ${invoices[0].number}` }).waitFor()
    expect(await page.getByLabel("Subject").inputValue()).toBe("")

    const list = (await asCustomer("sid", "GET", "/store/billing/service-requests?kind=request")).service_requests
    const sent = list.find((r: any) => r.subject === subject)
    expect(sent).toMatchObject({
      kind: "request",
      status: "open",
      message: "The kitchen tap drips since your last visit.\nCould someone come by?",
      invoice_id: invoices[0].id,
      preferred_date: tomorrow,
      admin_reply: null,
    })

    // the business replies (admin API); the thread shows it with the new status
    await asAdmin("POST", `/admin/billing/service-requests/${sent.id}/reply`, {
      message: "A plumber will come on the date you chose, between 8 and 10.",
      status: "in_progress",
    })
    await page.reload()
    await thread.getByTestId("service-reply").waitFor()
    expect(await thread.getByTestId("service-status").textContent()).toBe("In progress")
    await thread.getByText("A plumber will come on the date you chose, between 8 and 10.").waitFor()
    await thread.getByText(/^Reply from Acme Home Services/).waitFor()
    expect(await seriousA11yViolations(page)).toEqual([])
    await screenshot(page, "service-requests")

    // a note, on its own page
    await page.getByRole("navigation", { name: "Portal sections" }).getByRole("link", { name: "Service notes" }).click()
    await page.getByRole("heading", { level: 1, name: "Service notes" }).waitFor()
    expect(await page.getByLabel("Preferred date (optional)").count()).toBe(0)
    await page.getByLabel("Subject").fill(`Gate code ${stamp}`)
    await page.getByLabel("Message").fill("The side gate code is now 4821.")
    await page.getByRole("button", { name: "Send note" }).click()
    await page.getByText("Your note was sent.").waitFor()
    const note = page.getByTestId("service-thread").filter({ hasText: `Gate code ${stamp}` })
    expect(await note.getByTestId("service-status").textContent()).toBe("Open")
    const notes = (await asCustomer("sid", "GET", "/store/billing/service-requests?kind=note")).service_requests
    expect(notes[0]).toMatchObject({ kind: "note", subject: `Gate code ${stamp}`, message: "The side gate code is now 4821." })
    expect(await seriousA11yViolations(page)).toEqual([])
    await screenshot(page, "service-notes")

    expect(problems()).toEqual([])
    await context.close()
  })

  it("375 px: both pages fit the screen", async () => {
    const { context, page, problems } = await openAsSid("phone")
    for (const [path, name] of [["/service-requests", "Service requests"], ["/service-notes", "Service notes"]] as const) {
      await page.goto(portalUrl(path))
      await page.getByRole("heading", { level: 1, name }).waitFor()
      await page.getByTestId("service-thread").first().waitFor()
      expect({ path, overflow: await horizontalOverflow(page) }).toEqual({ path, overflow: 0 })
      // (axe already read both pages at 1280 px; the phone layout of requests has the extra fields)
      if (path === "/service-requests") expect(await seriousA11yViolations(page)).toEqual([])
      await screenshot(page, path.slice(1))
    }
    expect(problems()).toEqual([])
    await context.close()
  })

  it("Service requests switched off: gone from the navigation, its address says it is not available", async () => {
    await portalSettings({ tabs: { service_requests: false } })
    try {
      const { context, page } = await openAsSid("desktop")
      const links = await navLinks(page)
      expect(links).toContain("Service notes")
      expect(links).not.toContain("Service requests")
      await page.goto(portalUrl("/service-requests"))
      await page.getByRole("heading", { level: 1, name: "This section is not available" }).waitFor()
      await page.getByText("Service requests is not offered in this portal.").waitFor()
      // notes stay open, and show only notes
      await page.goto(portalUrl("/service-notes"))
      await page.getByRole("heading", { level: 1, name: "Service notes" }).waitFor()
      await page.getByTestId("service-thread").first().waitFor()
      expect(await page.getByText(`Leaking tap ${stamp}`).count()).toBe(0)
      await context.close()
    } finally {
      await portalSettings({ tabs: { service_requests: original.tabs.service_requests } })
    }
  })
})
