import type { Browser } from "playwright-core"
import { asCustomer, portalUrl, storeGet } from "./support/app"
import { expectHome, launchBrowser, newContext, screenshot, seriousA11yViolations, signIn, watchForPageErrors } from "./support/browser"

jest.setTimeout(90_000)

const VERIFY_URL = "https://payments.stripe.com/microdeposit/pacs_test_browser"

/**
 * Journey (issue 11): a Stripe ACH debit verified by micro-deposits lands on
 * its receipt, which says "Verify your bank account" with Stripe's hosted
 * page (a new tab, no opener, no referrer) and keeps following the payment
 * until it moves on. The sandbox has no micro-deposits: Vito's payment is a
 * real pending one (a card waiting on its bank), and the receipt's answer
 * is given the `next_action` the server sends for a Stripe intent in that
 * state (integration-tests/http/stripe-after-confirmation.spec.ts checks the
 * server side against Stripe's API).
 */
describe("a payment waiting on bank verification", () => {
  let browser: Browser

  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it("the receipt offers Stripe's verification page in a new tab, and follows the payment once it is done", async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    const problems = watchForPageErrors(page)
    await signIn(page, "vito")
    await expectHome(page, "vito")
    await page.goto(portalUrl("/make-payment"))
    await page.getByRole("button", { name: "Pay $310.00" }).waitFor()
    await page.getByLabel("Card number").fill("4000002500003155")
    await page.getByRole("button", { name: "Pay $310.00" }).click()
    await page.getByRole("alertdialog", { name: "Confirm with your bank (test)" }).waitFor()
    const [pending] = (await storeGet("vito", "/store/billing/payments?limit=10")).payments
    expect(pending).toMatchObject({ status: "pending", amount: 310 })

    const receiptPath = `/store/billing/payments/${pending.id}`
    await page.route((url) => url.pathname === receiptPath, async (route) => {
      const response = await route.fetch()
      const body = await response.json()
      if (body.payment?.status === "pending") {
        body.payment.next_action = { type: "verify_with_microdeposits", hosted_verification_url: VERIFY_URL }
      }
      await route.fulfill({ response, json: body })
    })
    await page.goto(portalUrl(`/payments/${pending.id}`))
    await page.getByRole("heading", { level: 1, name: "Payment waiting for confirmation" }).waitFor()
    const notice = page.getByTestId("verify-bank-account")
    await notice.getByRole("heading", { name: "Verify your bank account" }).waitFor()
    const link = notice.getByRole("link", { name: "Verify your bank account (opens in a new tab)" })
    expect(await link.getAttribute("href")).toBe(VERIFY_URL)
    expect(await link.getAttribute("target")).toBe("_blank")
    expect(await link.getAttribute("rel")).toBe("noopener noreferrer")
    expect(await seriousA11yViolations(page)).toEqual([])
    await screenshot(page, "receipt-verify-bank")

    // verified at the bank: the payment goes through, and the open receipt follows it by itself
    await page.unroute((url) => url.pathname === receiptPath)
    const done = await asCustomer("vito", "POST", `${receiptPath}/complete`, { provider_data: { confirmed: true } })
    expect(done.payment.status).toBe("succeeded")
    await page.getByRole("heading", { level: 1, name: "Thank you, your payment went through" }).waitFor({ timeout: 30_000 })
    expect(await page.getByTestId("verify-bank-account").count()).toBe(0)
    expect(problems()).toEqual([])
    await context.close()
  })
})
