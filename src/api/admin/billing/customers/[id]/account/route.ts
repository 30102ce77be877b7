import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { INVOICING_MODULE } from "../../../../../../modules/invoicing"
import type InvoicingModuleService from "../../../../../../modules/invoicing/service"
import { serializeBalance } from "../../../../../utils/serializers"
import { businessTimeZone } from "../../../../../../utils/options"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const customers = req.scope.resolve(Modules.CUSTOMER)
  const [customer] = await customers.listCustomers({ id: req.params.id }, { select: ["id"], take: 1 })
  if (!customer) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Customer with id: ${req.params.id} was not found`)
  }
  const invoicing = req.scope.resolve<InvoicingModuleService>(INVOICING_MODULE)
  const balances = await invoicing.getAccountBalances(customer.id, { now: new Date(), time_zone: businessTimeZone(req.scope) })
  res.json({ account: { customer_id: customer.id, balances: balances.map(serializeBalance) } })
}
