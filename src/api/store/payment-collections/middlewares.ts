import type { MedusaNextFunction, MedusaRequest, MedusaResponse, MiddlewareRoute } from "@medusajs/framework/http"
import { INVOICING_MODULE } from "../../../modules/invoicing"
import type InvoicingModuleService from "../../../modules/invoicing/service"

/**
 * Medusa's own `POST /store/payment-collections/:id/payment-sessions` would
 * replace the sessions of any payment collection — it takes no login, and a
 * collection without a cart passes its region check. The billing plugin's
 * collections belong to customer payments and are only ever touched by the
 * plugin's workflows: such a collection answers 404 there, like an unknown one.
 */
export async function guardBillingPaymentCollections(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const invoicing = req.scope.resolve<InvoicingModuleService>(INVOICING_MODULE)
  const [payment] = await invoicing.listCustomerPayments(
    { payment_collection_id: req.params.id },
    { select: ["id"], take: 1 }
  )
  if (payment) {
    res.status(404).json({ type: "not_found", message: `Payment collection with id: ${req.params.id} was not found` })
    return
  }
  next()
}

export const storePaymentCollectionMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/store/payment-collections/:id/payment-sessions",
    methods: ["POST"],
    middlewares: [guardBillingPaymentCollections],
  },
]
