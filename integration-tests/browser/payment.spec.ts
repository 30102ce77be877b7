import fs from "fs"
import type { Browser, Page } from "playwright-core"
import { portalUrl, storeGet } from "./support/app"
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

async function payments(customer: "pia" | "paul") {
  return (await storeGet(customer, "/store/billing/payments?limit=100")).payments as any[]
}

async function openMakePayment(page: Page, customer: "pia" | "paul", path = "/make-payment") {
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
    expect(await seriousA11yViolations(page)).toEqual([])
    await screenshot(page, "payment-confirmation-ach")
    expect(problems()).toEqual([])
    await context.close()
  })

  it("pays two selected invoices by card: confirmation with the transaction ID, exact amounts, and the receipt PDF", async () => {
    const [, hedge, garden] = await piaInvoices()
    // what is left after the ACH payment still on its way
    expect(hedge.amount_due - hedge.amount_pending).toBe(45.5)
    const context = await newContext(browser)
    const page = await context.newPage()
    const problems = watchForPageErrors(page)
    await openMakePayment(page, "pia", `/make-payment?invoices=${hedge.id},${garden.id}`)

    expect(await page.getByRole("radio", { name: /Selected invoices \(2\)/ }).getAttribute("aria-checked")).toBe("true")
    await page.getByRole("button", { name: "Pay $445.50" }).waitFor()
    expect(await previewRows(page)).toEqual([`Invoice ${hedge.number} $45.50`, `Invoice ${garden.number} $400.00`])
    await page.getByLabel("Card number").fill("4242 4242 4242 4242")
    await page.getByRole("button", { name: "Pay $445.50" }).click()

    await page.getByRole("heading", { level: 1, name: "Thank you, your payment went through" }).waitFor()
    const id = new URL(page.url()).pathname.split("/").pop()!
    const payment = (await payments("pia")).find((p) => p.id === id)
    expect(payment).toMatchObject({ status: "succeeded", amount: 445.5 })
    expect(payment.transaction_id).toBeTruthy()
    expect(await page.getByTestId("transaction-id").innerText()).toBe(payment.transaction_id)
    await page.getByText(`Invoice ${hedge.number}`).waitFor()
    const rows = (await page.getByTestId("receipt-row").allInnerTexts()).map((t) => t.replace(/\s+/g, " ").trim())
    expect(rows).toEqual([`Invoice ${hedge.number} $45.50`, `Invoice ${garden.number} $400.00`])
    expect(await page.getByRole("link", { name: `Invoice ${hedge.number}` }).getAttribute("href")).toBe(`/billing/invoices/${hedge.id}`)
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
})
