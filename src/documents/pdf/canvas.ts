/**
 * A thin layer over pdfkit that keeps page breaks in our hands.
 *
 * pdfkit breaks pages by itself whenever wrapped text runs past the bottom
 * margin, which would split table rows, skip the repeated table header and
 * add pages for footers. So nothing here lets pdfkit wrap: text is wrapped
 * into lines by `wrap` (measured with the font's metrics), every line is
 * drawn at a position we computed, and content moves to a new page only
 * through `newPage` / `ensureSpace`. Every string passes through
 * `toDrawableText` on its way in (see text.ts for what the fonts can draw).
 */
import PDFDocument from "pdfkit"
import { toDrawableText } from "../text"

export type FontName = "Helvetica" | "Helvetica-Bold" | "Helvetica-Oblique"

export type TextStyle = { font?: FontName; size?: number; color?: string }

/** Colours and type sizes shared by every document. */
export const THEME = {
  ink: "#1f2933",
  muted: "#5f6b7a",
  faint: "#8a96a3",
  rule: "#d5dbe1",
  band: "#f1f4f7",
  accent: "#1d4f7a",
  paid: "#1a7f4b",
  void: "#b42318",
  draft: "#9a5b00",
  body: 9,
  small: 8,
} as const

const PAGE = { width: 612, height: 792 } // US Letter, in points
const MARGIN_X = 50
const MARGIN_TOP = 50
/** Content ends here; below it the footer (rule, document name, "Page X of Y"). */
const CONTENT_BOTTOM = PAGE.height - 62
const FOOTER_Y = PAGE.height - 44
/** Continuation pages start below a one-line running header. */
const CONTINUATION_TOP = MARGIN_TOP + 26

export type CanvasOptions = {
  /** PDF metadata title, also the running header's right side: "Invoice INV-000123" */
  title: string
  /** left side of the running header on continuation pages: the business name */
  issuer: string
  /** left side of every footer: "Invoice INV-000123 · Generated Mar 14, 2026" */
  footer: string
  /** the document's own date (generated_at): PDF creation date, so the same data gives the same bytes */
  createdAt: Date
  /** a large faint word across every page ("VOID", "DRAFT") */
  watermark?: { text: string; color: string }
}

export type Align = "left" | "right" | "center"

export class PdfCanvas {
  readonly doc: PDFKit.PDFDocument
  readonly left = MARGIN_X
  readonly right = PAGE.width - MARGIN_X
  readonly width = PAGE.width - 2 * MARGIN_X
  readonly bottom = CONTENT_BOTTOM
  /** where the next block starts on the current page */
  y = MARGIN_TOP
  /** y where content starts on a continuation page (after the running header) */
  readonly continuationTop = CONTINUATION_TOP

  private readonly options: CanvasOptions
  private readonly chunks: Buffer[] = []
  private readonly ended: Promise<Buffer>

  constructor(options: CanvasOptions) {
    this.options = options
    this.doc = new PDFDocument({
      size: "LETTER",
      margins: { top: MARGIN_TOP, bottom: PAGE.height - CONTENT_BOTTOM, left: MARGIN_X, right: MARGIN_X },
      bufferPages: true,
      autoFirstPage: false,
      displayTitle: true,
      info: {
        Title: toDrawableText(options.title),
        Author: toDrawableText(options.issuer),
        Creator: "medusa-billing-portal",
        Producer: "medusa-billing-portal (pdfkit)",
        // pdfkit would read the clock here; the document's own date keeps the output deterministic.
        CreationDate: options.createdAt,
      },
    })
    this.ended = new Promise((resolve, reject) => {
      this.doc.on("data", (chunk: Buffer) => this.chunks.push(chunk))
      this.doc.on("end", () => resolve(Buffer.concat(this.chunks)))
      this.doc.on("error", reject)
    })
    this.doc.addPage()
    this.forgetColor()
    this.startPage()
  }

  get pageCount(): number {
    return this.doc.bufferedPageRange().count
  }

  /** Space left on this page, in points. */
  get remaining(): number {
    return this.bottom - this.y
  }

  /** Tallest block a fresh continuation page can hold. */
  get pageCapacity(): number {
    return this.bottom - this.continuationTop
  }

  private startPage(): void {
    const watermark = this.options.watermark
    if (!watermark) return
    // Drawn first, so the page's content sits on top of it.
    const doc = this.doc
    const text = toDrawableText(watermark.text)
    const textWidth = this.measure(text, "Helvetica-Bold", 110)
    doc.save()
    doc.rotate(-35, { origin: [PAGE.width / 2, PAGE.height / 2] })
    this.setFont("Helvetica-Bold", 110)
    doc.fillColor(watermark.color).fillOpacity(0.07)
    doc.text(text, PAGE.width / 2 - textWidth / 2, PAGE.height / 2 - 40, { lineBreak: false })
    doc.restore()
    doc.fillOpacity(1)
  }

  /** Starts a continuation page with its running header. */
  newPage(): void {
    this.doc.addPage()
    this.forgetColor()
    this.startPage()
    const y = MARGIN_TOP
    this.line(this.options.issuer, this.left, y, this.width / 2, { font: "Helvetica-Bold", size: THEME.small, color: THEME.muted })
    this.line(`${this.options.title} (continued)`, this.left + this.width / 2, y, this.width / 2, { size: THEME.small, color: THEME.muted }, "right")
    this.rule(y + 13)
    this.y = CONTINUATION_TOP
  }

  /** Moves to a new page unless `height` points fit below the cursor. Returns true when it did. */
  ensureSpace(height: number): boolean {
    if (this.y + height <= this.bottom) return false
    this.newPage()
    return true
  }

  // Text measuring dominates a long statement (pdfkit looks up a kerning
  // pair per glyph), and the same strings are measured to size the columns,
  // to wrap and to align: widths are kept per font and size for the
  // document's lifetime. Styles already in effect are not set again, which
  // also keeps repeated colour operators out of the page content.
  private readonly widths = new Map<string, Map<string, number>>()
  private currentFont = ""
  private currentSize = 0
  private currentColor = ""

  private setFont(font: FontName, size: number): void {
    if (font !== this.currentFont) {
      this.doc.font(font)
      this.currentFont = font
    }
    if (size !== this.currentSize) {
      this.doc.fontSize(size)
      this.currentSize = size
    }
  }

  private applyStyle(style: TextStyle): void {
    this.setFont(style.font ?? "Helvetica", style.size ?? THEME.body)
    const color = style.color ?? THEME.ink
    if (color !== this.currentColor) {
      this.doc.fillColor(color)
      this.currentColor = color
    }
  }

  /** A new page (or a switch back to one) starts from the PDF's default graphics state. */
  private forgetColor(): void {
    this.currentColor = ""
  }

  /** Width of already-drawable text in a font and size, measured once. */
  private measure(text: string, font: FontName, size: number): number {
    const key = `${font}/${size}`
    let cache = this.widths.get(key)
    if (!cache) this.widths.set(key, (cache = new Map()))
    let width = cache.get(text)
    if (width === undefined) {
      this.setFont(font, size)
      width = this.doc.widthOfString(text)
      cache.set(text, width)
    }
    return width
  }

  /** Height of one line of text in this style (font line height, including its line gap). */
  lineHeight(style: TextStyle = {}): number {
    this.setFont(style.font ?? "Helvetica", style.size ?? THEME.body)
    return this.doc.currentLineHeight(true)
  }

  /** Width of `text` (made drawable) in this style. */
  widthOf(text: string, style: TextStyle = {}): number {
    return this.measure(toDrawableText(text), style.font ?? "Helvetica", style.size ?? THEME.body)
  }

  /**
   * `text` broken into lines no wider than `width`: at spaces, and inside a
   * word only when the word alone is wider than the line. Line breaks in the
   * text are kept when `multiline`. At least one line (possibly empty).
   */
  wrap(text: string, width: number, style: TextStyle = {}, multiline = false): string[] {
    const font = style.font ?? "Helvetica"
    const size = style.size ?? THEME.body
    const measure = (s: string) => this.measure(s, font, size)
    const lines: string[] = []
    for (const paragraph of toDrawableText(text, { multiline }).split("\n")) {
      if (measure(paragraph) <= width) {
        lines.push(paragraph.trimEnd())
        continue
      }
      let current = ""
      for (const word of paragraph.split(/ +/)) {
        const candidate = current ? `${current} ${word}` : word
        if (measure(candidate) <= width) {
          current = candidate
          continue
        }
        if (current) lines.push(current)
        let rest = word
        while (rest.length > 1 && measure(rest) > width) {
          // the longest prefix that fits (at least one character), by bisection: words can be very long IDs or URLs
          let fits = 1
          let tooLong = rest.length
          while (tooLong - fits > 1) {
            const middle = (fits + tooLong) >> 1
            if (measure(rest.slice(0, middle)) <= width) fits = middle
            else tooLong = middle
          }
          lines.push(rest.slice(0, fits))
          rest = rest.slice(fits)
        }
        current = rest
      }
      lines.push(current)
    }
    return lines
  }

  /**
   * Draws one line of text, never wrapped, at (x, y) in a box `width` wide,
   * aligned within it. Text wider than the box is drawn smaller until it fits
   * (money and IDs must stay whole and on one line); returns the size used.
   */
  line(text: string, x: number, y: number, width: number, style: TextStyle = {}, align: Align = "left"): number {
    const drawable = toDrawableText(text)
    if (drawable === "") return style.size ?? THEME.body
    const font = style.font ?? "Helvetica"
    let size = style.size ?? THEME.body
    let textWidth = this.measure(drawable, font, size)
    if (textWidth > width && textWidth > 0) {
      size = Math.max(4, Math.floor(((size * width) / textWidth) * 10) / 10)
      textWidth = this.measure(drawable, font, size)
    }
    this.applyStyle({ ...style, size })
    const offset = align === "right" ? width - textWidth : align === "center" ? (width - textWidth) / 2 : 0
    // No `width` option: pdfkit then neither wraps nor breaks pages.
    this.doc.text(drawable, x + Math.max(0, offset), y, { lineBreak: false })
    return size
  }

  /**
   * Draws wrapped text (see `wrap`) at the cursor, moving to new pages
   * between lines as needed, and advances the cursor. For notes and other
   * free text that may run long.
   */
  paragraph(text: string, style: TextStyle = {}, { multiline = true, x = this.left, width = this.width } = {}): void {
    const height = this.lineHeight(style)
    for (const line of this.wrap(text, width, style, multiline)) {
      this.ensureSpace(height)
      this.line(line, x, this.y, width, style)
      this.y += height
    }
  }

  rule(y: number, { x = this.left, width = this.width, color = THEME.rule as string, thickness = 0.75 } = {}): void {
    this.doc.save().moveTo(x, y).lineTo(x + width, y).lineWidth(thickness).strokeColor(color).stroke().restore()
  }

  fillRect(x: number, y: number, width: number, height: number, color: string): void {
    this.doc.save().rect(x, y, width, height).fillColor(color).fill().restore()
  }

  strokeRoundedRect(x: number, y: number, width: number, height: number, color: string, thickness = 1.5): void {
    this.doc.save().roundedRect(x, y, width, height, 3).lineWidth(thickness).strokeColor(color).stroke().restore()
  }

  /** Writes the footer on every page and returns the finished PDF. */
  async finish(): Promise<Buffer> {
    const doc = this.doc
    const { start, count } = doc.bufferedPageRange()
    for (let index = 0; index < count; index++) {
      doc.switchToPage(start + index)
      // the page's content stream ends in whatever colour its last text used
      this.forgetColor()
      // The footer lies below the bottom margin, where pdfkit would otherwise start a new page.
      doc.page.margins.bottom = 0
      this.rule(FOOTER_Y - 8)
      const style = { size: THEME.small - 0.5, color: THEME.faint }
      const pageLabel = `Page ${index + 1} of ${count}`
      const labelWidth = this.widthOf(pageLabel, style) + 4
      this.line(this.options.footer, this.left, FOOTER_Y, this.width - labelWidth - 12, style)
      this.line(pageLabel, this.right - labelWidth, FOOTER_Y, labelWidth, style, "right")
    }
    doc.end()
    return this.ended
  }
}
