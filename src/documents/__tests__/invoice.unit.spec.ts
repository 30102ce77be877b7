import { DocumentDataError, formatDate, formatMoney, formatQuantity, renderInvoicePdf } from ".."
import type { InvoiceDocument } from "../types"
import { sampleInvoice } from "./fixtures"
import { allText, expectShown, itemsOf, normalizeSpaces, pageText, readPdf, ReadPdf } from "./pdf-text"

const PAGE_RIGHT = 612 - 50

/** Every figure of the invoice, formatted as the PDF must show it. */
function expectedFigures(doc: InvoiceDocument): string[] {
  const { invoice } = doc
  const m = (amount: string) => formatMoney(amount, invoice.currency_code)
  return [
    ...invoice.lines.flatMap((line) => [m(line.unit_price), m(line.total), formatQuantity(line.quantity)]),
    m(invoice.subtotal),
    m(invoice.tax_total),
    m(invoice.total),
    m(invoice.amount_paid),
    m(invoice.amount_due),
    ...(invoice.amount_pending.replace(/[0.]/g, "") ? [m(invoice.amount_pending)] : []),
    ...invoice.payments.flatMap((p) => [m(p.amount), p.transaction_id, p.method_label, formatDate(p.date)]),
  ]
}

const STAMP_WORDS = /\b(PAID|VOID|DRAFT)\b/

describe.each(["usd", "jpy", "kwd"])("invoice PDF in %s", (currency) => {
  const doc = sampleInvoice({ currency, status: "open", lines: 12 })
  let read: ReadPdf

  beforeAll(async () => {
    read = await readPdf(await renderInvoicePdf(doc))
  })

  it("shows every amount, quantity and payment exactly as formatted", () => {
    expectShown(read, expectedFigures(doc))
    expectShown(read, [doc.invoice.number, "INVOICE", "Mar 14, 2026", "Apr 13, 2026", "Partially paid"])
  })

  it("shows the lines' titles, descriptions and service dates", () => {
    for (const line of doc.invoice.lines) {
      expectShown(read, [line.title])
      if (line.service_date) expectShown(read, [formatDate(line.service_date)])
    }
    expect(allText(read)).toContain("Reliance Heatguard 15 mm, installed in treatment room 2.")
  })

  it("shows who it is billed to and how to pay", () => {
    expectShown(read, ["Northwind Plumbing & Heating", "Jane Cooper", "Cooper Dental Group LLC", "jane.cooper@cooperdental.com", "+1 (415) 555-0142"])
    expectShown(read, ["https://billing.northwind-plumbing.com/portal"])
    expect(allText(read)).toContain("billing@northwind-plumbing.com")
  })

  it("marks the processing payment as pending and says what is left to pay", () => {
    const pendingPayment = doc.invoice.payments.find((p) => p.status === "processing")!
    const row = itemsOf(read, pendingPayment.transaction_id)[0]
    const sameRow = read.items.filter((item) => item.page === row.page && Math.abs(item.y - row.y) < 1).map((i) => i.str)
    expect(sameRow).toContain("Pending")
    const settled = doc.invoice.payments.find((p) => p.status === "succeeded")!
    const settledRow = itemsOf(read, settled.transaction_id)[0]
    expect(read.items.filter((i) => i.page === settledRow.page && Math.abs(i.y - settledRow.y) < 1).map((i) => i.str)).not.toContain("Pending")
    // left to pay = due - pending, exactly
    const exponent = { usd: 2, jpy: 0, kwd: 3 }[currency]!
    const minor = (s: string) => BigInt(s.replace(".", ""))
    const left = minor(doc.invoice.amount_due) - minor(doc.invoice.amount_pending)
    const digits = left.toString().padStart(exponent + 1, "0")
    const leftText = formatMoney(exponent ? `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}` : digits, currency)
    expect(allText(read)).toContain(normalizeSpaces(`Please pay ${leftText} by Apr 13, 2026`))
  })

  it("carries no PAID, VOID or DRAFT mark while open", () => {
    expect(read.strings.filter((s) => STAMP_WORDS.test(s))).toEqual([])
  })

  it("puts each line's cells on one row, money right-aligned in its column", () => {
    const m = (a: string) => formatMoney(a, currency)
    const unitEdges: number[] = []
    const totalEdges: number[] = []
    for (const line of doc.invoice.lines) {
      const [title] = itemsOf(read, line.title)
      const row = read.items.filter((i) => i.page === title.page && Math.abs(i.y - title.y) < 0.5).sort((a, b) => a.x - b.x)
      const [unit, total] = row.slice(-2)
      expect([unit.str, total.str]).toEqual([m(line.unit_price), m(line.total)].map(normalizeSpaces))
      expect(row[row.length - 3].str).toBe(formatQuantity(line.quantity))
      unitEdges.push(unit.right)
      totalEdges.push(total.right)
    }
    for (const edges of [unitEdges, totalEdges]) expect(Math.max(...edges) - Math.min(...edges)).toBeLessThan(0.5)
    expect(Math.max(...totalEdges)).toBeLessThanOrEqual(PAGE_RIGHT)
  })
})

describe("invoice status marks", () => {
  it("stamps a paid invoice PAID and says there is nothing to pay", async () => {
    const doc = sampleInvoice({ status: "paid", lines: 4 })
    const read = await readPdf(await renderInvoicePdf(doc))
    expectShown(read, ["PAID", "Paid", formatMoney(doc.invoice.total, "usd"), formatMoney(doc.invoice.amount_paid, "usd"), "$0.00"])
    expect(allText(read)).toContain("Nothing to pay")
    expect(allText(read)).not.toContain("Please pay")
    expect(read.strings.filter((s) => /\b(VOID|DRAFT)\b/.test(s))).toEqual([])
  })

  it("stamps a void invoice VOID with its void date, on every page", async () => {
    const doc = sampleInvoice({ status: "void", lines: 40 })
    const read = await readPdf(await renderInvoicePdf(doc))
    expect(read.totalPages).toBeGreaterThan(1)
    expectShown(read, ["Mar 18, 2026"])
    expect(allText(read)).toContain("Voided on Mar 18, 2026")
    // the stamp in the summary box, and the watermark across every page
    expect(read.pages[0].filter((i) => i.str === "VOID")).toHaveLength(2)
    for (let page = 1; page <= read.totalPages; page++) expect(read.pages[page - 1].map((i) => i.str)).toContain("VOID")
    expect(allText(read)).not.toContain("Please pay")
    expect(read.strings.filter((s) => /\b(PAID|DRAFT)\b/.test(s))).toEqual([])
  })

  it("marks a draft 'DRAFT — not issued'", async () => {
    const doc = sampleInvoice({ status: "draft", lines: 3 })
    const read = await readPdf(await renderInvoicePdf(doc))
    expectShown(read, ["DRAFT — not issued", "Not issued", formatMoney(doc.invoice.total, "usd")])
    expect(allText(read)).not.toContain("Please pay")
    expect(read.strings.filter((s) => /\b(PAID|VOID)\b/.test(s))).toEqual([])
  })

  it("says an unpaid invoice past its due date (as of generated_at) is overdue", async () => {
    const doc = { ...sampleInvoice({ lines: 2 }), generated_at: "2026-05-01T09:00:00.000Z" }
    const read = await readPdf(await renderInvoicePdf(doc))
    expectShown(read, ["Partially paid · Overdue"])
    expect(allText(read)).toContain("Was due Apr 13, 2026")
    const onTime = await readPdf(await renderInvoicePdf(sampleInvoice({ lines: 2 })))
    expect(allText(onTime)).not.toContain("Overdue")
  })

  it("falls back to 'Billing' without a business name", async () => {
    const doc = sampleInvoice({ lines: 1 })
    doc.business = { name: "  ", support_email: null, portal_url: null }
    const read = await readPdf(await renderInvoicePdf(doc))
    expectShown(read, ["Billing"])
    expect(allText(read)).toContain("Contact Billing to arrange payment.")
  })
})

describe("invoice edge cases", () => {
  it("prints 15-digit amounts exactly, within the page", async () => {
    const cases = [
      ["usd", "9999999999999.99"],
      ["jpy", "999999999999999"],
      ["kwd", "999999999999.999"],
    ] as const
    for (const [currency, amount] of cases) {
      const doc = sampleInvoice({ currency, lines: 1, payments: "none" })
      const line = doc.invoice.lines[0]
      Object.assign(line, { quantity: "1", unit_price: amount, total: amount })
      Object.assign(doc.invoice, { subtotal: amount, tax_total: amount, total: amount, amount_due: amount })
      const read = await readPdf(await renderInvoicePdf(doc))
      const shown = itemsOf(read, formatMoney(amount, currency))
      // unit price, line total, subtotal, tax, total, amount due (twice: totals and summary box)
      expect(shown.length).toBeGreaterThanOrEqual(6)
      for (const item of shown) expect(item.right).toBeLessThanOrEqual(PAGE_RIGHT + 0.5)
    }
  })

  it("prints negative amounts (a credit line)", async () => {
    const doc = sampleInvoice({ lines: 2, payments: "none" })
    doc.invoice.lines.push({ title: "Loyalty discount", description: null, service_date: null, quantity: "1", unit_price: "-50.00", total: "-50.00" })
    const read = await readPdf(await renderInvoicePdf(doc))
    expect(itemsOf(read, "-$50.00")).toHaveLength(2)
  })

  it("prints text the fonts cannot draw as '?', never as garbage", async () => {
    const doc = sampleInvoice({ lines: 1 })
    doc.customer = { ...doc.customer, name: "Иван Петров 😀", company_name: "株式会社テスト", email: "ivan@example.ru" }
    doc.invoice.lines[0].title = "Überprüfung — Dvořák"
    const read = await readPdf(await renderInvoicePdf(doc))
    expectShown(read, ["???? ?????? ?", "???????", "Überprüfung — Dvorák"])
    // only characters of the fonts' encoding come back out
    const outside = read.strings.join("").replace(/[\x20-\x7e\u00a0-\u00ff•—–’‘“”€…™]/g, "")
    expect(outside).toBe("")
  })

  it("wraps a long description and never splits a row across pages", async () => {
    const doc = sampleInvoice({ lines: 30, payments: "none" })
    doc.invoice.lines.forEach((line, i) => {
      line.title = `Work order ${i + 1}`
      line.description = `Start-${i + 1} ` + "Replaced the corroded fittings and pressure-tested the loop. ".repeat(3 + (i % 4)) + `End-${i + 1}`
    })
    const read = await readPdf(await renderInvoicePdf(doc))
    expect(read.totalPages).toBeGreaterThan(1)
    doc.invoice.lines.forEach((line, i) => {
      const title = itemsOf(read, line.title)
      expect(title).toHaveLength(1)
      const start = read.items.find((item) => item.str.startsWith(`Start-${i + 1} `))!
      const end = read.items.find((item) => item.str.endsWith(`End-${i + 1}`))!
      expect(end.y).toBeLessThan(start.y) // wrapped onto more lines
      expect([start.page, end.page]).toEqual([title[0].page, title[0].page])
      expect(itemsOf(read, formatMoney(line.total, "usd")).some((item) => item.page === title[0].page)).toBe(true)
    })
  })

  it("cuts a description longer than a page rather than splitting its row", async () => {
    const doc = sampleInvoice({ lines: 2, payments: "none" })
    doc.invoice.lines[0].description = "A very long description. ".repeat(1500) + "THE-END"
    const read = await readPdf(await renderInvoicePdf(doc))
    expect(allText(read)).not.toContain("THE-END")
    expect(read.strings.some((s) => s.endsWith("…"))).toBe(true)
    expectShown(read, [formatMoney(doc.invoice.total, "usd")])
  })

  it("repeats the table header and numbers every page of a long invoice", async () => {
    const doc = sampleInvoice({ lines: 80 })
    const read = await readPdf(await renderInvoicePdf(doc))
    const footers = read.strings.filter((s) => /^Page \d+ of \d+$/.test(s))
    expect(footers).toEqual(Array.from({ length: read.totalPages }, (_, i) => `Page ${i + 1} of ${read.totalPages}`))
    const pagesWithLines = new Set(doc.invoice.lines.map((l) => itemsOf(read, l.title).map((i) => i.page)).flat())
    for (const page of pagesWithLines) expect(read.pages[page - 1].map((i) => i.str)).toContain("DESCRIPTION")
    expect(pageText(read, read.totalPages)).toContain("How to pay")
  })

  it("is deterministic: the same data gives the same bytes", async () => {
    const doc = sampleInvoice()
    const [a, b] = [await renderInvoicePdf(doc), await renderInvoicePdf(structuredClone(doc))]
    expect(a.equals(b)).toBe(true)
    const later = await renderInvoicePdf({ ...doc, generated_at: "2026-03-31T12:00:00.000Z" })
    expect(a.equals(later)).toBe(false)
  })

  it.each([
    ["a unit price with too many decimals", (d: InvoiceDocument) => (d.invoice.lines[0].unit_price = "12.345"), /invoice\.lines\[0\]\.unit_price has more decimals/],
    ["a total given as a number", (d: InvoiceDocument) => ((d.invoice as any).total = 12.5), /invoice\.total must be a decimal string/],
    ["a malformed due date", (d: InvoiceDocument) => (d.invoice.due_at = "13/04/2026"), /invoice\.due_at must be an ISO 8601 date/],
    ["an unknown status", (d: InvoiceDocument) => ((d.invoice as any).status = "overdue"), /unknown invoice status/],
    ["a status named like an object property", (d: InvoiceDocument) => ((d.invoice as any).status = "constructor"), /unknown invoice status/],
  ])("refuses %s", async (_what, corrupt, message) => {
    const doc = sampleInvoice()
    corrupt(doc)
    await expect(renderInvoicePdf(doc)).rejects.toThrow(DocumentDataError)
    await expect(renderInvoicePdf(doc)).rejects.toThrow(message)
  })

  it("the amount check can fail: a figure the data does not hold is reported missing", async () => {
    const doc = sampleInvoice({ lines: 3 })
    const read = await readPdf(await renderInvoicePdf(doc))
    const wrong = structuredClone(doc)
    wrong.invoice.lines[1].total = "999.99"
    expect(() => expectShown(read, expectedFigures(wrong))).toThrow()
    expect(() => expectShown(read, expectedFigures(doc))).not.toThrow()
  })
})
