import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { MoneyError, toMinor } from "../../../../../../domain/money"
import { INVOICING_MODULE } from "../../../../../../modules/invoicing"
import type InvoicingModuleService from "../../../../../../modules/invoicing/service"
import { serializePayment } from "../../../../../utils/serializers"
import { AdminRecordInvoicePaymentType } from "../../../validators"

/**
 * Records a payment received outside the portal (check, cash, bank transfer)
 * against one invoice. The same rules as the portal: the invoice is locked,
 * the amount must be positive and at most what is still payable on it.
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminRecordInvoicePaymentType>, res: MedusaResponse) => {
  const invoicing = req.scope.resolve<InvoicingModuleService>(INVOICING_MODULE)
  const invoice = await invoicing.retrieveInvoice(req.params.id, { select: ["id", "customer_id", "currency_code"] })
  const body = req.validatedBody
  let amount: bigint
  try {
    amount = toMinor(body.amount, invoice.currency_code, "amount")
  } catch (e) {
    if (e instanceof MoneyError) throw new MedusaError(MedusaError.Types.INVALID_DATA, e.message)
    throw e
  }
  if (amount <= 0n) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "amount must be greater than 0")
  }
  const payment = await invoicing.recordSucceededPayment({
    customer_id: invoice.customer_id,
    currency_code: invoice.currency_code,
    amount,
    allocations: [{ invoice_id: invoice.id, amount }],
    method: body.method,
    source: "admin",
    mode: "selected_invoices",
    transaction_id: body.reference ?? null,
    note: body.note ?? null,
    occurred_at: body.received_at ?? new Date(),
  })
  res.status(201).json({ payment: serializePayment(payment) })
}
