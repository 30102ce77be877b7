import { defineLink } from "@medusajs/framework/utils"
import CustomerModule from "@medusajs/medusa/customer"
import InvoicingModule from "../modules/invoicing"

export default defineLink(
  {
    linkable: InvoicingModule.linkable.customerPayment,
    field: "customer_id",
  },
  CustomerModule.linkable.customer,
  { readOnly: true }
)
