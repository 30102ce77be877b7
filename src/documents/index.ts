/**
 * Billing documents (DESIGN sec. 14): invoice, payment receipt and account
 * statement PDFs, drawn from the plain data in ./types.
 *
 * Pure: no database, no network, no clock (every date comes from the data,
 * including the PDF's creation date, so the same data gives the same
 * bytes). Fonts are the standard Helvetica family pdfkit ships; see ./text
 * for what they can print. Every renderer throws (DocumentDataError,
 * StatementError) on data it cannot print faithfully — a malformed amount
 * or date, a statement that does not add up — instead of printing it.
 */
export { renderInvoicePdf } from "./invoice"
export { renderReceiptPdf, receiptStatusLine } from "./receipt"
export { renderStatementPdf, statementPeriodLabel } from "./statement"
export { invoicePdfFilename, receiptPdfFilename, statementPdfFilename } from "./filenames"
export { DocumentDataError, formatDate, formatDateTime, formatMoney, formatQuantity } from "./format"
export { toDrawableText } from "./text"
export { StatementError } from "../domain/statement"
export type * from "./types"
