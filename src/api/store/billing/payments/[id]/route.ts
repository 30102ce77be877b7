import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { INVOICING_MODULE } from "../../../../../modules/invoicing"
import type InvoicingModuleService from "../../../../../modules/invoicing/service"
import { serializePayment } from "../../../../utils/serializers"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const invoicing = req.scope.resolve<InvoicingModuleService>(INVOICING_MODULE)
  const payment = await findOwnPayment(invoicing, req.params.id, req.auth_context.actor_id)
  res.json({ payment: serializePayment(payment) })
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
