import { DocumentDataError, formatMoney, renderReceiptPdf } from ".."
import type { ReceiptDocument } from "../types"
import { sampleReceipt } from "./fixtures"
import { allText, expectShown, itemsOf, normalizeSpaces, readPdf } from "./pdf-text"

function expectedFigures(doc: ReceiptDocument): string[] {
  const { payment } = doc
  const m = (amount: string) => formatMoney(amount, payment.currency_code)
  return [
    m(payment.amount),
    ...payment.allocations.flatMap((a) => [`Invoice ${a.invoice_number}`, m(a.amount)]),
    ...(/[1-9]/.test(payment.credit_created) ? [m(payment.credit_created)] : []),
    payment.transaction_id,
    payment.method.label,
  ]
}

describe.each(["usd", "jpy", "kwd"])("card receipt in %s", (currency) => {
  const doc = sampleReceipt({ currency, kind: "card" })

  it("shows the amount, each invoice paid and by how much, the credit created, the transaction", async () => {
    const read = await readPdf(await renderReceiptPdf(doc))
    expectShown(read, expectedFigures(doc))
    expectShown(read, ["PAYMENT RECEIPT", "Paid", "Apr 2, 2026, 18:07 UTC", "Account credit created", "Jane Cooper"])
    expect(allText(read)).toContain(normalizeSpaces(`${formatMoney(doc.payment.credit_created, currency)} was added to your account as credit`))
    expect(allText(read)).toContain("Paid from the customer portal.")
    expect(allText(read)).toContain(`Write to billing@northwind-plumbing.com and quote ${doc.payment.transaction_id}`)
    expect(allText(read)).not.toContain("Refunded")
  })
})

describe("receipt status lines", () => {
  it("says a bank payment is pending until the bank settles, with no credit line", async () => {
    const doc = sampleReceipt({ kind: "ach" })
    const read = await readPdf(await renderReceiptPdf(doc))
    expectShown(read, ["Pending until the bank settles", "Chase •••• 6789", doc.payment.transaction_id, formatMoney(doc.payment.amount, "usd")])
    expect(allText(read)).not.toContain("Account credit created")
    expect(allText(read)).toContain("Bank payments take a few business days to settle")
  })

  it.each([
    ["reversed", "Returned / reversed"],
    ["failed", "Failed"],
    ["canceled", "Canceled"],
  ])("says a %s payment is '%s', not paid", async (status, line) => {
    const doc = sampleReceipt({ kind: "card", status })
    const read = await readPdf(await renderReceiptPdf(doc))
    expectShown(read, [line])
    expect(read.strings).not.toContain("Paid")
    expect(read.strings).not.toContain("Total paid")
  })

  it("says a card payment still processing is 'Processing'", async () => {
    const read = await readPdf(await renderReceiptPdf(sampleReceipt({ kind: "card", status: "processing" })))
    expectShown(read, ["Processing"])
    expect(read.strings).not.toContain("Pending until the bank settles")
  })

  it("shows what was refunded", async () => {
    const doc = sampleReceipt({ kind: "card" })
    doc.payment.refunded_amount = "125.00"
    const read = await readPdf(await renderReceiptPdf(doc))
    expectShown(read, ["Refunded", "$125.00"])
  })

  it("prints the 15-digit amount exactly", async () => {
    const doc = sampleReceipt({ kind: "ach" })
    doc.payment.amount = "9999999999999.99"
    doc.payment.allocations = [{ invoice_number: "INV-000001", amount: "9999999999999.99" }]
    const read = await readPdf(await renderReceiptPdf(doc))
    expect(itemsOf(read, "$9,999,999,999,999.99").length).toBeGreaterThanOrEqual(3)
  })

  it("refuses a malformed allocation amount", async () => {
    const doc = sampleReceipt()
    doc.payment.allocations[1].amount = "489"
    await expect(renderReceiptPdf(doc)).resolves.toBeInstanceOf(Buffer) // "489" is a valid USD amount
    doc.payment.allocations[1].amount = "4.8.9"
    await expect(renderReceiptPdf(doc)).rejects.toThrow(DocumentDataError)
    await expect(renderReceiptPdf(doc)).rejects.toThrow(/payment\.allocations\[1\]\.amount must be a decimal number/)
  })

  it("the amount check can fail: a wrong allocation is reported missing", async () => {
    const doc = sampleReceipt()
    const read = await readPdf(await renderReceiptPdf(doc))
    const wrong = structuredClone(doc)
    wrong.payment.allocations[0].amount = "1318.63"
    expect(() => expectShown(read, expectedFigures(wrong))).toThrow()
  })
})
