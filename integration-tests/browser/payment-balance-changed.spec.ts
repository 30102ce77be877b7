import type { Browser } from "playwright-core"
import { asAdmin, portalUrl, seed, storeGet } from "./support/app"
import { expectHome, launchBrowser, newContext, screenshot, seriousA11yViolations, signIn, watchForPageErrors } from "./support/browser"

jest.setTimeout(90_000)

const DAY = 24 * 60 * 60 * 1000

/**
 * Journey (issue 11, expected_amount): the portal charges what the Pay
 * button said or nothing. Vera opens Make a payment ($90.00 due), the
 * business issues her another invoice meanwhile, and her Pay answers with
 * the new balance in words next to the button, which now says the new
 * amount; paying again makes exactly one payment, of that amount.
 */
describe("Make a payment when the balance changed after the preview", () => {
  let browser: Browser

  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it("says so next to Pay, shows the new amount on the button, charges nothing until Pay is pressed again, then once", async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    const problems = watchForPageErrors(page)
    const creates: number[] = []
    page.on("response", (response) => {
      const request = response.request()
      if (request.method() === "POST" && new URL(response.url()).pathname === "/store/billing/payments") creates.push(response.status())
    })

    await signIn(page, "vera")
    await expectHome(page, "vera")
    await page.goto(portalUrl("/make-payment"))
    await page.getByRole("heading", { level: 1, name: "Make a payment" }).waitFor()
    expect(await page.getByRole("radio", { name: /Total balance/ }).isChecked()).toBe(true)
    await page.getByRole("button", { name: "Pay $90.00" }).waitFor()
    await page.getByLabel("Card number").fill("4242424242424242")

    // the business issues another invoice while the page is open
    const draft = await asAdmin("POST", "/admin/billing/invoices", {
      customer_id: seed.customers.vera,
      currency_code: "usd",
      due_at: new Date(Date.now() + 20 * DAY).toISOString(),
      lines: [{ title: "Glass replacement", quantity: "1", unit_price: "35.50" }],
    })
    await asAdmin("POST", `/admin/billing/invoices/${draft.invoice.id}/issue`, {})

    await page.getByRole("button", { name: "Pay $90.00" }).click()
    const message = "Your balance changed: the amount to pay is now $125.50 (you saw $90.00). Review and pay again."
    const alert = page.getByRole("alert").filter({ hasText: message })
    await alert.waitFor()
    await page.getByRole("button", { name: "Pay $125.50" }).waitFor()
    // the message is tied to the button, and nothing was charged or reserved
    expect(await page.getByRole("button", { name: "Pay $125.50" }).getAttribute("aria-describedby")).toBe(await alert.getAttribute("id"))
    expect(creates).toEqual([409])
    expect((await storeGet("vera", "/store/billing/payments?limit=10")).payments).toEqual([])
    const { invoices } = await storeGet("vera", "/store/billing/invoices?limit=10")
    expect(invoices.map((i: any) => i.amount_pending)).toEqual([0, 0])
    expect(await seriousA11yViolations(page)).toEqual([])
    await screenshot(page, "make-payment-balance-changed")

    await page.getByRole("button", { name: "Pay $125.50" }).click()
    await page.getByRole("heading", { level: 1, name: "Thank you, your payment went through" }).waitFor()
    expect(await page.getByTestId("payment-amount").innerText()).toBe("$125.50")
    expect(creates).toEqual([409, 201])
    const { payments } = await storeGet("vera", "/store/billing/payments?limit=10")
    expect(payments).toEqual([expect.objectContaining({ status: "succeeded", amount: 125.5 })])
    expect(problems()).toEqual([])
    await context.close()
  })
})
