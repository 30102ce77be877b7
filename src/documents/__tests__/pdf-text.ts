/**
 * Reads a rendered PDF back (pdf.js, through unpdf) for the tests: the text
 * items of every page with their positions. Each string the layout draws is
 * one item, so a table cell can be looked up exactly.
 */
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { extractTextItems } = require("unpdf")

/**
 * pdf.js reads the no-break space (which Intl puts between "KWD" and the
 * figure) back as a plain space; both sides are compared in that form.
 */
export const normalizeSpaces = (text: string) => text.replace(/\u00a0/g, " ")

export type PdfItem = { str: string; x: number; y: number; width: number; right: number; page: number }
export type ReadPdf = { totalPages: number; pages: PdfItem[][]; items: PdfItem[]; strings: string[] }

export async function readPdf(pdf: Buffer): Promise<ReadPdf> {
  expect(Buffer.isBuffer(pdf)).toBe(true)
  expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-")
  const { totalPages, items } = (await extractTextItems(new Uint8Array(pdf))) as {
    totalPages: number
    items: { str: string; x: number; y: number; width: number }[][]
  }
  const pages = items.map((pageItems, index) =>
    pageItems
      .filter((item) => item.str.trim() !== "")
      .map((item) => ({ str: normalizeSpaces(item.str), x: item.x, y: item.y, width: item.width, right: item.x + item.width, page: index + 1 }))
  )
  const all = pages.flat()
  return { totalPages, pages, items: all, strings: all.map((item) => item.str) }
}

/** Fails naming every expected string the PDF does not show as a whole item. */
export function expectShown(read: ReadPdf, expected: readonly string[]): void {
  const shown = new Set(read.strings)
  const missing = expected.filter((text) => !shown.has(normalizeSpaces(text)))
  expect(missing).toEqual([])
}

/** Items exactly equal to `text`. */
export function itemsOf(read: ReadPdf, text: string): PdfItem[] {
  return read.items.filter((item) => item.str === normalizeSpaces(text))
}

/** The whole text of a page, items joined by spaces (for phrases that may be split into items). */
export function pageText(read: ReadPdf, page: number): string {
  return read.pages[page - 1].map((item) => item.str).join(" ")
}

export function allText(read: ReadPdf): string {
  return read.strings.join(" ")
}
