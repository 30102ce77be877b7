/**
 * File names the PDFs are served and attached under (Content-Disposition,
 * email attachments). Always safe ASCII — letters, digits, ".", "_", "-" —
 * so no path separator, quote or header-breaking character can come from
 * the data, never starting with a dot, and bounded in length.
 */
import { parseIsoDate } from "../domain/dates"

const MAX_PART_LENGTH = 80

/** `value` reduced to [A-Za-z0-9._-]: other runs become one "-", no leading/trailing dots or dashes, at most `max` characters. */
function safePart(value: string, fallback: string, max = MAX_PART_LENGTH): string {
  const ascii = String(value ?? "")
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
  const cleaned = ascii
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/\.{2,}/g, ".")
    .slice(0, max)
    .replace(/^[.-]+|[.-]+$/g, "")
  return cleaned || fallback
}

/** "INV-000123" → "INV-000123.pdf" */
export function invoicePdfFilename(number: string): string {
  return `${safePart(number, "invoice")}.pdf`
}

/** "pi_3QabC…" → "receipt-pi_3QabC….pdf" */
export function receiptPdfFilename(transactionId: string): string {
  return `receipt-${safePart(transactionId, "payment")}.pdf`
}

/** The UTC day of an ISO date for a file name; a value that is not one is still made safe rather than refused. */
function dayPart(value: string): string {
  const date = typeof value === "string" ? parseIsoDate(value) : null
  return date ? date.toISOString().slice(0, 10) : safePart(value, "unknown", 30)
}

/**
 * ("usd", "2026-01-01", "2026-11-30") → "statement-USD-2026-01-01-to-2026-11-30.pdf";
 * no start (all time) → "statement-USD-all-to-2026-11-30.pdf".
 */
export function statementPdfFilename(currency: string, from: string | null, to: string): string {
  const code = safePart(String(currency ?? "").toUpperCase(), "XXX", 8)
  const start = from === null || from === undefined || from === "" ? "all" : dayPart(from)
  return `statement-${code}-${start}-to-${dayPart(to)}.pdf`
}
