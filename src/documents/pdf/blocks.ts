/**
 * Blocks the three documents share: the letterhead with the document's
 * title and facts, the customer block, label/value lists, the highlighted
 * summary box and the status stamp.
 */
import type { DocumentBusiness, DocumentCustomer } from "../types"
import { PdfCanvas, TextStyle, THEME } from "./canvas"

export const LABEL_STYLE: TextStyle = { font: "Helvetica-Bold", size: THEME.small - 0.5, color: THEME.muted }
export const SECTION_TITLE_STYLE: TextStyle = { font: "Helvetica-Bold", size: 10.5, color: THEME.ink }

export function businessName(business: DocumentBusiness): string {
  const name = business.name?.trim()
  return name ? name : "Billing"
}

export type Fact = { label: string; value: string; style?: TextStyle }

/**
 * Business name and support email on the left; the document's title and
 * facts (number, dates, status) on the right. Leaves the cursor below both.
 */
export function drawLetterhead(canvas: PdfCanvas, business: DocumentBusiness, title: string, facts: readonly Fact[]): void {
  const top = canvas.y
  const leftWidth = canvas.width * 0.5
  let left = top
  const nameStyle: TextStyle = { font: "Helvetica-Bold", size: 16, color: THEME.ink }
  for (const line of canvas.wrap(businessName(business), leftWidth, nameStyle).slice(0, 2)) {
    canvas.line(line, canvas.left, left, leftWidth, nameStyle)
    left += canvas.lineHeight(nameStyle)
  }
  left += 2
  const contactStyle: TextStyle = { size: THEME.body, color: THEME.muted }
  if (business.support_email) {
    canvas.line(business.support_email, canvas.left, left, leftWidth, contactStyle)
    left += canvas.lineHeight(contactStyle)
  }

  const titleStyle: TextStyle = { font: "Helvetica-Bold", size: 20, color: THEME.accent }
  const rightX = canvas.left + leftWidth + 10
  const rightWidth = canvas.right - rightX
  canvas.line(title, rightX, top - 2, rightWidth, titleStyle, "right")
  let right = top + canvas.lineHeight(titleStyle) + 4
  const valueWidth = Math.min(150, rightWidth * 0.6)
  const labelWidth = rightWidth - valueWidth - 10
  for (const fact of facts) {
    const valueStyle: TextStyle = { font: "Helvetica-Bold", size: THEME.body, color: THEME.ink, ...fact.style }
    canvas.line(fact.label, rightX, right, labelWidth, { size: THEME.body, color: THEME.muted }, "right")
    canvas.line(fact.value, canvas.right - valueWidth, right, valueWidth, valueStyle, "right")
    right += canvas.lineHeight(valueStyle) + 1
  }
  canvas.y = Math.max(left, right) + 10
  canvas.rule(canvas.y, { color: THEME.rule })
  canvas.y += 14
}

/** "BILL TO" / name / company / email / phone, from (x, y) within `width`; returns the y below it. */
export function drawCustomer(canvas: PdfCanvas, label: string, customer: DocumentCustomer, x: number, y: number, width: number): number {
  canvas.line(label.toUpperCase(), x, y, width, LABEL_STYLE)
  y += canvas.lineHeight(LABEL_STYLE) + 2
  const lines: { text: string; style: TextStyle }[] = []
  const name = customer.name?.trim()
  const company = customer.company_name?.trim()
  if (name) lines.push({ text: name, style: { font: "Helvetica-Bold", size: 10 } })
  if (company) lines.push({ text: company, style: name ? {} : { font: "Helvetica-Bold", size: 10 } })
  if (customer.email) lines.push({ text: customer.email, style: { color: THEME.muted } })
  if (customer.phone) lines.push({ text: customer.phone, style: { color: THEME.muted } })
  if (lines.length === 0) lines.push({ text: "—", style: { color: THEME.muted } })
  for (const { text, style } of lines) {
    for (const line of canvas.wrap(text, width, style).slice(0, 3)) {
      canvas.line(line, x, y, width, style)
      y += canvas.lineHeight(style)
    }
  }
  return y
}

export type SummaryBox = {
  label: string
  /** the large figure; omitted when a stamp says it all (VOID) */
  amount?: string
  /** a status word in a coloured frame (PAID, VOID, DRAFT — not issued) */
  stamp?: { text: string; color: string }
  caption?: string
}

/** A shaded box: a label, one large figure, an optional stamp and a caption; returns the y below it. */
export function drawSummaryBox(canvas: PdfCanvas, box: SummaryBox, x: number, y: number, width: number): number {
  const pad = 12
  const inner = width - 2 * pad
  const figureStyle: TextStyle = { font: "Helvetica-Bold", size: 18, color: THEME.ink }
  const stampStyle: TextStyle = { font: "Helvetica-Bold", size: 15, color: box.stamp?.color }
  const captionStyle: TextStyle = { size: THEME.body, color: THEME.muted }
  const captionLines = box.caption ? canvas.wrap(box.caption, inner, captionStyle).slice(0, 3) : []
  const stampHeight = canvas.lineHeight(stampStyle) + 6
  const height =
    pad +
    canvas.lineHeight(LABEL_STYLE) + 4 +
    (box.amount ? canvas.lineHeight(figureStyle) + 2 : 0) +
    (box.stamp ? stampHeight + 9 : 0) +
    captionLines.length * canvas.lineHeight(captionStyle) +
    pad - 2
  canvas.fillRect(x, y, width, height, THEME.band)
  let cursor = y + pad
  canvas.line(box.label.toUpperCase(), x + pad, cursor, inner, LABEL_STYLE)
  cursor += canvas.lineHeight(LABEL_STYLE) + 4
  if (box.amount) {
    canvas.line(box.amount, x + pad, cursor, inner, figureStyle)
    cursor += canvas.lineHeight(figureStyle) + 2
  }
  if (box.stamp) {
    const stampWidth = Math.min(inner, canvas.widthOf(box.stamp.text, stampStyle) + 18)
    canvas.strokeRoundedRect(x + pad, cursor + 1, stampWidth, stampHeight, box.stamp.color)
    canvas.line(box.stamp.text, x + pad + 9, cursor + 6, stampWidth - 18, stampStyle)
    cursor += stampHeight + 9
  }
  for (const line of captionLines) {
    canvas.line(line, x + pad, cursor, inner, captionStyle)
    cursor += canvas.lineHeight(captionStyle)
  }
  return y + height
}

export type TotalLine = { label: string; value: string; emphasis?: "strong" | "total"; muted?: boolean }

/**
 * Label/value lines right-aligned in a block at the right of the page (an
 * invoice's totals), kept together on one page with their `footnote`.
 * `emphasis: "total"` draws a shaded, bold line.
 */
export function drawTotals(canvas: PdfCanvas, lines: readonly TotalLine[], { width = 260, footnote }: { width?: number; footnote?: string } = {}): void {
  const rowStyle = (line: TotalLine): TextStyle =>
    line.emphasis ? { font: "Helvetica-Bold", size: line.emphasis === "total" ? 10.5 : THEME.body } : { size: THEME.body, color: line.muted ? THEME.muted : THEME.ink }
  const rowHeight = (line: TotalLine) => canvas.lineHeight(rowStyle(line)) + (line.emphasis === "total" ? 10 : 5)
  const footnoteStyle: TextStyle = { size: THEME.small, color: THEME.muted }
  const footnoteLines = footnote ? canvas.wrap(footnote, width, footnoteStyle) : []
  const footnoteHeight = footnoteLines.length ? 4 + footnoteLines.length * canvas.lineHeight(footnoteStyle) : 0
  canvas.ensureSpace(lines.reduce((sum, line) => sum + rowHeight(line), 0) + footnoteHeight + 4)
  const x = canvas.right - width
  const pad = 6
  const valueWidth = width * 0.55
  for (const line of lines) {
    const style = rowStyle(line)
    const height = rowHeight(line)
    if (line.emphasis === "total") canvas.fillRect(x, canvas.y, width, height, THEME.band)
    if (line.emphasis === "strong") canvas.rule(canvas.y, { x, width, color: THEME.ink, thickness: 0.75 })
    const textY = canvas.y + (height - canvas.lineHeight(style)) / 2 + 0.5
    canvas.line(line.label, x + pad, textY, width - valueWidth - pad, style)
    canvas.line(line.value, x + width - valueWidth, textY, valueWidth - pad, style, "right")
    canvas.y += height
  }
  if (footnoteLines.length) canvas.y += 4
  for (const line of footnoteLines) {
    canvas.line(line, x, canvas.y, width, footnoteStyle)
    canvas.y += canvas.lineHeight(footnoteStyle)
  }
}

/** A section title with room below it, kept with `keepWith` points of what follows. */
export function drawSectionTitle(canvas: PdfCanvas, title: string, keepWith = 0): void {
  const height = canvas.lineHeight(SECTION_TITLE_STYLE) + 6
  canvas.ensureSpace(height + keepWith)
  canvas.line(title, canvas.left, canvas.y, canvas.width, SECTION_TITLE_STYLE)
  canvas.y += height
}
