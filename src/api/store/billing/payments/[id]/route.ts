import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { INVOICING_MODULE } from "../../../../../modules/invoicing"
import type InvoicingModuleService from "../../../../../modules/invoicing/service"
import { receiptNextAction } from "../../../../../workflows/payments/steps/charge-customer-payment"
import { serializePayment } from "../../../../utils/serializers"

/**
 * A receipt. A pending payment the customer must still act on elsewhere
 * (Stripe ACH micro-deposits) carries that `next_action`: the hosted
 * verification page and nothing else of the provider's data.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const invoicing = req.scope.resolve<InvoicingModuleService>(INVOICING_MODULE)
  const payment = await findOwnPayment(invoicing, req.params.id, req.auth_context.actor_id)
  const next_action = payment.status === "pending" ? await receiptNextAction(req.scope, payment.id) : null
  res.json({ payment: serializePayment(payment, { next_action }) })
}

/** The customer's own payment, or the same 404 whether it is someone else's or does not exist. */
export async function findOwnPayment(invoicing: InvoicingModuleService, id: string, customerId: string) {
  const [payment] = await invoicing.listCustomerPayments(
    { id, customer_id: customerId },
    { relations: ["allocations"], take: 1 }
  )
  if (!payment) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Payment with id: ${id} was not found`)
  }
  return payment
}
