import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { deleteCustomerPaymentMethodWorkflow } from "../../../../../workflows/payment-methods/workflows/delete-customer-payment-method"

/** Removes one of the logged-in customer's saved methods; another customer's id is 404. */
export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { result } = await deleteCustomerPaymentMethodWorkflow(req.scope).run({
    input: { customer_id: req.auth_context.actor_id, payment_method_id: req.params.id },
  })
  res.json({ id: result.id, object: "payment_method", deleted: true })
}
