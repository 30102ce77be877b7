import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { INVOICING_MODULE } from "../../../../../modules/invoicing"
import type InvoicingModuleService from "../../../../../modules/invoicing/service"
import { serializeInvoice } from "../../../../utils/serializers"
import { STORE_INVOICE_STATUSES } from "../../validators"
import { businessTimeZone } from "../../../../../utils/options"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const invoicing = req.scope.resolve<InvoicingModuleService>(INVOICING_MODULE)
  // Scoped by customer and visibility in the query itself: another customer's
  // invoice and a draft are indistinguishable from one that does not exist.
  const [invoice] = await invoicing.listInvoices(
    { id: req.params.id, customer_id: req.auth_context.actor_id, status: [...STORE_INVOICE_STATUSES] },
    { relations: ["lines", "allocations"], take: 1 }
  )
  if (!invoice) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Invoice with id: ${req.params.id} was not found`)
  }
  res.json({ invoice: serializeInvoice(invoice, new Date(), businessTimeZone(req.scope)) })
}
