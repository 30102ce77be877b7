import type { Browser, Page } from "playwright-core"
import { asCustomer, portalUrl, storeGet } from "./support/app"
import {
  expectHome,
  horizontalOverflow,
  launchBrowser,
  newContext,
  screenshot,
  seriousA11yViolations,
  signIn,
  watchForPageErrors,
} from "./support/browser"

jest.setTimeout(120_000)

/** A store call as Paul (what the journey arranges or checks outside the browser). */
const asPaul = (method: string, path: string, body?: unknown) => asCustomer("paul", method, path, body)

const savedMethods = async () => (await storeGet("paul", "/store/billing/payment-methods")).payment_methods as any[]

async function openPaymentMethods(page: Page) {
  await signIn(page, "paul")
  await expectHome(page, "paul")
  await page.getByRole("navigation", { name: "Portal sections" }).getByRole("link", { name: "Payment methods" }).click()
  await page.getByRole("heading", { level: 1, name: "Payment methods" }).waitFor()
}

/** Paul's saved methods: empty, add a card and a bank account, pay with a saved one, remove (and a refusal in words). */
describe("Payment methods", () => {
  let browser: Browser

  beforeAll(async () => {
    browser = await launchBrowser()
    // start from none (payment.spec.ts removes what it saves for Paul, but the order of the files may change)
    await asPaul("DELETE", "/store/billing/autopay").catch(() => {})
    for (const method of await savedMethods()) await asPaul("DELETE", `/store/billing/payment-methods/${method.id}`)
  })
  afterAll(async () => {
    // leave Paul without autopay or saved methods
    await asPaul("DELETE", "/store/billing/autopay").catch(() => {})
    for (const method of await savedMethods().catch(() => [])) {
      await asPaul("DELETE", `/store/billing/payment-methods/${method.id}`).catch(() => {})
    }
    await browser?.close()
  })

  it("adds a card and a bank account, shows which one autopay uses, pays with a saved card, and removes with a confirmation", async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    const problems = watchForPageErrors(page)
    const creates: (string | undefined)[] = []
    page.on("request", (request) => {
      if (request.method() === "POST" && new URL(request.url()).pathname === "/store/billing/payment-methods") {
        creates.push(request.headers()["idempotency-key"])
      }
    })
    await openPaymentMethods(page)

    await page.getByTestId("no-methods").getByText("No saved payment methods").waitFor()
    expect(await seriousA11yViolations(page)).toEqual([])

    // a card: a field error first, then the saved card
    await page.getByRole("button", { name: "Add payment method" }).click()
    await page.getByRole("button", { name: "Save payment method" }).click()
    await page.getByText("Enter the card number").waitFor()
    expect(creates).toEqual([])
    await page.getByLabel("Card number").fill("4242 4242 4242 4242")
    await page.getByRole("button", { name: "Save payment method" }).click()
    await page.getByText("Visa •••• 4242 was saved.").waitFor()

    // a bank account
    await page.getByRole("button", { name: "Add payment method" }).click()
    await page.getByRole("radio", { name: "Bank account (ACH)" }).click()
    await page.getByLabel("Routing number").fill("110000000")
    await page.getByLabel("Account number").fill("000123456789")
    await page.getByRole("button", { name: "Save payment method" }).click()
    await page.getByText(/•••• 6789 was saved\./).waitFor()

    expect(creates.length).toBe(2)
    expect(new Set(creates).size).toBe(2)
    const saved = await savedMethods()
    expect(saved.map((m) => [m.type, m.last4]).sort()).toEqual([
      ["card", "4242"],
      ["us_bank_account", "6789"],
    ])
    const bank = saved.find((m) => m.type === "us_bank_account")
    const card = saved.find((m) => m.type === "card")

    // autopay on the bank account (through the API): the page says which one it uses
    const { account } = await storeGet("paul", "/store/billing/account")
    await asPaul("PUT", "/store/billing/autopay", {
      payment_method_id: bank.id,
      consent: true,
      terms_version: account.settings.autopay.terms_version,
    })
    await page.reload()
    const rows = page.getByTestId("saved-method")
    await rows.first().waitFor()
    expect(await rows.count()).toBe(2)
    const bankRow = rows.filter({ hasText: "6789" })
    await bankRow.getByText("Used for autopay").waitFor()
    expect(await rows.filter({ hasText: "Visa •••• 4242" }).getByText("Used for autopay").count()).toBe(0)
    expect(await seriousA11yViolations(page)).toEqual([])
    await screenshot(page, "payment-methods")

    // the saved card in Make a payment's picker pays the open invoice
    const { invoices } = await storeGet("paul", "/store/billing/invoices?order=due_at&limit=50")
    const inspection = invoices.find((i: any) => i.total === 75)
    await page.goto(portalUrl(`/make-payment?invoices=${inspection.id}`))
    await page.getByRole("heading", { level: 1, name: "Make a payment" }).waitFor()
    await page.getByRole("radio", { name: /Visa •••• 4242/ }).click()
    expect(await page.getByLabel("Card number").count()).toBe(0)
    await page.getByRole("button", { name: "Pay $75.00" }).click()
    await page.getByRole("heading", { level: 1, name: "Thank you, your payment went through" }).waitFor()
    const { payments } = await storeGet("paul", "/store/billing/payments?limit=10")
    expect(payments[0]).toMatchObject({ status: "succeeded", amount: 75, method: "card", method_details: { last4: "4242" } })

    // the method autopay charges cannot be removed (the API refuses): the dialog offers the way to change autopay instead
    await page.goto(portalUrl("/payment-methods"))
    await bankRow.getByRole("button", { name: /Remove/ }).click()
    const confirm = page.getByRole("alertdialog")
    await confirm.getByText("Autopay uses this method.").waitFor()
    expect(await confirm.getByRole("button", { name: "Remove" }).count()).toBe(0)
    expect(await seriousA11yViolations(page)).toEqual([])
    await screenshot(page, "payment-methods-autopay-method-remove")
    await confirm.getByRole("link", { name: "Change autopay" }).click()
    await page.getByRole("heading", { level: 1, name: "Autopay" }).waitFor()
    expect((await savedMethods()).some((m) => m.id === bank.id)).toBe(true)
    await page.goto(portalUrl("/payment-methods"))
    await rows.first().waitFor()

    // removing the card: Keep it leaves it, Remove removes it
    const cardRow = rows.filter({ hasText: "Visa •••• 4242" })
    await cardRow.getByRole("button", { name: /Remove/ }).click()
    await page.getByRole("alertdialog").getByRole("button", { name: "Keep it" }).click()
    expect((await savedMethods()).some((m) => m.id === card.id)).toBe(true)
    await cardRow.getByRole("button", { name: /Remove/ }).click()
    await page.getByRole("alertdialog").getByRole("button", { name: "Remove" }).click()
    await cardRow.waitFor({ state: "detached" })
    expect((await savedMethods()).map((m) => m.id)).toEqual([bank.id])
    expect(problems().filter((p) => !p.includes("400"))).toEqual([])
    await context.close()
  })

  it("works at 375 px: the list and the add form fit the screen", async () => {
    const context = await newContext(browser, "phone")
    const page = await context.newPage()
    await openPaymentMethods(page)
    await page.getByTestId("saved-method").first().waitFor()
    await page.getByRole("button", { name: "Add payment method" }).click()
    await page.getByLabel("Card number").waitFor()
    expect(await horizontalOverflow(page)).toBe(0)
    expect(await seriousA11yViolations(page)).toEqual([])
    await screenshot(page, "payment-methods")
    await context.close()
  })
})
