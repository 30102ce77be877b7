import type { Browser, Page } from "playwright-core"
import { CUSTOMERS } from "./fixtures"
import { asCustomer, customerToken, portalUrl, storeGet } from "./support/app"
import {
  expectHome,
  horizontalOverflow,
  launchBrowser,
  newContext,
  recordScripts,
  screenshot,
  seriousA11yViolations,
  signIn,
  watchForPageErrors,
} from "./support/browser"

/**
 * Make a payment for Paul: by keyboard alone, at 375 px (keeping the card
 * for autopay), and the page's first-load budget. (Pia's journeys are in
 * payment.spec.ts.)
 */

jest.setTimeout(120_000)

type Inv = { id: string; number: string; amount_due: number; amount_pending: number; status: string }


async function openMakePayment(page: Page, customer: "pia" | "paul", path = "/make-payment") {
  await signIn(page, customer)
  await expectHome(page, customer)
  await page.goto(portalUrl(path))
  await page.getByRole("heading", { level: 1, name: "Make a payment" }).waitFor()
}

const previewRows = async (page: Page) =>
  (await page.getByTestId("preview-row").allInnerTexts()).map((t) => t.replace(/\s+/g, " ").trim())

describe("Make a payment's first load", () => {
  it("stays within 150 KB of gzipped JavaScript from a cold cache", async () => {
    const browser = await launchBrowser()
    try {
      const context = await newContext(browser)
      const token = await customerToken("pia")
      const page = await context.newPage()
      await page.addInitScript((t) => sessionStorage.setItem("medusa_billing_portal_token", t), token)
      const scripts = recordScripts(page)
      await page.goto(portalUrl("/make-payment"))
      await page.getByRole("heading", { level: 1, name: "Make a payment" }).waitFor()
      await page.getByRole("region", { name: "How to pay" }).waitFor()
      const load = await scripts.gzippedKb()
      console.log(`Make a payment, first-load JavaScript gzipped: ${load.kb} KB (${load.files.join(", ")})`)
      expect(load.kb).toBeLessThanOrEqual(150)
    } finally {
      await browser.close()
    }
  })
})

/** What has the keyboard focus: its id and its text, for walking the page with Tab. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null
    return { id: el?.id ?? "", text: (el?.innerText || el?.getAttribute("aria-label") || "").trim(), tag: el?.tagName ?? "" }
  })

/** Presses Tab until the focused element matches, as a keyboard user would (at most `limit` presses). */
async function tabTo(page: Page, match: (f: { id: string; text: string; tag: string }) => boolean, limit = 40) {
  const trail: string[] = []
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab")
    const f = await focused(page)
    trail.push(f.id || f.text || f.tag)
    if (match(f)) return
  }
  throw new Error(`Tab never reached the element; focus went ${trail.join(" → ")}`)
}

/** Paul pays by keyboard alone, then on a phone. */
describe("Make a payment by keyboard and on a phone", () => {
  let browser: Browser

  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    // Paul leaves without autopay or saved methods (payment-methods.spec.ts starts from none)
    await asCustomer("paul", "DELETE", "/store/billing/autopay").catch(() => {})
    const { payment_methods } = await storeGet("paul", "/store/billing/payment-methods")
    for (const method of payment_methods) await asCustomer("paul", "DELETE", `/store/billing/payment-methods/${method.id}`)
    await browser?.close()
  })

  const paulInvoices = async (): Promise<Inv[]> =>
    (await storeGet("paul", "/store/billing/invoices?order=due_at&limit=50")).invoices

  it("pays a selected invoice with the keyboard alone", async () => {
    const boiler = (await paulInvoices()).find((i) => i.amount_due === 110)!
    const context = await newContext(browser)
    const page = await context.newPage()
    const problems = watchForPageErrors(page)

    await page.goto(portalUrl("/sign-in"))
    await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor()
    await tabTo(page, (f) => f.id === "email")
    await page.keyboard.type(CUSTOMERS.paul.email)
    await tabTo(page, (f) => f.id === "password")
    await page.keyboard.type(CUSTOMERS.paul.password)
    await page.keyboard.press("Enter")
    await expectHome(page, "paul")

    await tabTo(page, (f) => f.tag === "A" && f.text === "Make a payment")
    await page.keyboard.press("Enter")
    await page.getByRole("heading", { level: 1, name: "Make a payment" }).waitFor()
    // the options (shown once the balances have loaded): arrow keys move the choice to "Selected invoices"
    await page.getByRole("radio", { name: /Selected invoices/ }).waitFor()
    await tabTo(page, (f) => f.id.startsWith("mode-"))
    for (let i = 0; i < 5 && (await focused(page)).id !== "mode-selected_invoices"; i++) await page.keyboard.press("ArrowDown")
    expect((await focused(page)).id).toBe("mode-selected_invoices")
    await page.getByRole("radio", { name: /Selected invoices/, checked: true }).waitFor()
    await tabTo(page, (f) => f.id === `invoice-${boiler.id}`)
    await page.keyboard.press("Space")
    await page.getByRole("radio", { name: /Selected invoices \(1\)/ }).waitFor()
    await tabTo(page, (f) => f.id === "new-method-card-number")
    await page.keyboard.type("4242424242424242")
    // the button stays disabled until the preview of the selection has answered; a keyboard user waits for it
    await page.getByRole("button", { name: "Pay $110.00", disabled: false }).waitFor()
    await tabTo(page, (f) => f.tag === "BUTTON" && f.text === "Pay $110.00")
    await page.keyboard.press("Enter")
    await page.getByRole("heading", { level: 1, name: "Thank you, your payment went through" }).waitFor()
    expect(await page.getByTestId("payment-amount").innerText()).toBe("$110.00")
    expect((await paulInvoices()).find((i) => i.id === boiler.id)).toMatchObject({ status: "paid", amount_due: 0 })
    expect(problems()).toEqual([])
    await context.close()
  })

  it("pays the current charges at 375 px wide without sideways scrolling", async () => {
    const context = await newContext(browser, "phone")
    const page = await context.newPage()
    const problems = watchForPageErrors(page)
    await openMakePayment(page, "paul", "/make-payment?mode=current_charges&currency=usd")
    const radiator = (await paulInvoices()).find((i) => i.amount_due === 30)!
    await page.getByRole("button", { name: "Pay $30.00" }).waitFor()
    expect(await previewRows(page)).toEqual([`Invoice ${radiator.number} $30.00`])
    await page.getByLabel("Card number").fill("4242424242424242")
    // keep the card for autopay, agreeing to the terms shown next to the box
    await page.getByText("I authorize the business to charge").waitFor()
    await page.getByRole("checkbox", { name: /Save this card and use it for autopay/ }).click()
    expect(await horizontalOverflow(page)).toBe(0)
    expect(await seriousA11yViolations(page)).toEqual([])
    await screenshot(page, "make-payment")
    await page.getByRole("button", { name: "Pay $30.00" }).click()
    await page.getByRole("heading", { level: 1, name: "Thank you, your payment went through" }).waitFor()
    await page.getByText(`Invoice ${radiator.number}`).waitFor()
    await page.getByText("Autopay is on with Visa •••• 4242.").waitFor()
    const { autopay } = await storeGet("paul", "/store/billing/autopay")
    const { payment_methods } = await storeGet("paul", "/store/billing/payment-methods")
    expect(payment_methods.map((m: any) => m.last4)).toEqual(["4242"])
    expect(autopay).toMatchObject({ status: "active", payment_method_id: payment_methods[0].id })
    expect(await horizontalOverflow(page)).toBe(0)
    await screenshot(page, "payment-confirmation")
    expect(problems()).toEqual([])
    await context.close()
  })
})
