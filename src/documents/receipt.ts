/**
 * The payment receipt PDF: what was paid, how, when, in what state, and
 * where the money went (each invoice paid and by how much, account credit,
 * refunds).
 */
import { businessName, drawCustomer, drawLetterhead, drawSummaryBox, drawTotals, TotalLine } from "./pdf/blocks"
import { PdfCanvas, THEME } from "./pdf/canvas"
import { drawTable, layoutColumns, TableRow } from "./pdf/table"
import { DocumentDataError, formatDateTime, formatMinor, formatMoney, minorOf, parseDocumentDate } from "./format"
import type { ReceiptDocument } from "./types"

/**
 * The line a customer reads to know where the payment stands. A payment
 * money was given back on reads as Stripe's and Invoice Ninja's do:
 * "Refunded" when all of it was, "Partially refunded" when some was.
 */
export function receiptStatusLine(
  payment: Pick<ReceiptDocument["payment"], "status" | "method"> & Partial<Pick<ReceiptDocument["payment"], "amount" | "refunded_amount" | "currency_code">>
): { text: string; color: string } {
  switch (payment.status) {
    case "succeeded": {
      const refunded = payment.refunded_amount && payment.currency_code ? minorOf(payment.refunded_amount, payment.currency_code, "payment.refunded_amount") : 0n
      if (refunded > 0n) {
        const all = refunded >= minorOf(payment.amount ?? "0", payment.currency_code!, "payment.amount")
        return { text: all ? "Refunded" : "Partially refunded", color: THEME.muted }
      }
      return { text: "Paid", color: THEME.paid }
    }
    case "pending":
    case "processing":
      return payment.method?.type === "us_bank_account"
        ? { text: "Pending until the bank settles", color: THEME.draft }
        : { text: "Processing", color: THEME.draft }
    case "reversed":
      return { text: "Returned / reversed", color: THEME.void }
    case "failed":
      return { text: "Failed", color: THEME.void }
    case "canceled":
      return { text: "Canceled", color: THEME.void }
    default: {
      const text = String(payment.status ?? "").replace(/_/g, " ")
      return { text: text ? text.charAt(0).toUpperCase() + text.slice(1) : "Unknown", color: THEME.muted }
    }
  }
}

export async function renderReceiptPdf(data: ReceiptDocument): Promise<Buffer> {
  const { payment, business, customer } = data
  if (!payment || !business || !customer) throw new DocumentDataError("receipt document needs business, customer and payment")
  const currency = payment.currency_code
  const money = (amount: string, field: string) => formatMoney(amount, currency, `payment.${field}`)
  const issuer = businessName(business)
  const status = receiptStatusLine(payment)
  const transactionId = payment.transaction_id || payment.id
  const amount = money(payment.amount, "amount")

  const canvas = new PdfCanvas({
    title: `Receipt ${transactionId}`,
    issuer,
    footer: `Payment receipt ${transactionId} · ${issuer} · Generated ${formatDateTime(data.generated_at, "generated_at")}`,
    createdAt: parseDocumentDate(data.generated_at, "generated_at"),
  })

  drawLetterhead(canvas, business, "PAYMENT RECEIPT", [
    { label: "Transaction ID", value: transactionId },
    { label: "Date", value: formatDateTime(payment.date, "payment.date") },
    { label: "Payment method", value: payment.method?.label || "—" },
    { label: "Status", value: status.text, style: { color: status.color } },
  ])

  const top = canvas.y
  const boxWidth = 230
  const customerBottom = drawCustomer(canvas, "Received from", customer, canvas.left, top, canvas.width - boxWidth - 30)
  const settled = payment.status === "succeeded"
  const boxBottom = drawSummaryBox(
    canvas,
    {
      label: settled ? `Amount paid (${currency.toUpperCase()})` : `Payment amount (${currency.toUpperCase()})`,
      amount,
      caption: `${status.text} · ${payment.method?.label || "—"}`,
    },
    canvas.right - boxWidth,
    top,
    boxWidth
  )
  canvas.y = Math.max(customerBottom, boxBottom) + 24

  const rows: TableRow[] = payment.allocations.map((allocation, i) => ({
    cells: [`Invoice ${allocation.invoice_number}`, money(allocation.amount, `allocations[${i}].amount`)],
  }))
  const credit = minorOf(payment.credit_created, currency, "payment.credit_created") > 0n
  const creditText = credit ? money(payment.credit_created, "credit_created") : ""
  if (rows.length > 0) {
    const columns = layoutColumns(canvas, [
      { header: "Applied to", flex: true },
      { header: "Amount", align: "right", fit: rows.map((r) => r.cells[1] as string), min: 110 },
    ])
    // a reversed payment's allocations are all it had paid, the parts refunded before the reversal included
    const title = payment.status === "reversed" ? "What this payment had paid" : "Where this payment went"
    drawTable(canvas, columns, rows, { title, paddingY: 5 })
    canvas.y += 10
  }

  const totals: TotalLine[] = []
  if (credit) totals.push({ label: "Account credit created", value: creditText })
  const refundedMinor = minorOf(payment.refunded_amount, currency, "payment.refunded_amount")
  const refunded = refundedMinor > 0n
  if (refunded) totals.push({ label: "Refunded", value: money(payment.refunded_amount, "refunded_amount"), muted: true })
  // all that was not refunded: what a return or dispute took back (the ledger's payment_reversal), else the net paid
  const notRefunded = formatMinor(minorOf(payment.amount, currency, "payment.amount") - refundedMinor, currency)
  if (payment.status === "reversed") totals.push({ label: "Reversed", value: notRefunded, muted: true })
  totals.push({ label: settled ? "Total paid" : "Payment amount", value: amount, emphasis: settled && refunded ? "strong" : "total" })
  if (settled && refunded) totals.push({ label: "Net paid", value: notRefunded, emphasis: "total" })
  drawTotals(canvas, totals)
  canvas.y += 14

  const notices: string[] = []
  if (credit) notices.push(`${creditText} was added to your account as credit; it is applied to your next invoices automatically.`)
  if (payment.status === "processing" || payment.status === "pending") {
    notices.push(
      payment.method?.type === "us_bank_account"
        ? "Bank payments take a few business days to settle. The invoices above are marked paid once the bank confirms."
        : "This payment is still being processed."
    )
  }
  if (settled && refunded) {
    notices.push(
      `${money(payment.refunded_amount, "refunded_amount")} was refunded to ${payment.method?.label || "the payment method"}` +
        (rows.length > 0 ? "; the invoices above show what this payment pays now." : ".")
    )
  }
  if (payment.status === "reversed") {
    notices.push(
      refunded
        ? `This payment was returned or reversed: ${notRefunded} (all that was not refunded) is owed again on the invoices above.`
        : "This payment was returned or reversed: the invoices above are due again."
    )
  }
  if (payment.status === "failed") notices.push("This payment did not go through and nothing was charged.")
  for (const notice of notices) {
    canvas.paragraph(notice, { color: THEME.muted }, { multiline: false })
    canvas.y += 3
  }
  if (payment.note?.trim()) {
    canvas.y += 8
    canvas.paragraph(`Note: ${payment.note.trim()}`)
  }
  canvas.y += 10
  canvas.paragraph(
    business.support_email ? `Questions about this payment? Write to ${business.support_email} and quote ${transactionId}.` : `Thank you for your payment to ${issuer}.`,
    { color: THEME.ink },
    { multiline: false }
  )
  return canvas.finish()
}
