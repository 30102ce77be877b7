import { formatDate, formatMoney, renderStatementPdf, StatementError, statementPeriodLabel } from ".."
import type { StatementDocument } from "../types"
import { sampleStatement } from "./fixtures"
import { allText, expectShown, itemsOf, normalizeSpaces, readPdf, ReadPdf } from "./pdf-text"

const FOOTER = /^Page (\d+) of (\d+)$/

/** The items on the same baseline as `anchor`, left to right. */
function rowOf(read: ReadPdf, anchor: { page: number; y: number }) {
  return read.items.filter((i) => i.page === anchor.page && Math.abs(i.y - anchor.y) < 0.5).sort((a, b) => a.x - b.x)
}

describe.each(["usd", "jpy", "kwd"])("statement PDF in %s", (currency) => {
  const doc = sampleStatement({ currency, count: 60 })
  const m = (amount: string) => normalizeSpaces(formatMoney(amount, currency))
  let read: ReadPdf

  beforeAll(async () => {
    read = await readPdf(await renderStatementPdf(doc))
  })

  it("shows every entry on its own row: date, description, amount in its column, running balance", () => {
    const edges = { balance: [] as number[], charges: [] as number[], credits: [] as number[] }
    for (const entry of doc.entries) {
      // the row whose balance cell shows this balance (the same figure may also appear elsewhere)
      const rows = itemsOf(read, m(entry.balance_after)).map((anchor) => rowOf(read, anchor))
      const row = rows.find((r) => r[0].str === formatDate(entry.occurred_at))!
      expect(row.map((i) => i.str)).toEqual([formatDate(entry.occurred_at), expect.any(String), m(entry.amount), m(entry.balance_after)])
      const anchor = row[3]
      expect(allText(read)).toContain(entry.description)
      edges[entry.amount.startsWith("-") ? "credits" : "charges"].push(row[2].right)
      edges.balance.push(anchor!.right)
    }
    // right-aligned columns, charges left of payments and credits, balance last
    const spread = (values: number[]) => Math.max(...values) - Math.min(...values)
    expect([spread(edges.charges), spread(edges.credits), spread(edges.balance)].every((s) => s < 0.5)).toBe(true)
    expect(edges.charges[0]).toBeLessThan(edges.credits[0])
    expect(edges.credits[0]).toBeLessThan(edges.balance[0])
  })

  it("shows opening, totals, closing and the aging buckets", () => {
    expectShown(read, [m(doc.opening_balance), m(doc.closing_balance), "Opening balance", "Closing balance", "ACCOUNT SUMMARY"])
    const row = rowOf(read, itemsOf(read, "Closing balance").slice(-1)[0]).map((i) => i.str)
    expect(row[row.length - 1]).toBe(m(doc.closing_balance))
    expectShown(read, doc.aging.buckets.map((b) => m(b.amount)))
    expectShown(read, [m(doc.aging.total), "CURRENT", "1–30 DAYS", "31–60 DAYS", "61–90 DAYS", "90+ DAYS", "TOTAL"])
    expect(allText(read)).toContain("Aging of open invoices as of Nov 30, 2026")
    expectShown(read, ["Jan 1, 2026 – Nov 30, 2026"])
  })

  it("sums charges and payments in the account summary", () => {
    let charges = 0n
    let credits = 0n
    const exponent = { usd: 2, jpy: 0, kwd: 3 }[currency]!
    const minor = (s: string) => BigInt(s.replace(".", ""))
    const major = (v: bigint) => {
      const sign = v < 0n ? "-" : ""
      const digits = (v < 0n ? -v : v).toString().padStart(exponent + 1, "0")
      return sign + (exponent ? `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}` : digits)
    }
    for (const e of doc.entries) {
      if (minor(e.amount) > 0n) charges += minor(e.amount)
      else credits += minor(e.amount)
    }
    const summary = (label: string) => rowOf(read, itemsOf(read, label)[0]).map((i) => i.str)
    expect(summary("Charges")).toEqual(["Charges", m(major(charges))])
    expect(summary("Payments and credits")).toEqual(["Payments and credits", m(major(credits))])
  })
})

describe("statement period line", () => {
  it.each([
    [{ from: null, to: "2026-11-30T23:59:59.999Z", kind: "all_time" }, "All time through Nov 30, 2026"],
    [{ from: "2026-01-01T00:00:00Z", to: "2026-11-30T12:00:00Z", kind: "range" }, "Jan 1, 2026 – Nov 30, 2026"],
    [{ from: "2026-03-03T10:00:00Z", to: "2026-11-30T12:00:00Z", kind: "since_zero" }, "Since your balance was last zero (Mar 3, 2026) through Nov 30, 2026"],
  ] as const)("%j → %s", async (period, label) => {
    expect(statementPeriodLabel(period as StatementDocument["period"])).toBe(label)
    const read = await readPdf(await renderStatementPdf(sampleStatement({ count: 3, period: period as StatementDocument["period"] })))
    expect(allText(read)).toContain(label)
  })
})

describe("a 1,000-line statement", () => {
  const doc = sampleStatement({ count: 1000 })
  let read: ReadPdf

  beforeAll(async () => {
    read = await readPdf(await renderStatementPdf(doc))
  }, 30000)

  it("is one PDF whose every page says 'Page X of Y', Y being the page count", () => {
    expect(read.totalPages).toBeGreaterThan(20)
    const footers = read.pages.map((page) => page.filter((i) => FOOTER.test(i.str)).map((i) => i.str))
    expect(footers).toEqual(Array.from({ length: read.totalPages }, (_, i) => [`Page ${i + 1} of ${read.totalPages}`]))
  })

  it("repeats the table header on every page the table runs onto, and ends without a blank page", () => {
    const lastTablePage = itemsOf(read, "Closing balance").slice(-1)[0].page
    for (let page = 1; page <= lastTablePage; page++) {
      const strings = read.pages[page - 1].map((i) => i.str)
      expect(strings).toEqual(expect.arrayContaining(["DATE", "DESCRIPTION", "CHARGES", "PAYMENTS &", "CREDITS", "BALANCE"]))
    }
    // the last page carries content, not just its footer
    expect(read.pages[read.totalPages - 1].length).toBeGreaterThan(3)
    expect(read.pages[read.totalPages - 1].map((i) => i.str)).toContain("TOTAL")
  })

  it("shows every entry's running balance, in order", () => {
    const m = (amount: string) => formatMoney(amount, "usd")
    const shown = read.items.map((i) => i.str)
    let from = 0
    for (const entry of doc.entries) {
      const at = shown.indexOf(m(entry.balance_after), from)
      expect(at).toBeGreaterThanOrEqual(from)
      from = at + 1
    }
  })
})

describe("statement data that does not add up is refused", () => {
  it.each([
    ["a running balance", (d: StatementDocument) => (d.entries[7].balance_after = "1.00"), /entries\[7\]/],
    ["an entry's amount", (d: StatementDocument) => (d.entries[3].amount = d.entries[3].amount.startsWith("-") ? "-0.01" : "0.01"), /entries\[3\]/],
    ["the opening balance", (d: StatementDocument) => (d.opening_balance = "0.00"), /entries\[0\]/],
    ["the closing balance", (d: StatementDocument) => (d.closing_balance = "0.00"), /closing_balance is 0.00 USD/],
    ["the aging total", (d: StatementDocument) => (d.aging.total = "1.00"), /aging does not add up/],
    ["a repeated aging bucket", (d: StatementDocument) => (d.aging.buckets[1] = { ...d.aging.buckets[0] }), /repeated key "current"/],
  ])("%s", async (_what, corrupt, message) => {
    const doc = sampleStatement({ count: 12 })
    await expect(renderStatementPdf(doc)).resolves.toBeInstanceOf(Buffer)
    corrupt(doc)
    await expect(renderStatementPdf(doc)).rejects.toThrow(StatementError)
    await expect(renderStatementPdf(doc)).rejects.toThrow(message)
  })

  it("prints a period with no activity", async () => {
    const doc = sampleStatement({ count: 0 })
    const read = await readPdf(await renderStatementPdf(doc))
    expectShown(read, ["No activity in this period", "$1,042.50"])
  })

  it("the check can fail: a wrong running balance is reported missing", async () => {
    const doc = sampleStatement({ count: 6 })
    const read = await readPdf(await renderStatementPdf(doc))
    expect(() => expectShown(read, [formatMoney("123.45", "usd")])).toThrow()
    expectShown(read, doc.entries.map((e) => formatMoney(e.balance_after, "usd")))
  })
})
