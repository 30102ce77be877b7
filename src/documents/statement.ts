/**
 * The account statement PDF: opening balance, every ledger entry of the
 * period with the running balance, closing balance and the aging of what is
 * open. The data is checked first (src/domain/statement.ts): a statement
 * that does not add up is refused, never printed.
 */
import { AGING_BUCKET_KEYS, AgingBucketKey, checkStatement, StatementError } from "../domain/statement"
import { businessName, drawCustomer, drawLetterhead, LABEL_STYLE } from "./pdf/blocks"
import { PdfCanvas, TextStyle, THEME } from "./pdf/canvas"
import { drawTable, layoutColumns, TableRow } from "./pdf/table"
import { DocumentDataError, formatDate, formatDateTime, formatMinor, formatMoney, minorOf, parseDocumentDate, signOf } from "./format"
import type { StatementDocument } from "./types"

export const AGING_LABELS: Record<AgingBucketKey, string> = {
  current: "Current",
  "1_30": "1–30 days",
  "31_60": "31–60 days",
  "61_90": "61–90 days",
  "90_plus": "90+ days",
}

/** "All time through Nov 30, 2026", "Jan 1, 2026 – Nov 30, 2026", "Since your balance was last zero (Mar 3, 2026) through Nov 30, 2026". */
export function statementPeriodLabel(period: StatementDocument["period"]): string {
  const to = formatDate(period.to, "period.to")
  const from = period.from ? formatDate(period.from, "period.from") : null
  switch (period.kind) {
    case "all_time":
      return `All time through ${to}`
    case "since_zero":
      return from ? `Since your balance was last zero (${from}) through ${to}` : `Since your balance was last zero, through ${to}`
    case "range":
      return from ? `${from} – ${to}` : `All time through ${to}`
    default:
      throw new DocumentDataError(`unknown statement period kind ${JSON.stringify((period as { kind: unknown }).kind)}`, "period.kind")
  }
}

/** Aging amounts by bucket, refusing unknown or repeated buckets and a total that is not their sum. */
function agingAmounts(data: StatementDocument): Record<AgingBucketKey, string> {
  const currency = data.currency_code
  const amounts = Object.fromEntries(AGING_BUCKET_KEYS.map((key) => [key, "0"])) as Record<AgingBucketKey, string>
  const seen = new Set<string>()
  let sum = 0n
  data.aging.buckets.forEach((bucket, i) => {
    if (!(AGING_BUCKET_KEYS as readonly string[]).includes(bucket.key) || seen.has(bucket.key)) {
      throw new StatementError(`aging.buckets[${i}] has an unknown or repeated key ${JSON.stringify(bucket.key)}`)
    }
    seen.add(bucket.key)
    sum += minorOf(bucket.amount, currency, `aging.buckets[${i}].amount`)
    amounts[bucket.key] = bucket.amount
  })
  const total = minorOf(data.aging.total, currency, "aging.total")
  if (total !== sum) {
    throw new StatementError(
      `Statement aging does not add up: total is ${formatMinor(total, currency)}, but its buckets sum to ${formatMinor(sum, currency)}`
    )
  }
  return amounts
}

export async function renderStatementPdf(data: StatementDocument): Promise<Buffer> {
  const { business, customer } = data
  if (!business || !customer || !data.period || !data.aging || !Array.isArray(data.entries)) {
    throw new DocumentDataError("statement document needs business, customer, period, entries and aging")
  }
  const currency = data.currency_code
  const money = (amount: string, field: string) => formatMoney(amount, currency, field)
  // Refuse data that does not add up before drawing anything.
  const totals = checkStatement({
    currency_code: currency,
    opening_balance: data.opening_balance,
    entries: data.entries,
    closing_balance: data.closing_balance,
  })
  const aging = agingAmounts(data)
  const issuer = businessName(business)
  const periodLabel = statementPeriodLabel(data.period)
  const code = currency.toUpperCase()
  const closing = money(data.closing_balance, "closing_balance")

  const canvas = new PdfCanvas({
    title: `Statement ${code} through ${formatDate(data.period.to, "period.to")}`,
    issuer,
    footer: `Statement ${code} · ${periodLabel} · ${issuer} · Generated ${formatDateTime(data.generated_at, "generated_at")}`,
    createdAt: parseDocumentDate(data.generated_at, "generated_at"),
  })

  drawLetterhead(canvas, business, "STATEMENT", [
    { label: "Statement date", value: formatDate(data.period.to, "period.to") },
    { label: "Currency", value: code },
    { label: "Balance", value: closing },
  ])

  // ---- customer and period | account summary
  const top = canvas.y
  const summaryWidth = 260
  const leftWidth = canvas.width - summaryWidth - 30
  let leftBottom = drawCustomer(canvas, "Statement for", customer, canvas.left, top, leftWidth) + 12
  canvas.line("PERIOD", canvas.left, leftBottom, leftWidth, LABEL_STYLE)
  leftBottom += canvas.lineHeight(LABEL_STYLE) + 2
  for (const line of canvas.wrap(periodLabel, leftWidth)) {
    canvas.line(line, canvas.left, leftBottom, leftWidth)
    leftBottom += canvas.lineHeight()
  }

  const summary: { label: string; value: string; bold?: boolean }[] = [
    { label: "Opening balance", value: money(data.opening_balance, "opening_balance") },
    { label: "Charges", value: money(totals.charges, "charges") },
    { label: "Payments and credits", value: money(totals.credits, "credits") },
    { label: "Closing balance", value: closing, bold: true },
  ]
  const pad = 12
  const x = canvas.right - summaryWidth
  const rowHeight = canvas.lineHeight() + 5
  const boxHeight = pad + canvas.lineHeight(LABEL_STYLE) + 6 + summary.length * rowHeight + pad - 4
  canvas.fillRect(x, top, summaryWidth, boxHeight, THEME.band)
  let y = top + pad
  canvas.line("ACCOUNT SUMMARY", x + pad, y, summaryWidth - 2 * pad, LABEL_STYLE)
  y += canvas.lineHeight(LABEL_STYLE) + 6
  for (const row of summary) {
    const style: TextStyle = row.bold ? { font: "Helvetica-Bold", size: 10 } : {}
    if (row.bold) canvas.rule(y - 3, { x: x + pad, width: summaryWidth - 2 * pad, color: THEME.ink, thickness: 0.5 })
    const valueWidth = (summaryWidth - 2 * pad) * 0.55
    canvas.line(row.label, x + pad, y, summaryWidth - 2 * pad - valueWidth, style)
    canvas.line(row.value, x + summaryWidth - pad - valueWidth, y, valueWidth, style, "right")
    y += rowHeight
  }
  canvas.y = Math.max(leftBottom, top + boxHeight) + 24

  // ---- activity
  const rows: TableRow[] = [
    {
      cells: [data.period.from ? formatDate(data.period.from, "period.from") : "", "Opening balance", "", "", money(data.opening_balance, "opening_balance")],
      style: { font: "Helvetica-Bold" },
    },
  ]
  data.entries.forEach((entry, i) => {
    const amount = money(entry.amount, `entries[${i}].amount`)
    const charge = signOf(entry.amount, currency) > 0
    rows.push({
      cells: [
        formatDate(entry.occurred_at, `entries[${i}].occurred_at`),
        entry.description || entry.type,
        charge ? amount : "",
        charge ? "" : amount,
        money(entry.balance_after, `entries[${i}].balance_after`),
      ],
    })
  })
  if (data.entries.length === 0) rows.push({ cells: ["", { text: "No activity in this period", style: { color: THEME.muted } }, "", "", ""] })
  rows.push({
    cells: [formatDate(data.period.to, "period.to"), "Closing balance", "", "", closing],
    style: { font: "Helvetica-Bold" },
    fill: THEME.band,
  })
  const columns = layoutColumns(canvas, [
    { header: "Date", fit: rows.map((r) => r.cells[0] as string), min: 64 },
    { header: "Description", flex: true, wrap: true },
    { header: "Charges", align: "right", fit: rows.map((r) => r.cells[2] as string), min: 70 },
    { header: "Payments & credits", align: "right", fit: rows.map((r) => r.cells[3] as string), min: 74 },
    { header: "Balance", align: "right", fit: rows.map((r) => r.cells[4] as string), min: 78 },
  ])
  drawTable(canvas, columns, rows, { title: "Account activity", paddingY: 3.5, zebra: "#f8f9fb" })
  canvas.y += 22

  // ---- aging
  const agingValues = AGING_BUCKET_KEYS.map((key) => money(aging[key], `aging.${key}`))
  const agingTotal = money(data.aging.total, "aging.total")
  const agingColumns = layoutColumns(
    canvas,
    [...AGING_BUCKET_KEYS.map((key, i) => ({ header: AGING_LABELS[key], align: "right" as const, fit: [agingValues[i]] })), { header: "Total", align: "right" as const, fit: [agingTotal] }].map(
      (spec) => ({ ...spec, min: canvas.width / 6 })
    )
  )
  drawTable(canvas, agingColumns, [{ cells: [...agingValues, { text: agingTotal, style: { font: "Helvetica-Bold" } }] }], {
    title: `Aging of open invoices as of ${formatDate(data.aging.as_of, "aging.as_of")}`,
    paddingY: 6,
  })
  canvas.y += 16
  if (business.portal_url) canvas.paragraph(`See your invoices and pay online at ${business.portal_url}`, { color: THEME.muted }, { multiline: false })
  if (business.support_email) canvas.paragraph(`Questions about this statement? Write to ${business.support_email}.`, { color: THEME.muted }, { multiline: false })
  return canvas.finish()
}
