/**
 * Tables that read well on paper: a header row repeated at the top of every
 * page the table runs onto, rows never split across pages, money columns
 * sized to their widest amount and right-aligned.
 */
import { Align, PdfCanvas, TextStyle, THEME } from "./canvas"

export type Paragraph = { text: string; style?: TextStyle; multiline?: boolean }
/** A cell: plain text, or paragraphs stacked (a line's title with its description under it). */
export type Cell = string | Paragraph | Paragraph[]

export type Column = {
  header: string
  width: number
  align?: Align
  /** text wraps onto more lines; otherwise it stays on one line, drawn smaller if it must */
  wrap?: boolean
}

export type ColumnSpec = {
  header: string
  align?: Align
  wrap?: boolean
  /** takes the width the other columns leave (shared between flex columns) */
  flex?: boolean
  /** values the column must show on one line: the column is at least as wide as the widest */
  fit?: readonly string[]
  min?: number
}

export type TableRow = {
  cells: Cell[]
  /** applies to every cell of the row (e.g. bold for an opening balance) */
  style?: TextStyle
  fill?: string
}

export type TableOptions = {
  /** a section title kept on the same page as the header and first row */
  title?: string
  style?: TextStyle
  paddingX?: number
  paddingY?: number
  /** background of every other row, for long tables */
  zebra?: string
}

const HEADER_STYLE: TextStyle = { font: "Helvetica-Bold", size: THEME.small - 0.5, color: THEME.muted }
const TITLE_STYLE: TextStyle = { font: "Helvetica-Bold", size: 10.5, color: THEME.ink }
const DEFAULT_PADDING_X = 6
const FLEX_MIN = 110

/**
 * Column widths for `totalWidth`: fixed columns as wide as their header and
 * widest `fit` value, flex columns share the rest. When the fixed columns
 * leave a flex column less than FLEX_MIN (15-digit amounts), they give up
 * width in proportion, and their values are drawn smaller to fit.
 */
export function layoutColumns(
  canvas: PdfCanvas,
  specs: readonly ColumnSpec[],
  { totalWidth = canvas.width, paddingX = DEFAULT_PADDING_X, style = {} as TextStyle } = {}
): Column[] {
  const natural = specs.map((spec) => {
    if (spec.flex) return 0
    // a header wraps at its spaces ("PAYMENTS &" / "CREDITS"): only its longest word sets a minimum
    let widest = Math.max(0, ...spec.header.toUpperCase().split(" ").map((word) => canvas.widthOf(word, HEADER_STYLE)))
    for (const value of spec.fit ?? []) widest = Math.max(widest, canvas.widthOf(value, style))
    return Math.max(spec.min ?? 0, Math.ceil(widest + 2 * paddingX + 1))
  })
  const flexCount = specs.filter((s) => s.flex).length
  const fixedTotal = natural.reduce((a, b) => a + b, 0)
  const flexRoom = totalWidth - fixedTotal
  const scale = flexCount > 0 && flexRoom < FLEX_MIN * flexCount ? (totalWidth - FLEX_MIN * flexCount) / fixedTotal : flexCount === 0 && fixedTotal > totalWidth ? totalWidth / fixedTotal : 1
  const fixedWidths = natural.map((w) => Math.floor(w * scale))
  const flexWidth = flexCount > 0 ? (totalWidth - fixedWidths.reduce((a, b) => a + b, 0)) / flexCount : 0
  return specs.map((spec, i) => ({
    header: spec.header,
    align: spec.align,
    wrap: spec.wrap,
    width: spec.flex ? flexWidth : fixedWidths[i],
  }))
}

type PreparedParagraph = { lines: string[]; style: TextStyle; lineHeight: number }
type PreparedRow = { row: TableRow; cells: PreparedParagraph[][]; height: number }

function paragraphsOf(cell: Cell): Paragraph[] {
  if (typeof cell === "string") return [{ text: cell }]
  return Array.isArray(cell) ? cell : [cell]
}

/** Keeps the first `keep` lines, the last one ending in "…" within `width`. */
function truncateLines(canvas: PdfCanvas, lines: string[], keep: number, width: number, style: TextStyle): string[] {
  const kept = lines.slice(0, Math.max(1, keep))
  let last = kept[kept.length - 1]
  while (last.length > 0 && canvas.widthOf(`${last}…`, style) > width) last = last.slice(0, -1)
  kept[kept.length - 1] = `${last.trimEnd()}…`
  return kept
}

export function drawTable(canvas: PdfCanvas, columns: readonly Column[], rows: readonly TableRow[], options: TableOptions = {}): void {
  const padX = options.paddingX ?? DEFAULT_PADDING_X
  const padY = options.paddingY ?? 4
  const baseStyle = options.style ?? {}
  const headerLine = canvas.lineHeight(HEADER_STYLE)
  const headerLines = columns.map((column) => canvas.wrap(column.header.toUpperCase(), column.width - 2 * padX, HEADER_STYLE))
  const headerHeight = Math.max(...headerLines.map((lines) => lines.length)) * headerLine + 2 * padY + 1
  // A row taller than a whole page cannot be kept together: its longest text is cut, ending in "…".
  const maxContent = canvas.pageCapacity - headerHeight - 2 * padY

  const prepared: PreparedRow[] = rows.map((row) => {
    let content = 0
    const cells = columns.map((column, c) => {
      const paragraphs = paragraphsOf(row.cells[c] ?? "").map((p) => {
        const style = { ...baseStyle, ...row.style, ...p.style }
        const lines = column.wrap ? canvas.wrap(p.text, column.width - 2 * padX, style, p.multiline) : [p.text]
        return { lines, style, lineHeight: canvas.lineHeight(style) }
      })
      let height = 0
      for (const p of paragraphs) {
        const room = Math.floor((maxContent - height) / p.lineHeight)
        if (p.lines.length > room) p.lines = truncateLines(canvas, p.lines, room, column.width - 2 * padX, p.style)
        height += p.lines.length * p.lineHeight
      }
      content = Math.max(content, height)
      return paragraphs
    })
    return { row, cells, height: content + 2 * padY }
  })

  const drawHeader = () => {
    const top = canvas.y
    canvas.fillRect(canvas.left, top, canvas.width, headerHeight, THEME.band)
    let x = canvas.left
    columns.forEach((column, c) => {
      headerLines[c].forEach((line, i) => {
        canvas.line(line, x + padX, top + padY + 1 + i * headerLine, column.width - 2 * padX, HEADER_STYLE, column.align)
      })
      x += column.width
    })
    canvas.rule(top + headerHeight, { color: THEME.rule })
    canvas.y = top + headerHeight
  }

  const titleHeight = options.title ? canvas.lineHeight(TITLE_STYLE) + 6 : 0
  canvas.ensureSpace(titleHeight + headerHeight + (prepared[0]?.height ?? 0))
  if (options.title) {
    canvas.line(options.title, canvas.left, canvas.y, canvas.width, TITLE_STYLE)
    canvas.y += titleHeight
  }
  drawHeader()

  prepared.forEach((item, index) => {
    if (canvas.ensureSpace(item.height)) drawHeader()
    const top = canvas.y
    const fill = item.row.fill ?? (options.zebra && index % 2 === 1 ? options.zebra : undefined)
    if (fill) canvas.fillRect(canvas.left, top, canvas.width, item.height, fill)
    let x = canvas.left
    columns.forEach((column, c) => {
      let y = top + padY
      for (const p of item.cells[c]) {
        for (const line of p.lines) {
          canvas.line(line, x + padX, y, column.width - 2 * padX, p.style, column.align)
          y += p.lineHeight
        }
      }
      x += column.width
    })
    canvas.y = top + item.height
    if (!options.zebra) canvas.rule(canvas.y, { color: THEME.rule, thickness: 0.5 })
  })
}
