import type { Attachment, Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { EmailTemplateId } from "../domain/portal-settings"
import { sampleDocumentFor } from "../domain/sample-documents"
import type { DocumentBusiness, ReceiptDocument } from "../documents/types"
import { invoicePdfFilename, receiptPdfFilename, renderInvoicePdf, renderReceiptPdf } from "../documents"
import { loadInvoiceDocumentWorkflow } from "../workflows/documents"

/**
 * The PDFs billing emails carry (DESIGN sec. 10 and 14): the invoice on the
 * invoice email, the receipt on the receipt-type emails. Each is a
 * Notification Module attachment (base64 content), which providers that
 * support attachments (SendGrid, Resend, Medusa Cloud) send as a file.
 *
 * The email matters more than its PDF: when loading or drawing the document
 * fails, the email goes out without it and a warning is logged.
 */

type Resolver = { resolve: MedusaContainer["resolve"] }

export const PDF_CONTENT_TYPE = "application/pdf"

export function pdfAttachment(pdf: Buffer, filename: string): Attachment {
  return { content: pdf.toString("base64"), filename, content_type: PDF_CONTENT_TYPE, disposition: "attachment" }
}

/**
 * How the documents are drawn, behind one object so a test can make drawing
 * fail and see the email still go out (the layout code itself is pure and
 * does not fail on valid data).
 */
export const documentRenderers = {
  invoice: renderInvoicePdf,
  receipt: renderReceiptPdf,
}

async function attachmentOrNone(container: Resolver, what: string, make: () => Promise<Attachment>): Promise<Attachment[]> {
  try {
    return [await make()]
  } catch (e: any) {
    container
      .resolve<Logger>(ContainerRegistrationKeys.LOGGER)
      .warn(`billing: the ${what} PDF could not be made, the email goes without it: ${e?.message}`)
    return []
  }
}

/** The invoice PDF (`INV-000123.pdf`), or no attachment when it cannot be made. */
export function invoicePdfAttachments(container: Resolver, input: { invoice_id: string; customer_id?: string }) {
  return attachmentOrNone(container, `invoice ${input.invoice_id}`, async () => {
    const { result } = await loadInvoiceDocumentWorkflow(container as MedusaContainer).run({
      input: { invoice_id: input.invoice_id, customer_id: input.customer_id },
    })
    const pdf = await documentRenderers.invoice(result)
    return pdfAttachment(pdf, invoicePdfFilename(result.invoice.number))
  })
}

/**
 * The receipt PDF of a payment from data the caller has already read
 * (`document` puts it together), or no attachment when it cannot be made.
 */
export function receiptDocumentAttachments(container: Resolver, paymentId: string, document: () => ReceiptDocument) {
  return attachmentOrNone(container, `receipt ${paymentId}`, async () => {
    const made = document()
    return pdfAttachment(await documentRenderers.receipt(made), receiptPdfFilename(made.payment.transaction_id))
  })
}

/** The sample PDF a template's test email carries (none for templates whose emails carry none). */
export function sampleDocumentAttachments(container: Resolver, template: EmailTemplateId, business: DocumentBusiness, now: Date) {
  const sample = sampleDocumentFor(template, business, now)
  if (!sample) return Promise.resolve([])
  return attachmentOrNone(container, `sample ${sample.kind}`, async () =>
    sample.kind === "invoice"
      ? pdfAttachment(await documentRenderers.invoice(sample.document), invoicePdfFilename(sample.document.invoice.number))
      : pdfAttachment(await documentRenderers.receipt(sample.document), receiptPdfFilename(sample.document.payment.transaction_id))
  )
}
