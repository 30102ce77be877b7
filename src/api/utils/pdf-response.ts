import type { MedusaResponse } from "@medusajs/framework/http"

/**
 * Answers a rendered document as a download. The file name comes from the
 * documents module (safe ASCII only, so it cannot break the header). A
 * customer's invoices and receipts must not sit in a shared or browser cache
 * (`private, no-store`), and the browser must not guess another type.
 */
export function sendPdf(res: MedusaResponse, pdf: Buffer, filename: string): void {
  res.status(200)
  res.setHeader("Content-Type", "application/pdf")
  res.setHeader("Content-Disposition", `attachment; filename="${filename}"`)
  res.setHeader("Cache-Control", "private, no-store")
  res.setHeader("X-Content-Type-Options", "nosniff")
  res.setHeader("Content-Length", String(pdf.length))
  res.end(pdf)
}
