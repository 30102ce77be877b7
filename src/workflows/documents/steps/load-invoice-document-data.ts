import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { InvoiceDocument } from "../../../documents/types"
import { INVOICE_STATUSES } from "../../../domain/invoice-status"
import { INVOICING_MODULE } from "../../../modules/invoicing"
import type InvoicingModuleService from "../../../modules/invoicing/service"
import { invoiceDocumentPart, LIVE_ALLOCATION_STATUSES } from "../document-data"

export type LoadInvoiceDocumentDataStepInput = {
  invoice_id: string
  /** when given, the invoice must be this customer's (else 404, like one that does not exist) */
  customer_id?: string | null
  /** drafts are shown only when asked (the admin's PDF); otherwise a draft is a 404 */
  include_drafts?: boolean
}

export type InvoiceDocumentData = { customer_id: string; invoice: InvoiceDocument["invoice"] }

export const loadInvoiceDocumentDataStepId = "load-invoice-document-data"

/**
 * The invoice with its lines, and the payments applied to it (or reserved
 * by one still settling): one query for the invoice and its lines, one for
 * its allocations, one for their payments. Released and reversed
 * allocations are not payments of this invoice any more. The scope (the
 * customer, drafts) is part of the invoice query itself, so another
 * customer's invoice and a hidden draft read exactly like a missing one.
 */
export const loadInvoiceDocumentDataStep = createStep(
  loadInvoiceDocumentDataStepId,
  async (input: LoadInvoiceDocumentDataStepInput, { container }) => {
    const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
    const filters: Record<string, unknown> = { id: input.invoice_id }
    if (input.customer_id) filters.customer_id = input.customer_id
    if (!input.include_drafts) filters.status = INVOICE_STATUSES.filter((s) => s !== "draft")
    const [invoice] = await invoicing.listInvoices(filters, { relations: ["lines"], take: 1 })
    if (!invoice) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Invoice with id: ${input.invoice_id} was not found`)
    }
    const allocations = await invoicing.listPaymentAllocations({
      invoice_id: invoice.id,
      status: [...LIVE_ALLOCATION_STATUSES],
    } as any)
    const paymentIds = [...new Set(allocations.map((a: any) => a.customer_payment_id))]
    const payments = paymentIds.length
      ? await invoicing.listCustomerPayments({ id: paymentIds, customer_id: invoice.customer_id })
      : []
    return new StepResponse<InvoiceDocumentData>({
      customer_id: invoice.customer_id,
      invoice: invoiceDocumentPart(invoice, (invoice as any).lines ?? [], allocations, payments),
    })
  }
)
