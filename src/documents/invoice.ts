/**
 * The invoice PDF: letterhead with the invoice's facts, who it is billed
 * to, what is due, the lines, the totals, the payments applied, notes and
 * how to pay. Amounts are printed as given (the loader's figures, exact
 * decimal strings); the one figure derived here is what is left to pay,
 * amount due minus payments still processing (DESIGN sec. 5), in bigint.
 */
import { businessName, drawCustomer, drawLetterhead, drawSectionTitle, drawSummaryBox, drawTotals, Fact, SummaryBox, TotalLine } from "./pdf/blocks"
import { PdfCanvas, TextStyle, THEME } from "./pdf/canvas"
import { drawTable, layoutColumns, TableRow } from "./pdf/table"
import { DocumentDataError, formatDate, formatDateTime, formatMinor, formatMoney, formatQuantity, minorOf, parseDocumentDate } from "./format"
import type { InvoiceDocument, InvoiceStatus } from "./types"
import { DEFAULT_TIME_ZONE } from "../domain/business-day"
import { pastDueCutoff } from "../domain/invoice-status"

const STATUS_LABELS: Record<InvoiceStatus, string> = {
  draft: "Draft",
  open: "Open",
  partially_paid: "Partially paid",
  paid: "Paid",
  void: "Void",
}

/** A payment still settling (ACH) is listed, marked as pending. */
const PENDING_PAYMENT_STATUSES = new Set(["pending", "processing", "requires_action"])

/** The mark an invoice carries in its status box (and, for void and draft, across every page); none while payable. */
export function invoiceStamp(invoice: InvoiceDocument["invoice"]): { text: string; color: string } | null {
  switch (invoice.status) {
    case "paid":
      return { text: "PAID", color: THEME.paid }
    case "void":
      return { text: "VOID", color: THEME.void }
    case "draft":
      return { text: "DRAFT — not issued", color: THEME.draft }
    default:
      return null
  }
}

export async function renderInvoicePdf(data: InvoiceDocument): Promise<Buffer> {
  const { invoice, business, customer } = data
  if (!invoice || !business || !customer) throw new DocumentDataError("invoice document needs business, customer and invoice")
  const status = invoice.status
  if (typeof status !== "string" || !Object.prototype.hasOwnProperty.call(STATUS_LABELS, status)) throw new DocumentDataError(`unknown invoice status ${JSON.stringify(status)}`, "invoice.status")
  const currency = invoice.currency_code
  const money = (amount: string, field: string) => formatMoney(amount, currency, `invoice.${field}`)
  const issuer = businessName(business)
  const number = invoice.number || invoice.id
  const stamp = invoiceStamp(invoice)
  const generatedAt = parseDocumentDate(data.generated_at, "generated_at")

  const canvas = new PdfCanvas({
    title: `Invoice ${number}`,
    issuer,
    footer: `Invoice ${number} · ${issuer} · Generated ${formatDateTime(data.generated_at, "generated_at")}`,
    createdAt: generatedAt,
    watermark: status === "void" ? { text: "VOID", color: THEME.void } : status === "draft" ? { text: "DRAFT", color: THEME.draft } : undefined,
  })

  // ---- letterhead
  const due = money(invoice.amount_due, "amount_due")
  const dueMinor = minorOf(invoice.amount_due, currency, "invoice.amount_due")
  const pendingMinor = minorOf(invoice.amount_pending, currency, "invoice.amount_pending")
  // What the customer can still pay: the amount due includes payments still settling (DESIGN sec. 5).
  const payableMinor = dueMinor - pendingMinor
  const payable = formatMinor(payableMinor > 0n ? payableMinor : 0n, currency)
  const payableStatus = status === "open" || status === "partially_paid"
  const toPay = payableStatus && payableMinor > 0n
  const dueDate = invoice.due_at ? formatDate(invoice.due_at, "invoice.due_at") : null
  // past due once the due date's day is over where the business is (is_overdue's rule)
  const pastDueFrom = pastDueCutoff(generatedAt, data.business.time_zone ?? DEFAULT_TIME_ZONE)
  const overdue = toPay && invoice.due_at !== null && parseDocumentDate(invoice.due_at, "invoice.due_at") < pastDueFrom
  const facts: Fact[] = [
    { label: "Invoice number", value: number },
    { label: "Issue date", value: invoice.issued_at ? formatDate(invoice.issued_at, "invoice.issued_at") : "Not issued" },
    { label: "Due date", value: dueDate ?? "No due date" },
    {
      label: "Status",
      value: overdue ? `${STATUS_LABELS[status]} · Overdue` : STATUS_LABELS[status],
      style: stamp ? { color: stamp.color } : overdue ? { color: THEME.void } : {},
    },
  ]
  const voidedOn = status === "void" && invoice.voided_at ? formatDate(invoice.voided_at, "invoice.voided_at") : null
  if (voidedOn) facts.push({ label: "Voided on", value: voidedOn, style: { color: THEME.void } })
  drawLetterhead(canvas, business, "INVOICE", facts)

  // ---- bill to | amount due
  const top = canvas.y
  const boxWidth = 230
  const customerBottom = drawCustomer(canvas, "Bill to", customer, canvas.left, top, canvas.width - boxWidth - 30)
  const code = currency.toUpperCase()
  let box: SummaryBox
  if (status === "paid") {
    box = { label: "Status", stamp: stamp!, caption: `Paid in full: ${money(invoice.total, "total")} received. Thank you.` }
  } else if (status === "void") {
    box = { label: "Status", stamp: stamp!, caption: voidedOn ? `Voided on ${voidedOn}. Nothing to pay.` : "This invoice was voided. Nothing to pay." }
  } else if (status === "draft") {
    box = { label: `Amount due (${code})`, amount: due, stamp: stamp!, caption: "Preview only: this invoice has not been sent to the customer." }
  } else {
    const when = dueDate ? `${overdue ? "Was due" : "Due"} ${dueDate}` : "No due date"
    box = {
      label: `Amount due (${code})`,
      amount: due,
      caption: pendingMinor > 0n ? `${when}. ${money(invoice.amount_pending, "amount_pending")} is processing; ${payable} left to pay.` : when,
    }
  }
  const boxBottom = drawSummaryBox(canvas, box, canvas.right - boxWidth, top, boxWidth)
  canvas.y = Math.max(customerBottom, boxBottom) + 20

  // ---- lines
  const lineRows: TableRow[] = invoice.lines.map((line, i) => ({
    cells: [
      [
        { text: line.title || "—", style: { font: "Helvetica-Bold" } },
        ...(line.description ? [{ text: line.description, style: { color: THEME.muted, size: THEME.small }, multiline: true }] : []),
      ],
      line.service_date ? formatDate(line.service_date, `invoice.lines[${i}].service_date`) : "",
      formatQuantity(line.quantity, `invoice.lines[${i}].quantity`),
      money(line.unit_price, `lines[${i}].unit_price`),
      money(line.total, `lines[${i}].total`),
    ],
  }))
  const columns = layoutColumns(canvas, [
    { header: "Description", flex: true, wrap: true },
    { header: "Service date", fit: lineRows.map((r) => r.cells[1] as string), min: 70 },
    { header: "Qty", align: "right", fit: lineRows.map((r) => r.cells[2] as string), min: 38 },
    { header: "Unit price", align: "right", fit: lineRows.map((r) => r.cells[3] as string), min: 74 },
    { header: "Amount", align: "right", fit: lineRows.map((r) => r.cells[4] as string), min: 80 },
  ])
  if (lineRows.length === 0) lineRows.push({ cells: [{ text: "No lines", style: { color: THEME.muted } }, "", "", "", ""] })
  drawTable(canvas, columns, lineRows, { paddingY: 4 })
  canvas.y += 6

  // ---- totals
  const totals: TotalLine[] = [
    { label: "Subtotal", value: money(invoice.subtotal, "subtotal") },
    { label: "Tax", value: money(invoice.tax_total, "tax_total") },
    { label: "Total", value: money(invoice.total, "total"), emphasis: "strong" },
  ]
  if (status !== "draft") totals.push({ label: "Amount paid", value: money(invoice.amount_paid, "amount_paid") })
  if (pendingMinor > 0n) totals.push({ label: "Payments processing", value: money(invoice.amount_pending, "amount_pending"), muted: true })
  totals.push({ label: "Amount due", value: due, emphasis: "total" })
  drawTotals(canvas, totals, {
    footnote:
      pendingMinor > 0n && payableStatus
        ? `Includes ${money(invoice.amount_pending, "amount_pending")} still processing. Left to pay: ${payable}.`
        : undefined,
  })
  canvas.y += 18

  // ---- payments
  if (invoice.payments.length > 0) {
    const paymentRows: TableRow[] = invoice.payments.map((payment, i) => {
      const isPending = PENDING_PAYMENT_STATUSES.has(payment.status)
      return {
        cells: [
          formatDate(payment.date, `invoice.payments[${i}].date`),
          payment.method_label || "—",
          payment.transaction_id,
          isPending ? { text: "Pending", style: { color: THEME.draft, font: "Helvetica-Bold" } } : payment.status === "succeeded" ? "Applied" : capitalize(payment.status),
          money(payment.amount, `payments[${i}].amount`),
        ],
      }
    })
    const paymentColumns = layoutColumns(canvas, [
      { header: "Date", fit: paymentRows.map((r) => r.cells[0] as string), min: 70 },
      { header: "Method", flex: true },
      { header: "Transaction ID", fit: invoice.payments.map((p) => p.transaction_id), min: 120 },
      { header: "Status", min: 62 },
      { header: "Amount", align: "right", fit: paymentRows.map((r) => r.cells[4] as string), min: 80 },
    ])
    drawTable(canvas, paymentColumns, paymentRows, { title: "Payments applied", paddingY: 5 })
    canvas.y += 18
  }

  // ---- notes
  if (invoice.notes?.trim()) {
    drawSectionTitle(canvas, "Notes", canvas.lineHeight() * 2)
    canvas.paragraph(invoice.notes.trim(), { color: THEME.ink })
    canvas.y += 18
  }

  // ---- how to pay
  const contact = business.support_email ? `Questions about this invoice? Write to ${business.support_email}.` : null
  if (payableStatus) {
    const link: TextStyle = { font: "Helvetica-Bold", color: THEME.accent }
    const lines: { text: string; style?: TextStyle }[] = []
    if (toPay) {
      lines.push({ text: `Please pay ${payable}${dueDate ? ` by ${dueDate}` : ""} and quote invoice ${number}.` })
      if (business.portal_url) lines.push({ text: "Pay online by card or bank account:" }, { text: business.portal_url, style: link })
      else lines.push({ text: `Contact ${issuer} to arrange payment.` })
    } else {
      lines.push({ text: "Nothing to pay now: the payments made cover this invoice." })
    }
    if (contact) lines.push({ text: contact })
    drawSectionTitle(canvas, "How to pay", canvas.lineHeight() * lines.length + 4)
    for (const { text, style } of lines) {
      // a URL stays on one line (drawn smaller if it must) so it can be copied whole
      if (style === link) {
        canvas.ensureSpace(canvas.lineHeight(link))
        canvas.line(text, canvas.left, canvas.y, canvas.width, link)
        canvas.y += canvas.lineHeight(link) + 2
      } else {
        canvas.paragraph(text, {}, { multiline: false })
        canvas.y += 2
      }
    }
  } else if (status === "paid") {
    drawSectionTitle(canvas, "How to pay", canvas.lineHeight() * 2)
    canvas.paragraph("Nothing to pay: this invoice is paid in full. Thank you.", {}, { multiline: false })
    if (contact) canvas.paragraph(contact, {}, { multiline: false })
  } else if (status === "void" && contact) {
    drawSectionTitle(canvas, "Questions", canvas.lineHeight())
    canvas.paragraph(contact, {}, { multiline: false })
  }

  return canvas.finish()
}

function capitalize(text: string): string {
  const spaced = String(text ?? "").replace(/_/g, " ")
  return spaced.charAt(0).toUpperCase() + spaced.slice(1)
}
