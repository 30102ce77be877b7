import {
  DocumentDataError,
  formatDate,
  formatDateTime,
  formatMoney,
  formatQuantity,
  invoicePdfFilename,
  receiptPdfFilename,
  statementPdfFilename,
  toDrawableText,
} from ".."
import { isDrawable } from "../text"

describe("formatMoney", () => {
  it.each([
    ["1234.50", "usd", "$1,234.50"],
    ["1234.5", "USD", "$1,234.50"],
    ["0.00", "usd", "$0.00"],
    ["-0.05", "usd", "-$0.05"],
    ["-1234.56", "usd", "-$1,234.56"],
    ["1235", "jpy", "¥1,235"],
    ["-1235", "jpy", "-¥1,235"],
    ["12.345", "kwd", "KWD\u00a012.345"],
    ["-0.001", "kwd", "-KWD\u00a00.001"],
    ["99.90", "eur", "€99.90"],
    ["99.90", "gbp", "£99.90"],
    ["99.90", "cad", "CA$99.90"],
  ])("%s %s → %s", (amount, currency, expected) => {
    expect(formatMoney(amount, currency)).toBe(expected)
  })

  it.each([
    ["9999999999999.99", "usd", "$9,999,999,999,999.99"],
    ["12345678901234.99", "usd", "$12,345,678,901,234.99"],
    ["-9999999999999.99", "usd", "-$9,999,999,999,999.99"],
    ["999999999999999", "jpy", "¥999,999,999,999,999"],
    ["999999999999.999", "kwd", "KWD\u00a0999,999,999,999.999"],
    // beyond a double's 15-16 significant digits: still every digit
    ["123456789012345678.91", "usd", "$123,456,789,012,345,678.91"],
  ])("keeps every digit of %s %s", (amount, currency, expected) => {
    expect(formatMoney(amount, currency)).toBe(expected)
  })

  it("shows the code when the fonts cannot draw the symbol (₹, ₩)", () => {
    expect(formatMoney("1234.50", "inr")).toBe("INR\u00a01,234.50")
    expect(formatMoney("1235", "krw")).toBe("KRW\u00a01,235")
  })

  it.each([
    ["1e3", "usd"],
    ["12.345", "usd"],
    ["12.3", "jpy"],
    ["", "usd"],
    ["abc", "usd"],
    [" 12.00", "usd"],
    ["+12.00", "usd"],
    [".50", "usd"],
    ["1,000.00", "usd"],
    ["NaN", "usd"],
    ["Infinity", "usd"],
  ])("refuses %j %s", (amount, currency) => {
    expect(() => formatMoney(amount, currency)).toThrow(DocumentDataError)
  })

  it("refuses numbers (money is never a JS number) and bad currency codes", () => {
    expect(() => formatMoney(12.5 as unknown as string, "usd")).toThrow(/must be a decimal string/)
    expect(() => formatMoney("12.50", "US")).toThrow(/three-letter/)
    expect(() => formatMoney("12.50", "us$")).toThrow(/three-letter/)
  })

  it("names the field in its error", () => {
    expect(() => formatMoney("12.345", "usd", "invoice.total")).toThrow(/invoice\.total has more decimals than USD allows/)
  })
})

describe("formatQuantity", () => {
  it.each([
    ["1", "1"],
    ["2.5", "2.5"],
    ["1.0000", "1"],
    ["0.25", "0.25"],
    ["1200", "1,200"],
    ["0012", "12"],
    ["1234567.125", "1,234,567.125"],
  ])("%s → %s", (quantity, expected) => {
    expect(formatQuantity(quantity)).toBe(expected)
  })

  it("refuses what is not a decimal string", () => {
    expect(() => formatQuantity("two")).toThrow(DocumentDataError)
    expect(() => formatQuantity(2 as unknown as string)).toThrow(DocumentDataError)
  })
})

describe("dates", () => {
  it("formats the UTC calendar day, whatever the offset", () => {
    expect(formatDate("2026-03-14T10:00:00.000Z")).toBe("Mar 14, 2026")
    expect(formatDate("2026-03-14")).toBe("Mar 14, 2026")
    // 23:30 in New York is the next day in UTC
    expect(formatDate("2026-03-14T23:30:00-05:00")).toBe("Mar 15, 2026")
    expect(formatDate("2026-12-31T23:59:59.999Z")).toBe("Dec 31, 2026")
    expect(formatDateTime("2026-04-02T18:07:33.000Z")).toBe("Apr 2, 2026, 18:07 UTC")
  })

  it("refuses what is not an ISO 8601 date", () => {
    expect(() => formatDate("14/03/2026", "invoice.due_at")).toThrow(/invoice\.due_at must be an ISO 8601 date/)
    expect(() => formatDate("2026-02-30")).toThrow(DocumentDataError)
    expect(() => formatDate(null as unknown as string)).toThrow(DocumentDataError)
  })
})

describe("toDrawableText", () => {
  it.each([
    ["Jane Cooper", "Jane Cooper"],
    ["Visa •••• 4242 — “quoted” €5 £3 ¥9 ½ ©", "Visa •••• 4242 — “quoted” €5 £3 ¥9 ½ ©"],
    ["Zoë Müller-Lüdenscheidt, Søren, François", "Zoë Müller-Lüdenscheidt, Søren, François"],
    ["Иван Петров", "???? ??????"],
    ["株式会社テスト", "???????"],
    ["Ἀθῆναι", "??????"],
    ["Party 🎉 time 👩‍👩‍👧", "Party ? time ???"],
    ["Dvořák, Łódź, Ĳssel", "Dvorák, ?ódz, IJssel"],
    ["e\u0301te\u0301", "été"],
    ["tab\there\u0000\u200bzero", "tab herezero"],
    ["a\u00a0b\u2009c\u202fd", "a\u00a0b c d"],
    ["−5 ‐ 3", "-5 - 3"],
  ])("%j → %j", (input, expected) => {
    expect(toDrawableText(input)).toBe(expected)
  })

  it("keeps line breaks only for multiline text", () => {
    expect(toDrawableText("one\r\ntwo\nthree", { multiline: true })).toBe("one\ntwo\nthree")
    expect(toDrawableText("one\r\ntwo")).toBe("one two")
  })

  it("never returns a character the standard fonts cannot draw", () => {
    const sample = Array.from({ length: 0x3000 }, (_, i) => String.fromCodePoint(i)).join("") + "😀𝔘𐐷"
    const out = toDrawableText(sample)
    for (const char of out) expect(isDrawable(char.codePointAt(0)!)).toBe(true)
  })
})

describe("file names", () => {
  it("follow the documented shapes", () => {
    expect(invoicePdfFilename("INV-000123")).toBe("INV-000123.pdf")
    expect(receiptPdfFilename("pi_3QzKd2LkdIwHu7ix0Mn8OpQr")).toBe("receipt-pi_3QzKd2LkdIwHu7ix0Mn8OpQr.pdf")
    expect(statementPdfFilename("usd", "2026-01-01T00:00:00.000Z", "2026-11-30T23:59:59.999Z")).toBe(
      "statement-USD-2026-01-01-to-2026-11-30.pdf"
    )
    expect(statementPdfFilename("USD", null, "2026-11-30")).toBe("statement-USD-all-to-2026-11-30.pdf")
  })

  it.each([
    ["../../etc/passwd", "etc-passwd.pdf"],
    ['INV"; filename=evil.exe', "INV-filename-evil.exe.pdf"],
    ["C:\\Windows\\x", "C-Windows-x.pdf"],
    ["..", "invoice.pdf"],
    ["", "invoice.pdf"],
    ["Facture n°42 — été", "Facture-n-42-ete.pdf"],
    ["請求書", "invoice.pdf"],
    ["line\r\nbreak", "line-break.pdf"],
  ])("make %j safe: %s", (number, expected) => {
    expect(invoicePdfFilename(number)).toBe(expected)
  })

  it("are safe ASCII, bounded and never a path, whatever the input", () => {
    const nasty = ["/", "\\", "'", '"', "\0", "..", "%2e%2e%2f", "😀".repeat(50), "a".repeat(5000), ".hidden", "-rf"]
    for (const value of nasty) {
      for (const name of [invoicePdfFilename(value), receiptPdfFilename(value), statementPdfFilename(value, value, value)]) {
        expect(name).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*\.pdf$/)
        expect(name).not.toContain("..")
        expect(name.length).toBeLessThanOrEqual(200)
      }
    }
  })
})
