import fs from "fs"
import type { Browser, Page } from "playwright-core"
import { asCustomer, portalUrl, storeGet } from "./support/app"
import { CUSTOMERS } from "./fixtures"
import {
  expectHome,
  launchBrowser,
  newContext,
  screenshot,
  seriousA11yViolations,
  signIn,
  watchForPageErrors,
} from "./support/browser"

jest.setTimeout(120_000)

type Inv = { id: string; number: string; amount_due: number; amount_pending: number; status: string }

/** Pia's USD invoices, oldest due first: Lawn care (past due, 80.00), Hedge trimming (65.50), Garden design (400.00). */
async function piaInvoices(): Promise<Inv[]> {
  const { invoices } = await storeGet("pia", "/store/billing/invoices?order=due_at&limit=50")
  return invoices
}

async function payments(customer: "pia" | "paul" | "nadia") {
  return (await storeGet(customer, "/store/billing/payments?limit=100")).payments as any[]
}

async function openMakePayment(page: Page, customer: "pia" | "paul" | "nadia", path = "/make-payment") {
  await signIn(page, customer)
  await expectHome(page, customer)
  await page.goto(portalUrl(path))
  await page.getByRole("heading", { level: 1, name: "Make a payment" }).waitFor()
}

const previewRows = async (page: Page) =>
  (await page.getByTestId("preview-row").allInnerTexts()).map((t) => t.replace(/\s+/g, " ").trim())

/** Journeys of Make a payment for Pia (each builds on what the one before paid). */
describe("Make a payment", () => {
  let browser: Browser

  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it("pays a fixed amount by ACH: the preview says exactly which invoice gets what, and the payment is pending", async () => {
    const [lawn, hedge] = await piaInvoices()
    const context = await newContext(browser)
    const page = await context.newPage()
    const problems = watchForPageErrors(page)
    await openMakePayment(page, "pia")

    await page.getByRole("radio", { name: /Fixed amount/ }).click()
    await page.getByLabel("Amount (USD)").fill("100")
    await page.getByRole("button", { name: "Pay $100.00" }).waitFor()
    expect(await previewRows(page)).toEqual([`Invoice ${lawn.number} $80.00`, `Invoice ${hedge.number} $20.00`])
    expect(await page.getByTestId("preview-total").innerText()).toBe("$100.00")

    await page.getByRole("radio", { name: "Bank account (ACH)" }).click()
    await page.getByLabel("Routing number").fill("110000000")
    await page.getByLabel("Account number").fill("000123456789")
    expect(await seriousA11yViolations(page)).toEqual([])
    await screenshot(page, "make-payment")

    const before = (await payments("pia")).length
    await page.getByRole("button", { name: "Pay $100.00" }).click()
    await page.getByRole("heading", { level: 1, name: "Payment submitted" }).waitFor()
    expect(await page.getByTestId("payment-status").innerText()).toBe("Pending until your bank settles it")
    expect(await page.getByTestId("payment-amount").innerText()).toBe("$100.00")
    const rows = (await page.getByTestId("receipt-row").allInnerTexts()).map((t) => t.replace(/\s+/g, " ").trim())
    expect(rows).toEqual([`Invoice ${lawn.number} $80.00`, `Invoice ${hedge.number} $20.00`])

    const after = await payments("pia")
    expect(after.length).toBe(before + 1)
    const id = new URL(page.url()).pathname.split("/").pop()
    expect(after.find((p) => p.id === id)).toMatchObject({ status: "processing", amount: 100, method: "us_bank_account" })
    // the bank payment's email carries its receipt (billing.ach_pending)
    expect(await page.getByTestId("receipt-emailed").innerText()).toBe(`A receipt goes to ${CUSTOMERS.pia.email}.`)
    expect(await seriousA11yViolations(page)).toEqual([])
    await screenshot(page, "payment-confirmation-ach")
    expect(problems()).toEqual([])
    await context.close()
  })

  it("shows a declined card's reason next to the method, and records no charge", async () => {
    const [lawn, hedge, garden] = await piaInvoices()
    const before = await payments("pia")
    const context = await newContext(browser)
    const page = await context.newPage()
    const problems = watchForPageErrors(page)
    await openMakePayment(page, "pia", `/make-payment?invoices=${hedge.id},${garden.id}`)
    await page.getByRole("button", { name: "Pay $445.50" }).waitFor()
    await page.getByLabel("Card number").fill("4000000000000002")
    await page.getByRole("button", { name: "Pay $445.50" }).click()

    const reason = page.getByRole("alert").filter({ hasText: "Your card was declined" })
    await reason.waitFor()
    // next to the method: inside the "How to pay" section, tied to the entry
    expect(await page.getByRole("region", { name: "How to pay" }).getByText("Your card was declined").count()).toBe(1)
    expect(new URL(page.url()).pathname).toBe("/billing/make-payment")
    await screenshot(page, "make-payment-declined")

    // the attempt is on record as failed, and nothing is charged or reserved
    const after = await payments("pia")
    expect(after.filter((p) => p.status !== "failed").length).toBe(before.filter((p) => p.status !== "failed").length)
    expect(after.find((p) => !before.some((b) => b.id === p.id))).toMatchObject({ status: "failed", failure_reason: "card_declined" })
    const amounts = (list: Inv[]) => list.map(({ amount_due, amount_pending, status }) => ({ amount_due, amount_pending, status }))
    expect(amounts(await piaInvoices())).toEqual(amounts([lawn, hedge, garden]))
    expect(problems()).toEqual([])
    await context.close()
  })

  it("charges once for a double-clicked Pay, and confirms with the bank when the card asks (next_action)", async () => {
    const [, hedge] = await piaInvoices()
    const before = await payments("pia")
    const context = await newContext(browser)
    const page = await context.newPage()
    const problems = watchForPageErrors(page)
    const creates: { key: string | undefined }[] = []
    page.on("request", (request) => {
      if (request.method() === "POST" && new URL(request.url()).pathname === "/store/billing/payments") {
        creates.push({ key: request.headers()["idempotency-key"] })
      }
    })
    await openMakePayment(page, "pia", "/make-payment?mode=fixed_amount")
    expect(await page.getByRole("radio", { name: /Fixed amount/ }).isChecked()).toBe(true)
    await page.getByLabel("Amount (USD)").fill("25")
    await page.getByLabel("Card number").fill("4000002500003155")
    await page.getByRole("button", { name: "Pay $25.00" }).waitFor()
    // the ACH payment still reserves the past-due invoice, so 25.00 goes to the next oldest
    expect(await previewRows(page)).toEqual([`Invoice ${hedge.number} $25.00`])
    await page.getByRole("button", { name: "Pay $25.00" }).dblclick()

    const dialog = page.getByRole("alertdialog", { name: "Confirm with your bank (test)" })
    await dialog.waitFor()
    expect(await seriousA11yViolations(page)).toEqual([])
    await dialog.getByRole("button", { name: "Confirm" }).click()
    await page.getByRole("heading", { level: 1, name: "Thank you, your payment went through" }).waitFor()

    expect(creates.length).toBe(1)
    expect(creates[0].key).toMatch(/^[0-9a-f-]{36}$/)
    const after = await payments("pia")
    expect(after.length).toBe(before.length + 1)
    const id = new URL(page.url()).pathname.split("/").pop()
    expect(after.find((p) => p.id === id)).toMatchObject({ status: "succeeded", amount: 25 })
    expect(problems()).toEqual([])
    await context.close()
  })

  it("pays two selected invoices by card: confirmation with the transaction ID, exact amounts, and the receipt PDF", async () => {
    const [, hedge, garden] = await piaInvoices()
    // what is left after the ACH payment on its way and the 25.00 by card
    expect(hedge.amount_due - hedge.amount_pending).toBe(20.5)
    const context = await newContext(browser)
    const page = await context.newPage()
    const problems = watchForPageErrors(page)
    await openMakePayment(page, "pia", `/make-payment?invoices=${hedge.id},${garden.id}`)

    expect(await page.getByRole("radio", { name: /Selected invoices \(2\)/ }).isChecked()).toBe(true)
    await page.getByRole("button", { name: "Pay $420.50" }).waitFor()
    expect(await previewRows(page)).toEqual([`Invoice ${hedge.number} $20.50`, `Invoice ${garden.number} $400.00`])
    await page.getByLabel("Card number").fill("4242 4242 4242 4242")
    // once paid, the preview described invoices that are now paid: asked again, it would answer 400
    // (the page refreshed every billing query before it moved on to the receipt)
    const previewsAfterPay: string[] = []
    page.on("request", (request) => {
      if (new URL(request.url()).pathname === "/store/billing/payments/preview") previewsAfterPay.push(request.method())
    })
    await page.getByRole("button", { name: "Pay $420.50" }).click()

    await page.getByRole("heading", { level: 1, name: "Thank you, your payment went through" }).waitFor()
    expect(previewsAfterPay).toEqual([])
    const id = new URL(page.url()).pathname.split("/").pop()!
    const payment = (await payments("pia")).find((p) => p.id === id)
    expect(payment).toMatchObject({ status: "succeeded", amount: 420.5 })
    expect(payment.transaction_id).toBeTruthy()
    expect(await page.getByTestId("transaction-id").innerText()).toBe(payment.transaction_id)
    await page.getByText(`Invoice ${hedge.number}`).waitFor()
    const rows = (await page.getByTestId("receipt-row").allInnerTexts()).map((t) => t.replace(/\s+/g, " ").trim())
    expect(rows).toEqual([`Invoice ${hedge.number} $20.50`, `Invoice ${garden.number} $400.00`])
    expect(await page.getByRole("link", { name: `Invoice ${hedge.number}` }).getAttribute("href")).toBe(`/billing/invoices/${hedge.id}`)
    expect(await page.getByTestId("receipt-emailed").innerText()).toBe(`A receipt goes to ${CUSTOMERS.pia.email}.`)
    expect(await seriousA11yViolations(page)).toEqual([])
    await screenshot(page, "payment-confirmation")

    const [response, download] = await Promise.all([
      page.waitForResponse((r) => r.url().includes(`/store/billing/payments/${id}/receipt`)),
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download receipt (PDF)" }).click(),
    ])
    expect(response.headers()["content-type"]).toBe("application/pdf")
    expect(download.suggestedFilename()).toBe(`receipt-${payment.transaction_id}.pdf`)
    const file = await download.path()
    expect(fs.readFileSync(file!).subarray(0, 4).toString()).toBe("%PDF")
    expect(problems()).toEqual([])
    await context.close()
  })

  it("keeps a card that needs 3-D Secure for autopay once the bank confirmed it, even when the confirmation's answer is not final", async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    const problems = watchForPageErrors(page)
    const payTwenty = async () => {
      await page.goto(portalUrl("/make-payment?mode=fixed_amount"))
      await page.getByRole("heading", { level: 1, name: "Make a payment" }).waitFor()
      await page.getByLabel("Amount (USD)").fill("20")
      await page.getByLabel("Card number").fill("4000 0025 0000 3155")
      await page.getByRole("checkbox", { name: /Save this card and use it for autopay/ }).click()
      await page.getByRole("button", { name: "Pay $20.00" }).click()
      await page.getByRole("alertdialog", { name: "Confirm with your bank (test)" }).getByRole("button", { name: "Confirm" }).click()
      await page.getByRole("heading", { level: 1, name: "Thank you, your payment went through" }).waitFor()
    }
    await openMakePayment(page, "nadia")

    // the card is saved by the confirmation, and autopay is turned on with it
    await payTwenty()
    await page.getByText("Autopay is on with Visa •••• 3155.").waitFor()
    let { payment_methods } = await storeGet("nadia", "/store/billing/payment-methods")
    expect(payment_methods.map((m: any) => m.last4)).toEqual(["3155"])
    expect((await storeGet("nadia", "/store/billing/autopay")).autopay).toMatchObject({ status: "active", payment_method_id: payment_methods[0].id })

    // again with autopay off and the card removed; this time the confirmation's answer comes back still
    // pending, without the card (another request of the same payment holds it): the receipt turns
    // autopay on once the payment is paid, with the card the payment kept
    await asCustomer("nadia", "DELETE", "/store/billing/autopay")
    await asCustomer("nadia", "DELETE", `/store/billing/payment-methods/${payment_methods[0].id}`)
    await page.route("**/store/billing/payments/*/complete", async (route) => {
      const response = await route.fetch()
      const { payment } = await response.json()
      await route.fulfill({ response, json: { payment: { ...payment, status: "pending" } } })
    }, { times: 1 })
    await payTwenty()
    await page.getByText(/^Autopay is on with Visa •••• 3155\./).waitFor()
    ;({ payment_methods } = await storeGet("nadia", "/store/billing/payment-methods"))
    expect(payment_methods.map((m: any) => m.last4)).toEqual(["3155"])
    expect((await storeGet("nadia", "/store/billing/autopay")).autopay).toMatchObject({ status: "active", payment_method_id: payment_methods[0].id })
    expect(await seriousA11yViolations(page)).toEqual([])
    await screenshot(page, "payment-confirmation-autopay-after-3ds")
    expect((await payments("nadia")).map((p) => [p.status, p.amount])).toEqual([["succeeded", 20], ["succeeded", 20]])

    // with autopay already on with a limit: the new card takes over and the limit the customer set stays
    const { payment_method: other } = await asCustomer("nadia", "POST", "/store/billing/payment-methods", {
      type: "card",
      data: { number: "4242424242424242" },
    })
    await asCustomer("nadia", "PUT", "/store/billing/autopay", {
      payment_method_id: other.id,
      consent: true,
      max_amount: "75.50",
      max_amount_currency_code: "usd",
    })
    await payTwenty()
    await page.getByText(/^Autopay is on with Visa •••• 3155\./).waitFor()
    const third = (await storeGet("nadia", "/store/billing/autopay")).autopay
    expect(third).toMatchObject({ status: "active", max_amount: 75.5, max_amount_currency_code: "usd" })
    expect(third.payment_method_id).not.toBe(other.id)

    // the customer then chooses the other card on the Autopay page, and comes back to this receipt as it
    // was while the bank's answer was awaited (Back keeps the page's state): their choice stays
    const receiptPath = new URL(page.url()).pathname
    await asCustomer("nadia", "PUT", "/store/billing/autopay", { payment_method_id: other.id, consent: true })
    const thirdPayment = (await payments("nadia")).find((p) => receiptPath.endsWith(p.id))
    /** The receipt as it was while the bank's answer was awaited (Back, or a reload, keeps the page's history state). */
    const reopenAwaitingAutopay = async (createdAt: string) => {
      await page.evaluate(
        (at) =>
          history.replaceState({ ...history.state, usr: { autopay: { awaiting: true, termsVersion: "1", paymentCreatedAt: at } } }, ""),
        createdAt
      )
      await page.reload()
    }
    await reopenAwaitingAutopay(thirdPayment.created_at)
    await page.getByText("Autopay was changed after this payment, so it was left as it is: on with Visa •••• 4242.").waitFor()
    expect((await storeGet("nadia", "/store/billing/autopay")).autopay).toMatchObject({ status: "active", payment_method_id: other.id })
    await screenshot(page, "payment-confirmation-autopay-changed-since")
    // …and when they turned autopay off since: it stays off
    await asCustomer("nadia", "DELETE", "/store/billing/autopay")
    await reopenAwaitingAutopay(thirdPayment.created_at)
    await page.getByText("Autopay was changed after this payment, so it was left as it is: off.").waitFor()
    expect((await storeGet("nadia", "/store/billing/autopay")).autopay.status).toBe("none")
    expect(problems()).toEqual([])
    await context.close()
    // Nadia leaves without autopay (an autopay run elsewhere in the suites charges nobody unexpected)
    await asCustomer("nadia", "DELETE", "/store/billing/autopay")
  })
})
